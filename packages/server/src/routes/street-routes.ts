import { LifecircleError } from '@lifecircle/shared';
import { Type, type Static } from '@sinclair/typebox';
import { STREET_ROLES } from '../auth/roles.js';
import { currentUser, requireRole } from '../auth/guard.js';
import { audit } from '../services/audit.js';
import { chinaDay } from '../services/china-date.js';
import { changeOutlet, loadOutlet } from '../services/outlet-changes.js';
import { assertStreetScope, streetFilterFor } from '../services/scope.js';
import { summarizeSurvey } from '../services/survey-summary.js';
import { assertCategories } from '../services/validate.js';
import {
  Day,
  errorResponses,
  FeedbackStatus,
  FieldEvaluation,
  Id,
  IdParams,
  Nullable,
  Outlet,
  OutletStatus,
  Report,
  ServiceRequest,
} from '../schemas/common.js';
import type { RouteContext } from './context.js';
import type { EvaluationPhoto as EvaluationPhotoRecord } from '@lifecircle/store';
import { EvaluationPhoto } from './evaluation-photo-routes.js';

const ReviewBody = Type.Object({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});
const EvaluationBody = Type.Object({
  circleId: Id,
  /** For the commission: which of the circle's streets the evaluation belongs to (default its first). */
  streetId: Type.Optional(Id),
  visitedOn: Day,
  checks: Type.Array(
    Type.Object({
      categoryId: Type.String({ maxLength: 64 }),
      isPresent: Type.Boolean(),
      note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    }),
    { maxItems: 100 },
  ),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
  photos: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50, default: [] }),
});
const StreetQuery = Type.Object({ streetId: Type.Optional(Id), lang: Type.Optional(Type.String()) });
const FeedbackQuery = Type.Object({
  streetId: Type.Optional(Id),
  status: Type.Optional(FeedbackStatus),
  lang: Type.Optional(Type.String()),
});

const QuestionSummary = Type.Object({
  id: Type.String(),
  text: Type.String(),
  kind: Type.String(),
  numAnswers: Type.Integer(),
  numCounted: Type.Integer({ description: 'answers the mean and counts cover: whole blocks of five, in arrival order' }),
  mean: Nullable(Type.Number()),
  counts: Nullable(Type.Record(Type.String(), Type.Integer())),
});
const SurveySummary = Type.Object({
  surveyId: Id,
  title: Type.String(),
  numResponses: Type.Integer(),
  questions: Type.Array(QuestionSummary),
});

/**
 * The street office's work, limited to its street (the commission may act on
 * any street): review of listings, field evaluations, residents' reports and
 * requests, survey aggregates.
 */
export function registerStreetRoutes({ app, deps, now }: RouteContext): void {
  const { store, taxonomy } = deps;
  const staff = requireRole(...STREET_ROLES);

  app.get<{ Querystring: Static<typeof StreetQuery> & { status?: Static<typeof OutletStatus> } }>(
    '/api/street/outlets',
    {
      onRequest: staff,
      schema: {
        tags: ['street'],
        summary: 'Outlets of the own street (the commission: any street), optionally of one status',
        querystring: Type.Object({
          status: Type.Optional(OutletStatus),
          streetId: Type.Optional(Id),
          lang: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Object({ outlets: Type.Array(Outlet) }), ...errorResponses },
      },
    },
    async (request) => {
      const streetId = streetFilterFor(currentUser(request), request.query.streetId);
      return {
        outlets: await store.listOutlets({
          ...(streetId === undefined ? {} : { streetId }),
          ...(request.query.status === undefined ? {} : { status: [request.query.status] }),
        }),
      };
    },
  );

  app.post<{ Params: IdParams; Body: Static<typeof ReviewBody> }>(
    '/api/street/outlets/:id/review',
    {
      onRequest: staff,
      schema: {
        tags: ['street'],
        summary: 'Approve (→ active) or reject (→ rejected, reason required) a pending outlet of the own street',
        params: IdParams,
        body: ReviewBody,
        response: { 200: Outlet, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { decision, reason } = request.body;
      assertStreetScope(user, [(await loadOutlet(store, request.params.id)).streetId], `outlet ${request.params.id}`);
      if (decision === 'reject' && reason === undefined)
        throw new LifecircleError('VALIDATION', { field: 'reason', reason: 'required to reject' });
      return changeOutlet(store, deps.router, request, request.params.id, `outlet.review.${decision}`, (before) => {
        assertStreetScope(user, [before.streetId], `outlet ${before.id}`);
        if (before.status !== 'pending')
          throw new LifecircleError('CONFLICT', { reason: `outlet ${before.id} is ${before.status}, not pending` });
        return decision === 'approve'
          ? { status: 'active', rejectReason: null, lastVerified: chinaDay(now()) }
          : { status: 'rejected', rejectReason: reason ?? null };
      });
    },
  );

  app.post<{ Body: Static<typeof EvaluationBody> }>(
    '/api/street/evaluations',
    {
      onRequest: staff,
      schema: {
        tags: ['street'],
        summary: 'Record a field evaluation of a circle touching the own street',
        body: EvaluationBody,
        response: { 201: FieldEvaluation, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const body = request.body;
      const circle = await store.getCircle(body.circleId);
      if (circle === null) throw new LifecircleError('NOT_FOUND', { entity: 'circle', id: body.circleId });
      assertStreetScope(user, circle.streetIds, `circle ${circle.id}`);
      assertCategories(
        taxonomy,
        body.checks.map((check) => check.categoryId),
        'checks',
      );
      let streetId: number | undefined;
      if (user.role === 'street_office') streetId = user.streetId ?? undefined;
      else if (body.streetId !== undefined) {
        if (!circle.streetIds.includes(body.streetId))
          throw new LifecircleError('VALIDATION', { field: 'streetId', reason: 'the circle does not touch this street' });
        streetId = body.streetId;
      } else streetId = circle.streetIds[0];
      if (streetId === undefined)
        throw new LifecircleError('VALIDATION', { field: 'streetId', reason: 'the circle touches no street' });
      const evaluation = await store.transaction(async (tx) => {
        const inserted = await tx.insertFieldEvaluation({
          circleId: circle.id,
          streetId: streetId!,
          userId: user.id,
          visitedOn: body.visitedOn,
          checks: body.checks.map((check) => ({
            categoryId: check.categoryId,
            isPresent: check.isPresent,
            note: check.note ?? null,
          })),
          notes: body.notes ?? null,
          photos: body.photos,
        });
        await audit(tx, request, 'evaluation.create', 'field_evaluation', inserted.id, null, inserted);
        return inserted;
      });
      return reply.status(201).send(evaluation);
    },
  );

  app.get<{ Querystring: Static<typeof StreetQuery> }>(
    '/api/street/evaluations',
    {
      onRequest: staff,
      schema: {
        tags: ['street'],
        summary: 'Field evaluations of the own street, each with its uploaded photos’ records',
        querystring: StreetQuery,
        response: {
          200: Type.Object({
            evaluations: Type.Array(Type.Composite([FieldEvaluation, Type.Object({ uploads: Type.Array(EvaluationPhoto) })])),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const streetId = streetFilterFor(currentUser(request), request.query.streetId);
      const filter = streetId === undefined ? {} : { streetId };
      // Each evaluation with the records of its uploaded photos (the bytes: GET …/photos/{photoId}).
      const uploads = new Map<number, EvaluationPhotoRecord[]>();
      for (const photo of await store.listEvaluationPhotos(filter)) {
        uploads.set(photo.evaluationId, [...(uploads.get(photo.evaluationId) ?? []), photo]);
      }
      const evaluations = await store.listFieldEvaluations(filter);
      return { evaluations: evaluations.map((evaluation) => ({ ...evaluation, uploads: uploads.get(evaluation.id) ?? [] })) };
    },
  );

  app.get<{ Querystring: Static<typeof FeedbackQuery> }>(
    '/api/street/reports',
    {
      onRequest: staff,
      schema: {
        tags: ['street'],
        summary: "Residents' reports on outlets of the own street",
        querystring: FeedbackQuery,
        response: { 200: Type.Object({ reports: Type.Array(Report) }), ...errorResponses },
      },
    },
    async (request) => {
      const streetId = streetFilterFor(currentUser(request), request.query.streetId);
      return {
        reports: await store.listReports({
          ...(streetId === undefined ? {} : { streetId }),
          ...(request.query.status === undefined ? {} : { status: request.query.status }),
        }),
      };
    },
  );

  app.get<{ Querystring: Static<typeof FeedbackQuery> }>(
    '/api/street/requests',
    {
      onRequest: staff,
      schema: {
        tags: ['street'],
        summary: "Residents' requests for missing services in the own street",
        querystring: FeedbackQuery,
        response: { 200: Type.Object({ requests: Type.Array(ServiceRequest) }), ...errorResponses },
      },
    },
    async (request) => {
      const streetId = streetFilterFor(currentUser(request), request.query.streetId);
      return {
        requests: await store.listServiceRequests({
          ...(streetId === undefined ? {} : { streetId }),
          ...(request.query.status === undefined ? {} : { status: request.query.status }),
        }),
      };
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/street/surveys/:id/summary',
    {
      onRequest: staff,
      schema: {
        tags: ['street'],
        summary: "Aggregates of a survey's responses from the own street (never single answers)",
        params: IdParams,
        response: { 200: SurveySummary, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const survey = await store.getSurvey(request.params.id);
      if (survey === null) throw new LifecircleError('NOT_FOUND', { entity: 'survey', id: request.params.id });
      if (survey.streetId !== null) assertStreetScope(user, [survey.streetId], `survey ${survey.id}`);
      const streetId = streetFilterFor(user);
      const responses = await store.listSurveyResponses({ surveyId: survey.id, ...(streetId === undefined ? {} : { streetId }) });
      return summarizeSurvey(survey, responses);
    },
  );
}
