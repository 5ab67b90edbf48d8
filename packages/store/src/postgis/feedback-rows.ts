import { LifecircleError } from '@lifecircle/shared';
import type {
  FeedbackStatus,
  FieldCheck,
  FieldEvaluation,
  ReportKind,
  ResidentReport,
  ServiceRequest,
  Survey,
  SurveyQuestion,
  SurveyResponse,
} from '@lifecircle/shared';
import type { DbRow, PgDb, PgOperations, PgRowContext } from './pg-db.js';
import { PgWhere, pointOf, pointParam } from './pg-values.js';

function reportFromRow(r: DbRow): ResidentReport {
  return {
    id: r.id as number,
    outletId: r.outlet_id as number,
    kind: r.kind as ReportKind,
    message: r.message as string | null,
    streetId: r.street_id as number | null,
    status: r.status as FeedbackStatus,
    createdAt: r.created_at as string,
  };
}
function serviceRequestFromRow(r: DbRow): ServiceRequest {
  return {
    id: r.id as number,
    categoryId: r.category_id as string | null,
    need: r.need as string,
    location: pointOf(r.location),
    message: r.message as string | null,
    streetId: r.street_id as number | null,
    status: r.status as FeedbackStatus,
    createdAt: r.created_at as string,
  };
}
function surveyFromRow(r: DbRow): Survey {
  return {
    id: r.id as number,
    title: r.title as string,
    streetId: r.street_id as number | null,
    questions: r.questions as SurveyQuestion[],
    isOpen: r.is_open as boolean,
    createdAt: r.created_at as string,
  };
}
function surveyResponseFromRow(r: DbRow): SurveyResponse {
  return {
    id: r.id as number,
    surveyId: r.survey_id as number,
    streetId: r.street_id as number | null,
    answers: r.answers as Record<string, number | string>,
    createdAt: r.created_at as string,
  };
}
function fieldEvaluationFromRow(r: DbRow): FieldEvaluation {
  return {
    id: r.id as number,
    circleId: r.circle_id as number,
    streetId: r.street_id as number,
    userId: r.user_id as number,
    visitedOn: r.visited_on as string,
    checks: r.checks as FieldCheck[],
    notes: r.notes as string | null,
    photos: r.photos as string[],
    createdAt: r.created_at as string,
  };
}

/** `SELECT * FROM table WHERE … ORDER BY id`, each row mapped. */
async function list<T>(db: PgDb, table: string, where: PgWhere, fromRow: (row: DbRow) => T): Promise<T[]> {
  return (await db.rows(`SELECT * FROM ${table} ${where} ORDER BY id`, where.params)).map(fromRow);
}

/** Residents' reports and service requests, surveys and their responses, field evaluations. */
export function feedbackRows(
  context: PgRowContext,
): Pick<
  PgOperations,
  | 'insertReport'
  | 'listReports'
  | 'updateReportStatus'
  | 'insertServiceRequest'
  | 'listServiceRequests'
  | 'insertSurvey'
  | 'getSurvey'
  | 'listSurveys'
  | 'insertSurveyResponse'
  | 'listSurveyResponses'
  | 'insertFieldEvaluation'
  | 'listFieldEvaluations'
> {
  return {
    async insertReport(db, report) {
      const row = await db.row(
        `INSERT INTO reports (outlet_id, kind, message, street_id, status, created_at)
         VALUES ($1, $2, $3, $4, 'open', $5) RETURNING *`,
        [report.outletId, report.kind, report.message, report.streetId, context.now()],
      );
      return reportFromRow(row!);
    },
    listReports(db, filter = {}) {
      const where = new PgWhere();
      where.equals('street_id', filter.streetId);
      where.equals('outlet_id', filter.outletId);
      where.equals('status', filter.status);
      return list(db, 'reports', where, reportFromRow);
    },
    async updateReportStatus(db, id, status) {
      const row = await db.row('UPDATE reports SET status = $1 WHERE id = $2 RETURNING *', [status, id]);
      if (!row) throw new LifecircleError('NOT_FOUND', { entity: 'report', id });
      return reportFromRow(row);
    },
    async insertServiceRequest(db, request) {
      const row = await db.row(
        `INSERT INTO service_requests (category_id, need, location, message, street_id, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING *`,
        [
          request.categoryId,
          request.need,
          pointParam('location', request.location),
          request.message,
          request.streetId,
          context.now(),
        ],
      );
      return serviceRequestFromRow(row!);
    },
    listServiceRequests(db, filter = {}) {
      const where = new PgWhere();
      where.equals('street_id', filter.streetId);
      where.equals('status', filter.status);
      return list(db, 'service_requests', where, serviceRequestFromRow);
    },
    async insertSurvey(db, survey) {
      const row = await db.row(
        'INSERT INTO surveys (title, street_id, questions, is_open, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [survey.title, survey.streetId, JSON.stringify(survey.questions), survey.isOpen, context.now()],
      );
      return surveyFromRow(row!);
    },
    async getSurvey(db, id) {
      const row = await db.row('SELECT * FROM surveys WHERE id = $1', [id]);
      return row ? surveyFromRow(row) : null;
    },
    listSurveys(db, filter = {}) {
      const where = new PgWhere();
      where.equals('street_id', filter.streetId);
      return list(db, 'surveys', where, surveyFromRow);
    },
    async insertSurveyResponse(db, response) {
      const row = await db.row(
        'INSERT INTO survey_responses (survey_id, street_id, answers, created_at) VALUES ($1, $2, $3, $4) RETURNING *',
        [response.surveyId, response.streetId, JSON.stringify(response.answers), context.now()],
      );
      return surveyResponseFromRow(row!);
    },
    listSurveyResponses(db, filter) {
      const where = new PgWhere();
      where.equals('survey_id', filter.surveyId);
      where.equals('street_id', filter.streetId);
      return list(db, 'survey_responses', where, surveyResponseFromRow);
    },
    async insertFieldEvaluation(db, evaluation) {
      const row = await db.row(
        `INSERT INTO field_evaluations (circle_id, street_id, user_id, visited_on, checks, notes, photos, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          evaluation.circleId,
          evaluation.streetId,
          evaluation.userId,
          evaluation.visitedOn,
          JSON.stringify(evaluation.checks),
          evaluation.notes,
          JSON.stringify(evaluation.photos),
          context.now(),
        ],
      );
      return fieldEvaluationFromRow(row!);
    },
    listFieldEvaluations(db, filter = {}) {
      const where = new PgWhere();
      where.equals('street_id', filter.streetId);
      where.equals('circle_id', filter.circleId);
      return list(db, 'field_evaluations', where, fieldEvaluationFromRow);
    },
  };
}
