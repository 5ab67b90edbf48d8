import { createStreetLocator } from '@lifecircle/ingest';
import { LifecircleError, type Survey } from '@lifecircle/shared';
import { Type, type Static } from '@sinclair/typebox';
import { audit } from '../services/audit.js';
import { assertCategories } from '../services/validate.js';
import { errorResponses, Id, IdParams, Lat, Lng, Report, ServiceRequest, Survey as SurveySchema } from '../schemas/common.js';
import { perHour, perMinute, type RouteContext } from './context.js';

const ReportBody = Type.Object({
  outletId: Id,
  kind: Type.Union([Type.Literal('closed'), Type.Literal('wrong_info')]),
  message: Type.Optional(Type.String({ maxLength: 1000 })),
});
const RequestBody = Type.Object({
  need: Type.String({ minLength: 1, maxLength: 100 }),
  categoryId: Type.Optional(Type.String({ maxLength: 64 })),
  lng: Lng,
  lat: Lat,
  message: Type.Optional(Type.String({ maxLength: 1000 })),
});
const ResponseBody = Type.Object({
  streetId: Type.Optional(Id),
  answers: Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.Number(), Type.String({ maxLength: 2000 })])),
});

/** Ratings are 1 to 5 stars. */
export const RATING_MIN = 1;
export const RATING_MAX = 5;

/** Throws VALIDATION (field `answers.<question>`) unless each answer fits its question. */
export function validateAnswers(survey: Survey, answers: Record<string, number | string>): void {
  const byId = new Map(survey.questions.map((question) => [question.id, question]));
  for (const [questionId, answer] of Object.entries(answers)) {
    const field = `answers.${questionId}`;
    const question = byId.get(questionId);
    const fail = (reason: string) => new LifecircleError('VALIDATION', { field, reason });
    if (question === undefined) throw fail('no such question');
    if (
      question.kind === 'rating' &&
      (typeof answer !== 'number' || !Number.isInteger(answer) || answer < RATING_MIN || answer > RATING_MAX)
    ) {
      throw fail(`expected an integer rating from ${RATING_MIN} to ${RATING_MAX}`);
    }
    if (question.kind === 'choice' && (typeof answer !== 'string' || !(question.options ?? []).includes(answer))) {
      throw fail('expected one of the options');
    }
    if (question.kind === 'text' && typeof answer !== 'string') throw fail('expected text');
  }
}

/** Anonymous residents' feedback: reports on outlets, requests for missing services, open surveys and their answers. */
export function registerFeedbackRoutes({ app, deps, config }: RouteContext): void {
  const { store, taxonomy } = deps;
  const posts = perHour(config.anonymousPostsPerHour, 'anonymous-posts');

  app.post<{ Body: Static<typeof ReportBody> }>(
    '/api/reports',
    {
      config: posts,
      schema: {
        tags: ['feedback'],
        summary: 'Report that an outlet is closed or its information is wrong (anonymous)',
        body: ReportBody,
        response: { 201: Report, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const outlet = await store.getOutlet(body.outletId);
      if (outlet === null || outlet.status !== 'active')
        throw new LifecircleError('NOT_FOUND', { entity: 'outlet', id: body.outletId });
      const report = await store.transaction(async (tx) => {
        const created = await tx.insertReport({
          outletId: outlet.id,
          kind: body.kind,
          message: body.message ?? null,
          streetId: outlet.streetId,
        });
        await audit(tx, request, 'report.create', 'report', created.id, null, created);
        return created;
      });
      return reply.status(201).send(report);
    },
  );

  app.post<{ Body: Static<typeof RequestBody> }>(
    '/api/requests',
    {
      config: posts,
      schema: {
        tags: ['feedback'],
        summary: 'Ask for a missing service at a point on the map (anonymous)',
        body: RequestBody,
        response: { 201: ServiceRequest, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.categoryId !== undefined) assertCategories(taxonomy, [body.categoryId], 'categoryId');
      const streetId = createStreetLocator(await store.listStreets())(body.lng, body.lat);
      const created = await store.transaction(async (tx) => {
        const inserted = await tx.insertServiceRequest({
          need: body.need,
          categoryId: body.categoryId ?? null,
          location: [body.lng, body.lat],
          message: body.message ?? null,
          streetId,
        });
        await audit(tx, request, 'request.create', 'service_request', inserted.id, null, inserted);
        return inserted;
      });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/surveys',
    {
      config: perMinute(config.publicReadsPerMinute),
      schema: {
        tags: ['feedback'],
        summary: 'Open satisfaction surveys',
        response: { 200: Type.Object({ surveys: Type.Array(SurveySchema) }), ...errorResponses },
      },
    },
    async () => ({ surveys: (await store.listSurveys()).filter((survey) => survey.isOpen) }),
  );

  app.post<{ Params: IdParams; Body: Static<typeof ResponseBody> }>(
    '/api/surveys/:id/responses',
    {
      config: posts,
      schema: {
        tags: ['feedback'],
        summary: 'Answer an open survey (anonymous; ratings are 1–5)',
        params: IdParams,
        body: ResponseBody,
        response: { 201: Type.Object({ id: Id, surveyId: Id, createdAt: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const survey = await store.getSurvey(request.params.id);
      if (survey === null || !survey.isOpen) throw new LifecircleError('NOT_FOUND', { entity: 'survey', id: request.params.id });
      validateAnswers(survey, request.body.answers);
      const streetId = survey.streetId ?? request.body.streetId ?? null;
      if (streetId !== null && (await store.getStreet(streetId)) === null) {
        throw new LifecircleError('VALIDATION', { field: 'streetId', reason: 'no such street' });
      }
      const created = await store.transaction(async (tx) => {
        const inserted = await tx.insertSurveyResponse({ surveyId: survey.id, streetId, answers: request.body.answers });
        // The audit line records that an answer arrived, not what it said.
        await audit(tx, request, 'survey_response.create', 'survey_response', inserted.id, null, {
          surveyId: survey.id,
          streetId,
        });
        return inserted;
      });
      return reply.status(201).send({ id: created.id, surveyId: created.surveyId, createdAt: created.createdAt });
    },
  );
}
