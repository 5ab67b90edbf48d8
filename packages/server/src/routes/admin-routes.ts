import { CRS_VALUES, createStreetLocator, runImport, type Crs, type ImportKind, type TableFormat } from '@lifecircle/ingest';
import { LifecircleError, type User as UserRecord } from '@lifecircle/shared';
import type { OutletPatch } from '@lifecircle/store';
import { Type, type Static } from '@sinclair/typebox';
import { currentUser, requireRole } from '../auth/guard.js';
import { checkPasswordPolicy, hashPassword } from '../auth/password.js';
import { publicUser } from '../auth/sessions.js';
import { audit } from '../services/audit.js';
import { assertOpeningHours } from '../services/opening-hours.js';
import { changeOutlet } from '../services/outlet-changes.js';
import { assertCategories, assertNonEmptyPatch } from '../services/validate.js';
import {
  AnalysisRun,
  AuditEntry,
  Day,
  errorResponses,
  FeedbackStatus,
  Id,
  IdParams,
  Lat,
  Lng,
  Nullable,
  Outlet,
  OutletStatus,
  Report,
  Role,
  ServiceRequest,
  Survey,
  SurveyQuestion,
  User,
} from '../schemas/common.js';
import { Password, Username } from './auth-routes.js';
import type { RouteContext } from './context.js';

const UserBody = Type.Object({
  username: Username,
  password: Password,
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: Role,
  streetId: Type.Optional(Id),
  merchantId: Type.Optional(Id),
});
const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(Role),
    streetId: Type.Optional(Nullable(Id)),
    merchantId: Type.Optional(Nullable(Id)),
    disabled: Type.Optional(Type.Boolean()),
    resetPassword: Type.Optional(Password),
  },
  // Unknown fields are stripped (Ajv removeAdditional), so a patch can never carry id, createdAt or the like.
  { minProperties: 1, additionalProperties: false },
);
const OutletAdminPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    categoryIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10, uniqueItems: true })),
    address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    lng: Type.Optional(Lng),
    lat: Type.Optional(Lat),
    openingHours: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    services: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    status: Type.Optional(OutletStatus),
    rejectReason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    lastVerified: Type.Optional(Nullable(Day)),
    merchantId: Type.Optional(Nullable(Id)),
    streetId: Type.Optional(Nullable(Id)),
  },
  // Unknown fields are stripped (Ajv removeAdditional), so a patch can never carry id, createdAt or the like.
  { minProperties: 1, additionalProperties: false },
);
const ImportParams = Type.Object({
  kind: Type.Union([
    Type.Literal('outlets'),
    Type.Literal('compounds'),
    Type.Literal('boundaries'),
    Type.Literal('street-totals'),
  ]),
});
const ImportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('geojson')])),
  crs: Type.Union(
    CRS_VALUES.map((crs) => Type.Literal(crs)),
    { default: 'wgs84' },
  ),
  file: Type.String({ minLength: 1, maxLength: 200, default: 'upload' }),
  level: Type.Optional(
    Type.Union([Type.Literal('district'), Type.Literal('street'), Type.Literal('circle'), Type.Literal('auto')]),
  ),
  status: Type.Optional(OutletStatus),
  lang: Type.Optional(Type.String()),
});
const OsmImportQuery = Type.Object({
  file: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\]+$', default: 'upload.osm.pbf' }),
  lang: Type.Optional(Type.String()),
});
const ImportReport = Type.Object({
  kind: Type.String(),
  file: Type.String(),
  numRows: Type.Integer(),
  numInserted: Type.Integer(),
  numUpdated: Type.Integer(),
  numUnclassified: Type.Integer(),
  unclassifiedExamples: Type.Array(Type.Object({ row: Type.Integer(), name: Type.String(), type: Type.String() })),
  byCategory: Type.Record(Type.String(), Type.Integer()),
});
const FeedbackQuery = Type.Object({
  streetId: Type.Optional(Id),
  status: Type.Optional(FeedbackStatus),
  lang: Type.Optional(Type.String()),
});

/** Content types accepted as raw import files. */
export const IMPORT_CONTENT_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/geo+json',
  'application/json',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** The format of an import when `format` is not given: from the content type, then the file name. */
function importFormat(format: TableFormat | undefined, contentType: string | undefined, file: string): TableFormat {
  if (format !== undefined) return format;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/geo+json' || type === 'application/json') return 'geojson';
  if (type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  const extension = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'xlsx') return extension;
  if (extension === 'geojson' || extension === 'json') return 'geojson';
  throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason: 'give ?format=csv|xlsx|geojson' });
}

/** The district commerce commission's administration: users, audit, any outlet, imports, analysis runs, surveys, feedback. */
export function registerAdminRoutes({ app, deps, config }: RouteContext): void {
  const { store, taxonomy } = deps;
  const commission = requireRole('commission');

  /** Checks that a user's street and merchant fit the role. */
  async function checkUserLinks(role: UserRecord['role'], streetId: number | null, merchantId: number | null): Promise<void> {
    if (role === 'street_office' && (streetId === null || (await store.getStreet(streetId)) === null)) {
      throw new LifecircleError('VALIDATION', { field: 'streetId', reason: 'a street office needs an existing street' });
    }
    if (role === 'merchant' && (merchantId === null || (await store.getMerchant(merchantId)) === null)) {
      throw new LifecircleError('VALIDATION', { field: 'merchantId', reason: 'a merchant user needs an existing merchant' });
    }
  }

  app.get<{ Querystring: { role?: UserRecord['role']; streetId?: number } }>(
    '/api/admin/users',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'Users, optionally of one role or street',
        querystring: Type.Object({ role: Type.Optional(Role), streetId: Type.Optional(Id), lang: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ users: Type.Array(User) }), ...errorResponses },
      },
    },
    async (request) => {
      const { role, streetId } = request.query;
      const users = await store.listUsers({
        ...(role === undefined ? {} : { role }),
        ...(streetId === undefined ? {} : { streetId }),
      });
      return { users: users.map(publicUser) };
    },
  );

  app.post<{ Body: Static<typeof UserBody> }>(
    '/api/admin/users',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'Create a user with a one-time password (they must change it)',
        body: UserBody,
        response: { 201: User, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const streetId = body.role === 'street_office' ? (body.streetId ?? null) : null;
      const merchantId = body.role === 'merchant' ? (body.merchantId ?? null) : null;
      await checkUserLinks(body.role, streetId, merchantId);
      checkPasswordPolicy(body.password);
      const passwordHash = await hashPassword(body.password);
      const user = await store.transaction(async (tx) => {
        const created = await tx.insertUser({
          username: body.username,
          displayName: body.displayName,
          role: body.role,
          streetId,
          merchantId,
          passwordHash,
          isDisabled: false,
          mustChangePassword: true,
        });
        await audit(tx, request, 'user.create', 'user', created.id, null, publicUser(created));
        return created;
      });
      return reply.status(201).send(publicUser(user));
    },
  );

  app.patch<{ Params: IdParams; Body: Static<typeof UserPatch> }>(
    '/api/admin/users/:id',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: "Change a user's role, street, merchant or name, disable them, or reset their password",
        params: IdParams,
        body: UserPatch,
        response: { 200: User, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      assertNonEmptyPatch(body);
      const existing = await store.getUser(request.params.id);
      if (existing === null) throw new LifecircleError('NOT_FOUND', { entity: 'user', id: request.params.id });
      const role = body.role ?? existing.role;
      const streetId = role === 'street_office' ? (body.streetId === undefined ? existing.streetId : body.streetId) : null;
      const merchantId = role === 'merchant' ? (body.merchantId === undefined ? existing.merchantId : body.merchantId) : null;
      await checkUserLinks(role, streetId, merchantId);
      if (body.disabled === true && existing.id === currentUser(request).id) {
        throw new LifecircleError('CONFLICT', { reason: 'you cannot disable yourself' });
      }
      const patch: Partial<Omit<UserRecord, 'id' | 'createdAt'>> = { role, streetId, merchantId };
      if (body.displayName !== undefined) patch.displayName = body.displayName;
      if (body.disabled !== undefined) patch.isDisabled = body.disabled;
      if (body.resetPassword !== undefined) {
        checkPasswordPolicy(body.resetPassword);
        patch.passwordHash = await hashPassword(body.resetPassword);
        patch.mustChangePassword = true;
      }
      const updated = await store.transaction(async (tx) => {
        const before = await tx.getUser(existing.id);
        const after = await tx.updateUser(existing.id, patch);
        if (body.resetPassword !== undefined || body.disabled === true) await tx.deleteUserSessions(existing.id);
        await audit(tx, request, 'user.update', 'user', existing.id, before === null ? null : publicUser(before), {
          ...publicUser(after),
          passwordReset: body.resetPassword !== undefined,
        });
        return after;
      });
      return publicUser(updated);
    },
  );

  app.get<{ Querystring: { entity?: string; entityId?: string; userId?: number; limit: number } }>(
    '/api/admin/audit',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'The audit log, newest first',
        querystring: Type.Object({
          entity: Type.Optional(Type.String({ maxLength: 64 })),
          entityId: Type.Optional(Type.String({ maxLength: 64 })),
          userId: Type.Optional(Id),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
          lang: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntry) }), ...errorResponses },
      },
    },
    async (request) => {
      const { entity, entityId, userId, limit } = request.query;
      return {
        entries: await store.listAudit({
          limit,
          ...(entity === undefined ? {} : { entity }),
          ...(entityId === undefined ? {} : { entityId }),
          ...(userId === undefined ? {} : { userId }),
        }),
      };
    },
  );

  app.get<{ Querystring: { status?: Static<typeof OutletStatus>; streetId?: number; limit: number; offset: number } }>(
    '/api/admin/outlets',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'Outlets of any status and street',
        querystring: Type.Object({
          status: Type.Optional(OutletStatus),
          streetId: Type.Optional(Id),
          limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
          offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
          lang: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Object({ total: Type.Integer(), outlets: Type.Array(Outlet) }), ...errorResponses },
      },
    },
    async (request) => {
      const { status, streetId, limit, offset } = request.query;
      const filter = { ...(status === undefined ? {} : { status: [status] }), ...(streetId === undefined ? {} : { streetId }) };
      const [outlets, total] = await Promise.all([store.listOutlets({ ...filter, limit, offset }), store.countOutlets(filter)]);
      return { total, outlets };
    },
  );

  app.patch<{ Params: IdParams; Body: Static<typeof OutletAdminPatch> }>(
    '/api/admin/outlets/:id',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'Change any field of an outlet, status included',
        params: IdParams,
        body: OutletAdminPatch,
        response: { 200: Outlet, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      assertNonEmptyPatch(body);
      if (body.categoryIds !== undefined) assertCategories(taxonomy, body.categoryIds, 'categoryIds');
      if (body.openingHours !== undefined && body.openingHours !== null) assertOpeningHours(body.openingHours);
      if (body.streetId !== undefined && body.streetId !== null && (await store.getStreet(body.streetId)) === null) {
        throw new LifecircleError('VALIDATION', { field: 'streetId', reason: 'no such street' });
      }
      if (body.merchantId !== undefined && body.merchantId !== null && (await store.getMerchant(body.merchantId)) === null) {
        throw new LifecircleError('VALIDATION', { field: 'merchantId', reason: 'no such merchant' });
      }
      const locateStreet = createStreetLocator(await store.listStreets());
      return changeOutlet(store, deps.router, request, request.params.id, 'outlet.admin_update', (before) => {
        const { lng, lat, ...rest } = body;
        const patch: OutletPatch = { ...rest };
        if (lng !== undefined || lat !== undefined) {
          patch.location = [lng ?? before.location[0], lat ?? before.location[1]];
          // A moved outlet belongs to the street it now lies in, unless the patch names one.
          if (body.streetId === undefined) patch.streetId = locateStreet(patch.location[0], patch.location[1]);
        }
        return patch;
      });
    },
  );

  // Imports take the raw file as the body, so this scope replaces the JSON parser with a byte parser.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      IMPORT_CONTENT_TYPES,
      { parseAs: 'buffer', bodyLimit: config.importBodyLimitBytes },
      (_request, body, done) => {
        done(null, body);
      },
    );
    scope.post<{ Params: Static<typeof ImportParams>; Querystring: Static<typeof ImportQuery> }>(
      '/api/admin/imports/:kind',
      {
        onRequest: commission,
        bodyLimit: config.importBodyLimitBytes,
        schema: {
          tags: ['admin'],
          summary: 'Import outlets, compounds or boundaries from a raw CSV, XLSX or GeoJSON body (all or nothing)',
          description: `Send the file itself as the body with one of: ${IMPORT_CONTENT_TYPES.join(', ')}.`,
          params: ImportParams,
          querystring: ImportQuery,
          response: { 200: ImportReport, ...errorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        const { kind } = request.params;
        const query = request.query;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new LifecircleError('VALIDATION', { field: 'body', reason: 'expected the file as the body' });
        const format = importFormat(query.format, request.headers['content-type'], query.file);
        const user = currentUser(request);
        const importKind: ImportKind = kind;
        const crs: Crs = query.crs;
        const report = await runImport(
          store,
          {
            kind: importKind,
            bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
            file: query.file,
            format,
            crs,
            taxonomy,
            ...(query.level === undefined ? {} : { level: query.level }),
            ...(query.status === undefined ? {} : { status: query.status }),
          },
          { userId: user.id, requestId: request.id },
        );
        // Imported outlets are active at once (unless imported as pending): route to them now.
        const router = deps.router;
        if (importKind === 'outlets' && router !== null && report.numInserted + report.numUpdated > 0) {
          for (const outlet of await store.listOutlets({ status: ['active'] })) {
            router.upsertOutlet({
              id: outlet.id,
              location: [outlet.location[0], outlet.location[1]],
              categoryIds: outlet.categoryIds,
            });
          }
        }
        return report;
      },
    );

    scope.post<{ Querystring: Static<typeof OsmImportQuery> }>(
      '/api/admin/imports/osm',
      {
        onRequest: commission,
        bodyLimit: config.importBodyLimitBytes,
        schema: {
          tags: ['admin'],
          summary: 'Import an OpenStreetMap file (PBF, XML, .gz, .bz2 as raw bytes): network, compounds, buildings, outlets',
          description: 'The walking network becomes the latest network and nearby answers use it at once. All or nothing.',
          querystring: OsmImportQuery,
          response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new LifecircleError('VALIDATION', { field: 'body', reason: 'expected the file as the body' });
        if (deps.importOsm === undefined) throw new LifecircleError('SERVICE_UNAVAILABLE', { what: 'OpenStreetMap imports' });
        const user = currentUser(request);
        const { report, router } = await deps.importOsm(
          new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          request.query.file,
          {
            userId: user.id,
            requestId: request.id,
          },
        );
        deps.router = router;
        return report;
      },
    );
  });

  app.get<{ Querystring: { limit: number } }>(
    '/api/admin/analysis-runs',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'Analysis runs, newest first',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          lang: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Object({ runs: Type.Array(AnalysisRun) }), ...errorResponses },
      },
    },
    async (request) => ({ runs: await store.listAnalysisRuns({ limit: request.query.limit }) }),
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/api/admin/analysis-runs',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'Start an analysis run (walking access of every compound); 503 when this server cannot run one',
        body: Type.Object({}, { additionalProperties: true, description: 'Run parameters, passed through' }),
        response: { 202: AnalysisRun, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (deps.startAnalysis === undefined) {
        throw new LifecircleError('SERVICE_UNAVAILABLE', { what: 'analysis runs' });
      }
      const user = currentUser(request);
      // The runner records the run and its audit entry in one transaction.
      const run = await deps.startAnalysis(request.body, { userId: user.id, requestId: request.id });
      return reply.status(202).send(run);
    },
  );

  app.post<{ Params: IdParams }>(
    '/api/admin/analysis-runs/:id/resume',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'Rerun an interrupted analysis run (its process died) under the same id; 409 unless it is interrupted',
        params: IdParams,
        response: { 202: AnalysisRun, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (deps.resumeAnalysis === undefined) {
        throw new LifecircleError('SERVICE_UNAVAILABLE', { what: 'analysis runs' });
      }
      const user = currentUser(request);
      const run = await deps.resumeAnalysis(request.params.id, { userId: user.id, requestId: request.id });
      return reply.status(202).send(run);
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/admin/analysis-runs/:id',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'One analysis run',
        params: IdParams,
        response: { 200: AnalysisRun, ...errorResponses },
      },
    },
    async (request) => {
      const run = await store.getAnalysisRun(request.params.id);
      if (run === null) throw new LifecircleError('NOT_FOUND', { entity: 'analysis run', id: request.params.id });
      return run;
    },
  );

  const SurveyBody = Type.Object({
    title: Type.String({ minLength: 1, maxLength: 200 }),
    streetId: Type.Optional(Nullable(Id)),
    questions: Type.Array(SurveyQuestion, { minItems: 1, maxItems: 50 }),
    isOpen: Type.Boolean({ default: true }),
  });
  app.post<{ Body: Static<typeof SurveyBody> }>(
    '/api/admin/surveys',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: 'Create a satisfaction survey (district-wide or for one street)',
        body: SurveyBody,
        response: { 201: Survey, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const streetId = body.streetId ?? null;
      if (streetId !== null && (await store.getStreet(streetId)) === null)
        throw new LifecircleError('VALIDATION', { field: 'streetId', reason: 'no such street' });
      const ids = new Set<string>();
      body.questions.forEach((question, index) => {
        if (ids.has(question.id))
          throw new LifecircleError('VALIDATION', { field: `questions.${index}.id`, reason: 'duplicate question id' });
        ids.add(question.id);
        if (question.kind === 'choice' && (question.options ?? []).length < 2) {
          throw new LifecircleError('VALIDATION', {
            field: `questions.${index}.options`,
            reason: 'a choice needs at least two options',
          });
        }
      });
      const survey = await store.transaction(async (tx) => {
        const created = await tx.insertSurvey({ title: body.title, streetId, questions: body.questions, isOpen: body.isOpen });
        await audit(tx, request, 'survey.create', 'survey', created.id, null, created);
        return created;
      });
      return reply.status(201).send(survey);
    },
  );

  app.get<{ Querystring: Static<typeof FeedbackQuery> }>(
    '/api/admin/reports',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: "Residents' reports of every street",
        querystring: FeedbackQuery,
        response: { 200: Type.Object({ reports: Type.Array(Report) }), ...errorResponses },
      },
    },
    async (request) => {
      const { streetId, status } = request.query;
      return {
        reports: await store.listReports({
          ...(streetId === undefined ? {} : { streetId }),
          ...(status === undefined ? {} : { status }),
        }),
      };
    },
  );

  app.get<{ Querystring: Static<typeof FeedbackQuery> }>(
    '/api/admin/requests',
    {
      onRequest: commission,
      schema: {
        tags: ['admin'],
        summary: "Residents' requests for missing services of every street",
        querystring: FeedbackQuery,
        response: { 200: Type.Object({ requests: Type.Array(ServiceRequest) }), ...errorResponses },
      },
    },
    async (request) => {
      const { streetId, status } = request.query;
      return {
        requests: await store.listServiceRequests({
          ...(streetId === undefined ? {} : { streetId }),
          ...(status === undefined ? {} : { status }),
        }),
      };
    },
  );
}
