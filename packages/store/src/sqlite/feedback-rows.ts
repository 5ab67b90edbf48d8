import type { FeedbackOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { RowContext, SyncTx } from './sync-tx.js';
import { WhereClause, statementCache, toFlag } from './sync-tx.js';
import { tableWriter } from './table-writer.js';
import { sqliteRecords } from './sqlite-records.js';

type DbRow = Record<string, unknown>;

const { fieldEvaluationFromRow, reportFromRow, serviceRequestFromRow, surveyFromRow, surveyResponseFromRow } = sqliteRecords;
/** Residents' reports and service requests, surveys and their responses, field evaluations. */
export function feedbackRows(context: RowContext): Pick<SyncTx, FeedbackOperations> {
  const { db } = context;
  const reports = tableWriter(db, 'reports', ['outlet_id', 'kind', 'message', 'street_id', 'status', 'created_at']);
  const serviceRequests = tableWriter(db, 'service_requests', [
    'category_id',
    'need',
    'lng',
    'lat',
    'message',
    'street_id',
    'status',
    'created_at',
  ]);
  const surveys = tableWriter(db, 'surveys', ['title', 'street_id', 'questions', 'is_open', 'created_at']);
  const surveyResponses = tableWriter(db, 'survey_responses', ['survey_id', 'street_id', 'answers', 'created_at']);
  const fieldEvaluations = tableWriter(db, 'field_evaluations', [
    'circle_id',
    'street_id',
    'user_id',
    'visited_on',
    'checks',
    'notes',
    'photos',
    'created_at',
  ]);
  const getReport = db.prepare('SELECT * FROM reports WHERE id = ?');
  const setReportStatus = db.prepare('UPDATE reports SET status = ? WHERE id = ?');
  const getServiceRequest = db.prepare('SELECT * FROM service_requests WHERE id = ?');
  const getSurvey = db.prepare('SELECT * FROM surveys WHERE id = ?');
  const getSurveyResponse = db.prepare('SELECT * FROM survey_responses WHERE id = ?');
  const getFieldEvaluation = db.prepare('SELECT * FROM field_evaluations WHERE id = ?');
  const statement = statementCache(db);

  const list = <T>(table: string, where: WhereClause, fromRow: (row: DbRow) => T): T[] =>
    (statement(`SELECT * FROM ${table} ${where} ORDER BY id`).all(where.params) as DbRow[]).map(fromRow);

  return {
    insertReport(report) {
      const id = reports.insert({
        outlet_id: report.outletId,
        kind: report.kind,
        message: report.message,
        street_id: report.streetId,
        status: 'open',
        created_at: context.now(),
      });
      return reportFromRow(getReport.get(id) as DbRow);
    },
    listReports(filter = {}) {
      const where = new WhereClause();
      if (filter.streetId !== undefined) where.add('street_id = @street_id', { street_id: filter.streetId });
      if (filter.outletId !== undefined) where.add('outlet_id = @outlet_id', { outlet_id: filter.outletId });
      if (filter.status !== undefined) where.add('status = @status', { status: filter.status });
      return list('reports', where, reportFromRow);
    },
    updateReportStatus(id, status) {
      if (setReportStatus.run(status, id).changes === 0) throw new LifecircleError('NOT_FOUND', { entity: 'report', id });
      return reportFromRow(getReport.get(id) as DbRow);
    },
    insertServiceRequest(request) {
      const id = serviceRequests.insert({
        category_id: request.categoryId,
        need: request.need,
        lng: request.location[0],
        lat: request.location[1],
        message: request.message,
        street_id: request.streetId,
        status: 'open',
        created_at: context.now(),
      });
      return serviceRequestFromRow(getServiceRequest.get(id) as DbRow);
    },
    listServiceRequests(filter = {}) {
      const where = new WhereClause();
      if (filter.streetId !== undefined) where.add('street_id = @street_id', { street_id: filter.streetId });
      if (filter.status !== undefined) where.add('status = @status', { status: filter.status });
      return list('service_requests', where, serviceRequestFromRow);
    },
    insertSurvey(survey) {
      const id = surveys.insert({
        title: survey.title,
        street_id: survey.streetId,
        questions: JSON.stringify(survey.questions),
        is_open: toFlag(survey.isOpen),
        created_at: context.now(),
      });
      return surveyFromRow(getSurvey.get(id) as DbRow);
    },
    getSurvey(id) {
      const row = getSurvey.get(id) as DbRow | undefined;
      return row ? surveyFromRow(row) : null;
    },
    listSurveys(filter = {}) {
      const where = new WhereClause();
      if (filter.streetId !== undefined) where.add('street_id = @street_id', { street_id: filter.streetId });
      return list('surveys', where, surveyFromRow);
    },
    insertSurveyResponse(response) {
      const id = surveyResponses.insert({
        survey_id: response.surveyId,
        street_id: response.streetId,
        answers: JSON.stringify(response.answers),
        created_at: context.now(),
      });
      return surveyResponseFromRow(getSurveyResponse.get(id) as DbRow);
    },
    listSurveyResponses(filter) {
      const where = new WhereClause();
      where.add('survey_id = @survey_id', { survey_id: filter.surveyId });
      if (filter.streetId !== undefined) where.add('street_id = @street_id', { street_id: filter.streetId });
      return list('survey_responses', where, surveyResponseFromRow);
    },
    insertFieldEvaluation(evaluation) {
      const id = fieldEvaluations.insert({
        circle_id: evaluation.circleId,
        street_id: evaluation.streetId,
        user_id: evaluation.userId,
        visited_on: evaluation.visitedOn,
        checks: JSON.stringify(evaluation.checks),
        notes: evaluation.notes,
        photos: JSON.stringify(evaluation.photos),
        created_at: context.now(),
      });
      return fieldEvaluationFromRow(getFieldEvaluation.get(id) as DbRow);
    },
    listFieldEvaluations(filter = {}) {
      const where = new WhereClause();
      if (filter.streetId !== undefined) where.add('street_id = @street_id', { street_id: filter.streetId });
      if (filter.circleId !== undefined) where.add('circle_id = @circle_id', { circle_id: filter.circleId });
      return list('field_evaluations', where, fieldEvaluationFromRow);
    },
  };
}
