import { LifecircleError } from '@lifecircle/shared';
import type { ScenarioEdit } from '@lifecircle/shared';
import { Type, type Static } from '@sinclair/typebox';
import { currentUser, requireRole } from '../auth/guard.js';
import type { PlannerQuery, PlannerService } from '../deps.js';
import { audit } from '../services/audit.js';
import { assertCategories } from '../services/validate.js';
import { Id, IdParams, Lat, Lng, Nullable, errorResponses } from '../schemas/common.js';
import type { RouteContext } from './context.js';

const Query = Type.Object({
  profile: Type.Union([Type.Literal('adult'), Type.Literal('elderly')], { default: 'adult' }),
  at: Type.Optional(
    Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: 'China wall-clock time HH:MM; absent = opening hours ignored',
    }),
  ),
  lang: Type.Optional(Type.String()),
});
type Query = Static<typeof Query>;

const Position = Type.Tuple([Lng, Lat]);
/** One what-if edit; a field another kind would need is stripped, so every kind's fields are its own. */
const Edit = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('add_outlet'),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      location: Position,
      categoryIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10 }),
      openingHours: Nullable(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  // Order matters: Ajv (removeAdditional) strips a branch's unknown fields once its `required` fields are all
  // present, even when `kind` then fails; a move checked against the removal would lose its location.
  Type.Object({ kind: Type.Literal('move_outlet'), outletId: Id, location: Position }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('remove_outlet'), outletId: Id }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('add_compound'),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      location: Position,
      residents: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
      age60plus: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
      age0to14: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    },
    { additionalProperties: false },
  ),
]);
const Edits = Type.Array(Edit, { maxItems: 200 });
const WhatIfBody = Type.Object({
  edits: Edits,
  profile: Type.Union([Type.Literal('adult'), Type.Literal('elderly')], { default: 'adult' }),
  at: Type.Optional(Query.properties.at),
});
const ScenarioBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  edits: Edits,
});
const ScenarioPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    edits: Type.Optional(Edits),
  },
  { minProperties: 1, additionalProperties: false },
);
const RecommendBody = Type.Object({
  categoryId: Type.String({ maxLength: 64 }),
  k: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  coverageTarget: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  method: Type.Union([Type.Literal('greedy'), Type.Literal('exact'), Type.Literal('auto')], {
    default: 'greedy',
    description:
      'greedy (milliseconds); auto and exact also run HiGHS, on the server thread, for at most 5 s (the CLI allows 600 s)',
  }),
  objective: Type.Union([Type.Literal('coverage'), Type.Literal('p-median')], { default: 'coverage' }),
  elderlyWeight: Type.Number({ minimum: 0, maximum: 10, default: 0 }),
  profile: Type.Union([Type.Literal('adult'), Type.Literal('elderly')], { default: 'adult' }),
  candidates: Type.Union([Type.Literal('nodes'), Type.Literal('buildings')], { default: 'nodes' }),
});
const DelineationQuery = Type.Object({
  minResidents: Type.Optional(Type.Integer({ minimum: 1000, maximum: 1_000_000 })),
  maxResidents: Type.Optional(Type.Integer({ minimum: 1000, maximum: 1_000_000 })),
  maxMinutes: Type.Optional(Type.Number({ minimum: 5, maximum: 30 })),
  lang: Type.Optional(Type.String()),
});
const Json = Type.Object({}, { additionalProperties: true });
const Scenario = Type.Object({
  id: Id,
  name: Type.String(),
  description: Nullable(Type.String()),
  edits: Type.Array(Type.Unknown()),
  result: Nullable(Type.Object({}, { additionalProperties: true })),
  userId: Nullable(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Longest HiGHS run a recommendation request may make (seconds). */
const HTTP_SOLVER_LIMIT_S = 5;

/**
 * The planner workbench: evaluation against the national guide, portraits,
 * shortfalls, the sharing ledger, site recommendation, delineation, what-if
 * scenarios and reports. Reads are for the commission and street offices;
 * recommendation, delineation and scenarios are the commission's.
 */
export function registerPlannerRoutes({ app, deps }: RouteContext): void {
  const { store, taxonomy } = deps;
  const readers = requireRole('commission', 'street_office');
  const commission = requireRole('commission');
  const planner = (): PlannerService => {
    if (deps.planner === undefined) throw new LifecircleError('SERVICE_UNAVAILABLE', { what: 'the planner workbench' });
    return deps.planner;
  };
  const query = (q: Query): PlannerQuery => ({ profile: q.profile, at: q.at ?? null });
  const checkEdits = (edits: readonly ScenarioEdit[]) => {
    edits.forEach((edit, i) => {
      if (edit.kind === 'add_outlet') assertCategories(taxonomy, edit.categoryIds, `edits.${i}.categoryIds`);
    });
  };
  const circle = async (id: number) => {
    if ((await store.getCircle(id)) === null) throw new LifecircleError('NOT_FOUND', { entity: 'circle', id });
  };

  app.get<{ Querystring: Query }>(
    '/api/planner/evaluation',
    {
      onRequest: readers,
      schema: {
        tags: ['planner'],
        summary: 'Coverage, checklist and grade of the district, every street and every circle',
        querystring: Query,
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => planner().evaluation(query(request.query)),
  );
  app.get<{ Params: IdParams; Querystring: Query }>(
    '/api/planner/circles/:id/portrait',
    {
      onRequest: readers,
      schema: {
        tags: ['planner'],
        summary: 'The portrait (精准画像) of one circle',
        params: IdParams,
        querystring: Query,
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => {
      await circle(request.params.id);
      return planner().circlePortrait(request.params.id, query(request.query));
    },
  );
  app.get<{ Params: IdParams; Querystring: Query }>(
    '/api/planner/circles/:id/shortfalls',
    {
      onRequest: readers,
      schema: {
        tags: ['planner'],
        summary: 'Shortfalls (短板) of one circle, with the uncovered compounds as GeoJSON',
        params: IdParams,
        querystring: Query,
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => {
      await circle(request.params.id);
      return planner().circleShortfalls(request.params.id, query(request.query));
    },
  );
  app.get<{ Querystring: Query & { category: string } }>(
    '/api/planner/surface',
    {
      onRequest: readers,
      schema: {
        tags: ['planner'],
        summary: 'A walking-time surface: minutes from every compound to the nearest outlet of a category, as GeoJSON',
        querystring: Type.Intersect([Query, Type.Object({ category: Type.String({ maxLength: 64 }) })]),
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => {
      assertCategories(taxonomy, [request.query.category], 'category');
      return planner().surface(request.query.category, query(request.query));
    },
  );
  app.get<{ Querystring: Query }>(
    '/api/planner/sharing',
    {
      onRequest: readers,
      schema: {
        tags: ['planner'],
        summary: 'The sharing ledger: nearest outlets across circle, street and district borders',
        querystring: Query,
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => planner().sharing(query(request.query)),
  );
  app.post<{ Body: Static<typeof RecommendBody> }>(
    '/api/planner/recommendations',
    {
      onRequest: commission,
      schema: {
        tags: ['planner'],
        summary: 'Sites for k new outlets of a category (or a coverage target)',
        body: RecommendBody,
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      assertCategories(taxonomy, [body.categoryId], 'categoryId');
      if ((body.k === undefined) === (body.coverageTarget === undefined)) {
        throw new LifecircleError('VALIDATION', { field: 'k', reason: 'give exactly one of k and coverageTarget' });
      }
      // HiGHS runs on the server's thread: a request may hold it for at most this long (the CLI has no such cap).
      return planner().recommend({ ...body, timeLimitS: HTTP_SOLVER_LIMIT_S });
    },
  );
  app.get<{ Querystring: Static<typeof DelineationQuery> }>(
    '/api/planner/delineation',
    {
      onRequest: commission,
      schema: {
        tags: ['planner'],
        summary: 'Proposed circles from compounds, beside a diagnosis of the existing ones',
        querystring: DelineationQuery,
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => {
      const { minResidents, maxResidents, maxMinutes } = request.query;
      if (minResidents !== undefined && maxResidents !== undefined && minResidents >= maxResidents) {
        throw new LifecircleError('VALIDATION', { field: 'minResidents', reason: 'must be below maxResidents' });
      }
      return planner().delineation({
        ...(minResidents === undefined ? {} : { minResidents }),
        ...(maxResidents === undefined ? {} : { maxResidents }),
        ...(maxMinutes === undefined ? {} : { maxMinutes }),
      });
    },
  );
  app.post<{ Body: Static<typeof WhatIfBody> }>(
    '/api/planner/what-if',
    {
      onRequest: commission,
      schema: {
        tags: ['planner'],
        summary: 'Coverage, grades and shortfalls after edits, against the baseline (not saved)',
        body: WhatIfBody,
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => {
      checkEdits(request.body.edits as ScenarioEdit[]);
      return planner().whatIf(request.body.edits as ScenarioEdit[], {
        profile: request.body.profile,
        at: request.body.at ?? null,
      });
    },
  );

  app.get(
    '/api/planner/scenarios',
    {
      onRequest: commission,
      schema: {
        tags: ['planner'],
        summary: 'Saved what-if scenarios, newest first',
        response: { 200: Type.Object({ items: Type.Array(Scenario) }), ...errorResponses },
      },
    },
    async () => ({ items: await store.listScenarios() }),
  );
  app.post<{ Body: Static<typeof ScenarioBody> }>(
    '/api/planner/scenarios',
    {
      onRequest: commission,
      schema: {
        tags: ['planner'],
        summary: 'Save a scenario with its result against the baseline',
        body: ScenarioBody,
        response: { 201: Scenario, ...errorResponses },
      },
    },
    async (request, reply) => {
      const edits = request.body.edits as ScenarioEdit[];
      checkEdits(edits);
      const result = await planner().whatIf(edits, { profile: 'adult', at: null });
      const user = currentUser(request);
      const saved = await store.transaction(async (tx) => {
        const created = await tx.insertScenario({
          name: request.body.name,
          description: request.body.description ?? null,
          edits,
          result,
          userId: user.id,
        });
        await audit(tx, request, 'scenario.create', 'scenario', created.id, null, { ...created, result: null });
        return created;
      });
      return reply.status(201).send(saved);
    },
  );
  app.get<{ Params: IdParams }>(
    '/api/planner/scenarios/:id',
    {
      onRequest: commission,
      schema: {
        tags: ['planner'],
        summary: 'One saved scenario',
        params: IdParams,
        response: { 200: Scenario, ...errorResponses },
      },
    },
    async (request) => {
      const scenario = await store.getScenario(request.params.id);
      if (scenario === null) throw new LifecircleError('NOT_FOUND', { entity: 'scenario', id: request.params.id });
      return scenario;
    },
  );
  app.patch<{ Params: IdParams; Body: Static<typeof ScenarioPatch> }>(
    '/api/planner/scenarios/:id',
    {
      onRequest: commission,
      schema: {
        tags: ['planner'],
        summary: 'Rename a scenario or change its edits (its result is recomputed)',
        params: IdParams,
        body: ScenarioPatch,
        response: { 200: Scenario, ...errorResponses },
      },
    },
    async (request) => {
      const before = await store.getScenario(request.params.id);
      if (before === null) throw new LifecircleError('NOT_FOUND', { entity: 'scenario', id: request.params.id });
      const body = request.body;
      const patch: Parameters<typeof store.updateScenario>[1] = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.description !== undefined) patch.description = body.description;
      if (body.edits !== undefined) {
        checkEdits(body.edits as ScenarioEdit[]);
        patch.edits = body.edits as ScenarioEdit[];
        patch.result = await planner().whatIf(patch.edits, { profile: 'adult', at: null });
      }
      return store.transaction(async (tx) => {
        const after = await tx.updateScenario(before.id, patch);
        await audit(
          tx,
          request,
          'scenario.update',
          'scenario',
          before.id,
          { ...before, result: null },
          { ...after, result: null },
        );
        return after;
      });
    },
  );
  app.delete<{ Params: IdParams }>(
    '/api/planner/scenarios/:id',
    {
      onRequest: commission,
      schema: {
        tags: ['planner'],
        summary: 'Delete a scenario',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await store.transaction(async (tx) => {
        const before = await tx.getScenario(request.params.id);
        if (before === null) throw new LifecircleError('NOT_FOUND', { entity: 'scenario', id: request.params.id });
        await tx.deleteScenario(before.id);
        await audit(tx, request, 'scenario.delete', 'scenario', before.id, { ...before, result: null }, null);
      });
      return reply.status(204).send();
    },
  );

  const sendReport = (
    reply: { header: (k: string, v: string) => unknown; send: (b: Buffer) => unknown },
    bytes: Uint8Array,
    type: string,
    name: string,
  ) => {
    reply.header('content-type', type);
    reply.header('content-disposition', `attachment; filename="${name}"`);
    return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  app.get<{ Querystring: Query }>(
    '/api/planner/reports/district.xlsx',
    {
      onRequest: readers,
      schema: { tags: ['planner'], summary: 'The district report as XLSX', querystring: Query, response: errorResponses },
    },
    async (request, reply) =>
      sendReport(reply, await planner().report('district.xlsx', query(request.query)), XLSX, 'district-report.xlsx'),
  );
  app.get<{ Querystring: Query }>(
    '/api/planner/reports/district.pdf',
    {
      onRequest: readers,
      schema: { tags: ['planner'], summary: 'The district report as PDF', querystring: Query, response: errorResponses },
    },
    async (request, reply) =>
      sendReport(reply, await planner().report('district.pdf', query(request.query)), 'application/pdf', 'district-report.pdf'),
  );
  app.get<{ Params: IdParams; Querystring: Query }>(
    '/api/planner/reports/circles/:id/report.pdf',
    {
      onRequest: readers,
      schema: {
        tags: ['planner'],
        summary: 'One circle’s report as PDF',
        params: IdParams,
        querystring: Query,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      await circle(request.params.id);
      return sendReport(
        reply,
        await planner().report('circle.pdf', { ...query(request.query), circleId: request.params.id }),
        'application/pdf',
        `circle-${request.params.id}-report.pdf`,
      );
    },
  );
}
