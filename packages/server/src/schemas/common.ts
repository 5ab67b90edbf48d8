import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** `T | null` for response and request schemas. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * The largest record id: ids are 32-bit in both stores (PostgreSQL's
 * `integer` identity columns; SQLite's counters start at 1 and a copy to
 * PostgreSQL must fit), so a larger one names no record on either.
 */
export const MAX_ID = 2_147_483_647;

/**
 * A record id. The maximum refuses an id no record can have with VALIDATION
 * on every store alike (PostgreSQL would refuse it with 22003 "out of range
 * for type integer"), and keeps out a query's "Infinity", which Ajv's
 * coercion makes a number that passes as an integer.
 */
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

export const Lng = Type.Number({ minimum: -180, maximum: 180 });
export const Lat = Type.Number({ minimum: -90, maximum: 90 });
export const LngLat = Type.Tuple([Type.Number(), Type.Number()], { description: '[lng, lat], WGS-84' });

/** Any JSON value (audit before/after, run params). */
export const AnyJson = Type.Unknown();

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
      requestId: Type.String(),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** The error responses every route may give, documented once. */
export const errorResponses = {
  '4xx': Type.Ref('ErrorResponse'),
  '5xx': Type.Ref('ErrorResponse'),
};

export const AreaGeometry = Type.Object(
  { type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]), coordinates: Type.Array(Type.Unknown()) },
  { description: 'GeoJSON Polygon or MultiPolygon, WGS-84' },
);

export const District = Type.Object({
  id: Id,
  code: Nullable(Type.String()),
  name: Type.String(),
  boundary: Nullable(AreaGeometry),
});
export const Street = Type.Object({
  id: Id,
  districtId: Id,
  code: Nullable(Type.String()),
  name: Type.String(),
  kind: Type.String(),
  boundary: Nullable(AreaGeometry),
});

export const OutletStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('closed'),
  Type.Literal('rejected'),
]);

const publicOutletFields = {
  id: Id,
  name: Type.String(),
  categoryIds: Type.Array(Type.String()),
  address: Nullable(Type.String()),
  location: LngLat,
  openingHours: Nullable(Type.String()),
  services: Type.Array(Type.String()),
  phone: Nullable(Type.String()),
  streetId: Nullable(Type.Integer()),
  lastVerified: Nullable(Type.String()),
  updatedAt: Type.String(),
};
/** What residents see of an outlet. */
export const PublicOutlet = Type.Object(publicOutletFields);
/** The whole outlet record, for its merchant and the staff. */
export const Outlet = Type.Object({
  ...publicOutletFields,
  status: OutletStatus,
  rejectReason: Nullable(Type.String()),
  source: Type.String(),
  externalId: Nullable(Type.String()),
  merchantId: Nullable(Type.Integer()),
  createdAt: Type.String(),
});
export const NearbyOutlet = Type.Object({
  ...publicOutletFields,
  walkM: Type.Number(),
  walkMinutes: Type.Number(),
  isOpenNow: Nullable(Type.Boolean()),
});

export const Role = Type.Union([Type.Literal('commission'), Type.Literal('street_office'), Type.Literal('merchant')]);
export const User = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  streetId: Nullable(Type.Integer()),
  merchantId: Nullable(Type.Integer()),
  isDisabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String(),
});

export const FeedbackStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved')]);
export const Report = Type.Object({
  id: Id,
  outletId: Id,
  kind: Type.String(),
  message: Nullable(Type.String()),
  streetId: Nullable(Type.Integer()),
  status: FeedbackStatus,
  createdAt: Type.String(),
});
export const ServiceRequest = Type.Object({
  id: Id,
  categoryId: Nullable(Type.String()),
  need: Type.String(),
  location: LngLat,
  message: Nullable(Type.String()),
  streetId: Nullable(Type.Integer()),
  status: FeedbackStatus,
  createdAt: Type.String(),
});
export const SurveyQuestion = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  text: Type.String({ minLength: 1, maxLength: 500 }),
  kind: Type.Union([Type.Literal('rating'), Type.Literal('choice'), Type.Literal('text')]),
  options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
});
export const Survey = Type.Object({
  id: Id,
  title: Type.String(),
  streetId: Nullable(Type.Integer()),
  questions: Type.Array(SurveyQuestion),
  isOpen: Type.Boolean(),
  createdAt: Type.String(),
});
export const FieldCheck = Type.Object({
  categoryId: Type.String(),
  isPresent: Type.Boolean(),
  note: Nullable(Type.String({ maxLength: 1000 })),
});
export const FieldEvaluation = Type.Object({
  id: Id,
  circleId: Id,
  streetId: Id,
  userId: Id,
  visitedOn: Type.String(),
  checks: Type.Array(FieldCheck),
  notes: Nullable(Type.String()),
  photos: Type.Array(Type.String()),
  createdAt: Type.String(),
});
export const AnalysisRun = Type.Object({
  id: Id,
  kind: Type.String(),
  status: Type.String(),
  networkId: Nullable(Type.Integer()),
  params: Type.Record(Type.String(), Type.Unknown()),
  summary: Nullable(Type.Record(Type.String(), Type.Unknown())),
  error: Nullable(Type.String()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
export const AuditEntry = Type.Object({
  id: Id,
  at: Type.String(),
  userId: Nullable(Type.Integer()),
  action: Type.String(),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  before: AnyJson,
  after: AnyJson,
  requestId: Nullable(Type.String()),
});

/** `YYYY-MM-DD`. */
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
