import type { FeedbackOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { DbRow, PgDb, PgOperations, PgRowContext } from './pg-db.js';
import { PgWhere, pointParam } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

const { fieldEvaluationFromRow, reportFromRow, serviceRequestFromRow, surveyFromRow, surveyResponseFromRow } = postgisRecords;
/** `SELECT * FROM table WHERE … ORDER BY id`, each row mapped. */
async function list<T>(db: PgDb, table: string, where: PgWhere, fromRow: (row: DbRow) => T): Promise<T[]> {
  return (await db.rows(`SELECT * FROM ${table} ${where} ORDER BY id`, where.params)).map(fromRow);
}

/** Residents' reports and service requests, surveys and their responses, field evaluations. */
export function feedbackRows(context: PgRowContext): Pick<PgOperations, FeedbackOperations> {
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
