/**
 * The StoreTx operations in the groups each store implements in one row
 * module (`sqlite/*-rows.ts`, `postgis/*-rows.ts`), named once for both.
 */

/** Districts, streets, committees and circles. */
export type AdminOperations =
  | 'insertDistrict'
  | 'listDistricts'
  | 'insertStreet'
  | 'getStreet'
  | 'listStreets'
  | 'updateStreet'
  | 'insertCommittee'
  | 'listCommittees'
  | 'insertCircle'
  | 'getCircle'
  | 'listCircles'
  | 'updateCircle';

/** Networks, analysis runs and access results. */
export type AnalysisOperations =
  | 'insertNetwork'
  | 'getLatestNetwork'
  | 'insertAnalysisRun'
  | 'getAnalysisRun'
  | 'listAnalysisRuns'
  | 'updateAnalysisRun'
  | 'insertAccessResults'
  | 'listAccessResults';

/** Residents' reports and requests, surveys, field evaluations. */
export type FeedbackOperations =
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
  | 'listFieldEvaluations';

/** Users and sessions. */
export type UserOperations =
  | 'insertUser'
  | 'getUser'
  | 'getUserByUsername'
  | 'listUsers'
  | 'updateUser'
  | 'insertSession'
  | 'getSession'
  | 'deleteSession'
  | 'deleteUserSessions'
  | 'deleteExpiredSessions';

/** Outlets and merchants. */
export type OutletOperations =
  | 'insertOutlets'
  | 'getOutlet'
  | 'getOutlets'
  | 'listOutlets'
  | 'countOutlets'
  | 'updateOutlet'
  | 'insertMerchant'
  | 'getMerchant';

/** Compounds and buildings. */
export type PlaceOperations =
  'insertCompounds' | 'getCompound' | 'listCompounds' | 'updateCompound' | 'insertBuildings' | 'listBuildings';

/** What-if scenarios. */
export type ScenarioOperations = 'insertScenario' | 'getScenario' | 'listScenarios' | 'updateScenario' | 'deleteScenario';

/** The audit log and settings. */
export type AuditOperations = 'appendAudit' | 'listAudit' | 'getSetting' | 'setSetting';

/** Photos of field evaluations (evaluation-photos.ts). */
export type EvaluationPhotoOperations =
  'getFieldEvaluation' | 'insertEvaluationPhoto' | 'getEvaluationPhoto' | 'listEvaluationPhotos';
