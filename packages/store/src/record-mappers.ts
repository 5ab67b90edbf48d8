import type {
  AccessResult,
  AnalysisRun,
  AreaGeometry,
  AuditEntry,
  Building,
  Circle,
  Committee,
  Compound,
  District,
  FeedbackStatus,
  FieldCheck,
  FieldEvaluation,
  LngLat,
  Merchant,
  NetworkInfo,
  Outlet,
  OutletStatus,
  ReportKind,
  ResidentReport,
  Role,
  RunStatus,
  Scenario,
  ScenarioEdit,
  ServiceRequest,
  Session,
  Street,
  StreetKind,
  Survey,
  SurveyQuestion,
  SurveyResponse,
  User,
} from '@lifecircle/shared';

/** One result row as column name → value, as a driver returns it. */
export type DbRow = Record<string, unknown>;

/**
 * How one store's driver hands back the columns whose form differs between
 * the stores; everything else (ids, text, numbers, NULL) arrives alike.
 */
export interface ColumnReader {
  /** A boolean column (SQLite: 0/1). */
  flag(value: unknown): boolean;
  /** An object or array column (SQLite: JSON text; PostgreSQL: already parsed). SQL NULL is null. */
  json<T>(value: unknown): T;
  /** The row's position (SQLite: `lng`/`lat` columns; PostGIS: the `location` point). */
  location(row: DbRow): LngLat;
  /** An area column, or null. */
  area(value: unknown): AreaGeometry | null;
  /** A list of positions (compound gates; PostGIS: a MultiPoint). */
  positions(value: unknown): LngLat[];
}

/**
 * The table row → domain record mappings of both stores, written once over
 * a ColumnReader, so the stores cannot drift apart in what a row means.
 * Names follow the tables (`circleFromRow` expects `street_ids` and
 * `committee_ids`, `outletFromRow` expects `category_ids`, as both stores'
 * queries select them).
 */
export function recordMappers(read: ColumnReader) {
  const nullable = <T>(value: unknown) => value as T | null;
  // The resident figures and provenance compounds and buildings share.
  const population = (r: DbRow) => ({
    households: nullable<number>(r.households),
    residents: r.residents as number,
    age0to14: nullable<number>(r.age_0_14),
    age15to59: nullable<number>(r.age_15_59),
    age60plus: nullable<number>(r.age_60_plus),
    isEstimated: read.flag(r.is_estimated),
    source: r.source as string,
    externalId: nullable<string>(r.external_id),
  });
  return {
    districtFromRow: (r: DbRow): District => ({
      id: r.id as number,
      code: nullable<string>(r.code),
      name: r.name as string,
      boundary: read.area(r.boundary),
    }),
    streetFromRow: (r: DbRow): Street => ({
      id: r.id as number,
      districtId: r.district_id as number,
      code: nullable<string>(r.code),
      name: r.name as string,
      kind: r.kind as StreetKind,
      boundary: read.area(r.boundary),
    }),
    committeeFromRow: (r: DbRow): Committee => ({
      id: r.id as number,
      streetId: r.street_id as number,
      code: nullable<string>(r.code),
      name: r.name as string,
      boundary: read.area(r.boundary),
    }),
    circleFromRow: (r: DbRow): Circle => ({
      id: r.id as number,
      districtId: r.district_id as number,
      code: nullable<string>(r.code),
      name: r.name as string,
      boundary: read.area(r.boundary),
      streetIds: read.json<number[]>(r.street_ids),
      committeeIds: read.json<number[]>(r.committee_ids),
    }),
    compoundFromRow: (r: DbRow): Compound => ({
      id: r.id as number,
      name: r.name as string,
      streetId: nullable<number>(r.street_id),
      committeeId: nullable<number>(r.committee_id),
      circleId: nullable<number>(r.circle_id),
      location: read.location(r),
      outline: read.area(r.outline),
      gates: read.positions(r.gates),
      ...population(r),
    }),
    buildingFromRow: (r: DbRow): Building => ({
      id: r.id as number,
      compoundId: nullable<number>(r.compound_id),
      streetId: nullable<number>(r.street_id),
      location: read.location(r),
      footprintM2: r.footprint_m2 as number,
      levels: r.levels as number,
      ...population(r),
    }),
    outletFromRow: (r: DbRow): Outlet => ({
      id: r.id as number,
      name: r.name as string,
      categoryIds: read.json<string[]>(r.category_ids),
      address: nullable<string>(r.address),
      location: read.location(r),
      openingHours: nullable<string>(r.opening_hours),
      services: read.json<string[]>(r.services),
      phone: nullable<string>(r.phone),
      status: r.status as OutletStatus,
      rejectReason: nullable<string>(r.reject_reason),
      source: r.source as string,
      externalId: nullable<string>(r.external_id),
      lastVerified: nullable<string>(r.last_verified),
      merchantId: nullable<number>(r.merchant_id),
      streetId: nullable<number>(r.street_id),
      createdAt: r.created_at as string,
      updatedAt: r.updated_at as string,
    }),
    merchantFromRow: (r: DbRow): Merchant => ({
      id: r.id as number,
      name: r.name as string,
      contactName: nullable<string>(r.contact_name),
      phone: nullable<string>(r.phone),
      createdAt: r.created_at as string,
    }),
    userFromRow: (r: DbRow): User => ({
      id: r.id as number,
      username: r.username as string,
      displayName: r.display_name as string,
      role: r.role as Role,
      streetId: nullable<number>(r.street_id),
      merchantId: nullable<number>(r.merchant_id),
      passwordHash: r.password_hash as string,
      isDisabled: read.flag(r.is_disabled),
      mustChangePassword: read.flag(r.must_change_password),
      createdAt: r.created_at as string,
    }),
    sessionFromRow: (r: DbRow): Session => ({
      tokenHash: r.token_hash as string,
      userId: r.user_id as number,
      createdAt: r.created_at as string,
      expiresAt: r.expires_at as string,
    }),
    reportFromRow: (r: DbRow): ResidentReport => ({
      id: r.id as number,
      outletId: r.outlet_id as number,
      kind: r.kind as ReportKind,
      message: nullable<string>(r.message),
      streetId: nullable<number>(r.street_id),
      status: r.status as FeedbackStatus,
      createdAt: r.created_at as string,
    }),
    serviceRequestFromRow: (r: DbRow): ServiceRequest => ({
      id: r.id as number,
      categoryId: nullable<string>(r.category_id),
      need: r.need as string,
      location: read.location(r),
      message: nullable<string>(r.message),
      streetId: nullable<number>(r.street_id),
      status: r.status as FeedbackStatus,
      createdAt: r.created_at as string,
    }),
    surveyFromRow: (r: DbRow): Survey => ({
      id: r.id as number,
      title: r.title as string,
      streetId: nullable<number>(r.street_id),
      questions: read.json<SurveyQuestion[]>(r.questions),
      isOpen: read.flag(r.is_open),
      createdAt: r.created_at as string,
    }),
    surveyResponseFromRow: (r: DbRow): SurveyResponse => ({
      id: r.id as number,
      surveyId: r.survey_id as number,
      streetId: nullable<number>(r.street_id),
      answers: read.json<Record<string, number | string>>(r.answers),
      createdAt: r.created_at as string,
    }),
    fieldEvaluationFromRow: (r: DbRow): FieldEvaluation => ({
      id: r.id as number,
      circleId: r.circle_id as number,
      streetId: r.street_id as number,
      userId: r.user_id as number,
      visitedOn: r.visited_on as string,
      checks: read.json<FieldCheck[]>(r.checks),
      notes: nullable<string>(r.notes),
      photos: read.json<string[]>(r.photos),
      createdAt: r.created_at as string,
    }),
    networkFromRow: (r: DbRow): NetworkInfo => ({
      id: r.id as number,
      name: r.name as string,
      source: r.source as string,
      numNodes: r.num_nodes as number,
      numEdges: r.num_edges as number,
      createdAt: r.created_at as string,
    }),
    runFromRow: (r: DbRow): AnalysisRun => ({
      id: r.id as number,
      kind: r.kind as string,
      status: r.status as RunStatus,
      networkId: nullable<number>(r.network_id),
      params: read.json<Record<string, unknown>>(r.params),
      summary: read.json<Record<string, unknown> | null>(r.summary),
      error: nullable<string>(r.error),
      startedAt: r.started_at as string,
      finishedAt: nullable<string>(r.finished_at),
    }),
    accessResultFromRow: (r: DbRow): AccessResult => ({
      runId: r.run_id as number,
      compoundId: r.compound_id as number,
      categoryId: r.category_id as string,
      walkM: nullable<number>(r.walk_m),
      numWithin15: r.num_within_15 as number,
    }),
    auditFromRow: (r: DbRow): AuditEntry => ({
      id: r.id as number,
      at: r.at as string,
      userId: nullable<number>(r.user_id),
      action: r.action as string,
      entity: r.entity as string,
      entityId: nullable<string>(r.entity_id),
      before: read.json<unknown>(r.before),
      after: read.json<unknown>(r.after),
      requestId: nullable<string>(r.request_id),
    }),
    scenarioFromRow: (r: DbRow): Scenario => ({
      id: r.id as number,
      name: r.name as string,
      description: nullable<string>(r.description),
      edits: read.json<ScenarioEdit[]>(r.edits),
      result: read.json<Record<string, unknown> | null>(r.result),
      userId: nullable<number>(r.user_id),
      createdAt: r.created_at as string,
      updatedAt: r.updated_at as string,
    }),
  };
}
