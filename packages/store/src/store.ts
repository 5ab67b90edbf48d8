import type {
  AccessResult,
  AnalysisRun,
  AuditEntry,
  Bbox,
  Building,
  Circle,
  Committee,
  Compound,
  District,
  FeedbackStatus,
  FieldEvaluation,
  Merchant,
  NetworkInfo,
  Outlet,
  OutletStatus,
  ResidentReport,
  Scenario,
  Role,
  ServiceRequest,
  Session,
  Street,
  Survey,
  SurveyResponse,
  User,
} from '@lifecircle/shared';
import type { EvaluationPhotoStore } from './evaluation-photos.js';

/** From how many rows written an import asks the store to refresh its statistics (`Store.refreshStatistics`). */
export const BULK_LOAD_ROWS = 1000;

/**
 * The persistence interface of the platform. One conformance suite
 * (`testing/describe-store.ts`) checks every implementation: SQLite
 * (`sqlite/`, the default, embedded) and PostgreSQL/PostGIS (`postgis/`).
 *
 * Every method is async so a networked database fits the same shape.
 * Outside `transaction` each call commits on its own; inside, the calls made
 * on `tx` commit together or not at all. Misses are `null` for getters and
 * `NOT_FOUND` errors for updates. Driver errors are translated at the
 * store's boundary into LifecircleErrors (`CONFLICT` for uniqueness,
 * `STORE_FULL` for a full disk, `STORE_READ_ONLY` for a read-only database,
 * `STORE_UNAVAILABLE` for a locked, closed, unreadable or unreachable one).
 */
export interface Store extends StoreTx {
  readonly kind: 'sqlite' | 'postgis';
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws (the error is re-thrown). */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * After a bulk load (an import, the demo seed): brings the database's query-planning statistics up to date
   * at once instead of whenever background maintenance gets to it. PostgreSQL: `VACUUM (ANALYZE)` — until
   * autovacuum has analysed a freshly loaded table its plans guess, and the load test's p99 was three times
   * the target for that minute. SQLite: nothing (its queries are planned by their indexes, without statistics).
   * Best effort: resolves true when done, false when the database refused (a hot standby cannot VACUUM),
   * since what it improves is speed, never an answer. Not inside a transaction.
   */
  refreshStatistics(): Promise<boolean>;
  close(): Promise<void>;
}

/** The operations available both on the store and inside a transaction (field-evaluation photos: evaluation-photos.ts). */
export interface StoreTx extends EvaluationPhotoStore {
  // Settings: small named values (e.g. the demo-seed marker).
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;

  // Administrative units.
  insertDistrict(district: Omit<District, 'id'>): Promise<District>;
  listDistricts(): Promise<District[]>;
  insertStreet(street: Omit<Street, 'id'>): Promise<Street>;
  getStreet(id: number): Promise<Street | null>;
  listStreets(filter?: { districtId?: number }): Promise<Street[]>;
  updateStreet(id: number, patch: Partial<Omit<Street, 'id'>>): Promise<Street>;
  insertCommittee(committee: Omit<Committee, 'id'>): Promise<Committee>;
  listCommittees(filter?: { streetId?: number }): Promise<Committee[]>;
  insertCircle(circle: Omit<Circle, 'id'>): Promise<Circle>;
  getCircle(id: number): Promise<Circle | null>;
  /** Circles in id order; with streetId, the circles that touch that street. */
  listCircles(filter?: { streetId?: number }): Promise<Circle[]>;
  updateCircle(id: number, patch: Partial<Omit<Circle, 'id'>>): Promise<Circle>;

  // Compounds and buildings. Bulk inserts return ids in input order.
  insertCompounds(compounds: Omit<Compound, 'id'>[]): Promise<number[]>;
  getCompound(id: number): Promise<Compound | null>;
  listCompounds(filter?: CompoundFilter): Promise<Compound[]>;
  updateCompound(id: number, patch: Partial<Omit<Compound, 'id'>>): Promise<Compound>;
  insertBuildings(buildings: Omit<Building, 'id'>[]): Promise<number[]>;
  listBuildings(filter?: { compoundId?: number; streetId?: number }): Promise<Building[]>;

  // Outlets.
  insertOutlets(outlets: NewOutlet[]): Promise<number[]>;
  getOutlet(id: number): Promise<Outlet | null>;
  /**
   * The outlets with these ids in one read, in the order asked: null where no
   * outlet has the id; a repeated id repeats its outlet. (The nearby search
   * reads its hits with it: one round trip to a networked database, not one per hit.)
   */
  getOutlets(ids: readonly number[]): Promise<(Outlet | null)[]>;
  /** Outlets matching every given condition, ordered by id. */
  listOutlets(filter?: OutletFilter): Promise<Outlet[]>;
  countOutlets(filter?: OutletFilter): Promise<number>;
  /** Updates the given fields and `updatedAt`; returns the record after the change. */
  updateOutlet(id: number, patch: OutletPatch): Promise<Outlet>;

  // Merchants, users, sessions.
  insertMerchant(merchant: Omit<Merchant, 'id' | 'createdAt'>): Promise<Merchant>;
  getMerchant(id: number): Promise<Merchant | null>;
  /** Throws CONFLICT when the username is taken. */
  insertUser(user: Omit<User, 'id' | 'createdAt'>): Promise<User>;
  getUser(id: number): Promise<User | null>;
  getUserByUsername(username: string): Promise<User | null>;
  listUsers(filter?: { role?: Role; streetId?: number }): Promise<User[]>;
  updateUser(id: number, patch: Partial<Omit<User, 'id' | 'createdAt'>>): Promise<User>;
  insertSession(session: Session): Promise<void>;
  /** The session with this token hash, if it exists and has not expired at `now`. */
  getSession(tokenHash: string, now: string): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Deletes every session of a user but the one with `exceptTokenHash` (after a password change or reset); returns how many. */
  deleteUserSessions(userId: number, exceptTokenHash?: string): Promise<number>;
  /** Deletes sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: string): Promise<number>;

  // Residents' feedback, surveys, field evaluations.
  insertReport(report: Omit<ResidentReport, 'id' | 'createdAt' | 'status'>): Promise<ResidentReport>;
  listReports(filter?: { streetId?: number; outletId?: number; status?: FeedbackStatus }): Promise<ResidentReport[]>;
  updateReportStatus(id: number, status: FeedbackStatus): Promise<ResidentReport>;
  insertServiceRequest(request: Omit<ServiceRequest, 'id' | 'createdAt' | 'status'>): Promise<ServiceRequest>;
  listServiceRequests(filter?: { streetId?: number; status?: FeedbackStatus }): Promise<ServiceRequest[]>;
  insertSurvey(survey: Omit<Survey, 'id' | 'createdAt'>): Promise<Survey>;
  getSurvey(id: number): Promise<Survey | null>;
  listSurveys(filter?: { streetId?: number }): Promise<Survey[]>;
  insertSurveyResponse(response: Omit<SurveyResponse, 'id' | 'createdAt'>): Promise<SurveyResponse>;
  listSurveyResponses(filter: { surveyId: number; streetId?: number }): Promise<SurveyResponse[]>;
  insertFieldEvaluation(evaluation: Omit<FieldEvaluation, 'id' | 'createdAt'>): Promise<FieldEvaluation>;
  listFieldEvaluations(filter?: { streetId?: number; circleId?: number }): Promise<FieldEvaluation[]>;

  // Walking networks and analysis runs.
  /** Stores a network as the engine's graph buffer bytes. */
  insertNetwork(network: Omit<NetworkInfo, 'id' | 'createdAt'>, graph: Uint8Array): Promise<NetworkInfo>;
  /** The most recently inserted network and its bytes, or null. */
  getLatestNetwork(): Promise<{ info: NetworkInfo; graph: Uint8Array } | null>;
  insertAnalysisRun(run: Omit<AnalysisRun, 'id'>): Promise<AnalysisRun>;
  getAnalysisRun(id: number): Promise<AnalysisRun | null>;
  /** Newest first. */
  listAnalysisRuns(filter?: { status?: AnalysisRun['status']; limit?: number }): Promise<AnalysisRun[]>;
  updateAnalysisRun(id: number, patch: Partial<Omit<AnalysisRun, 'id'>>): Promise<AnalysisRun>;
  insertAccessResults(results: AccessResult[]): Promise<void>;
  listAccessResults(filter: { runId: number; compoundId?: number; categoryId?: string }): Promise<AccessResult[]>;

  // What-if scenarios.
  insertScenario(scenario: Omit<Scenario, 'id' | 'createdAt' | 'updatedAt'>): Promise<Scenario>;
  getScenario(id: number): Promise<Scenario | null>;
  /** Newest first. */
  listScenarios(filter?: { userId?: number }): Promise<Scenario[]>;
  updateScenario(id: number, patch: Partial<Omit<Scenario, 'id' | 'createdAt' | 'updatedAt'>>): Promise<Scenario>;
  /** Deletes a scenario; NOT_FOUND when there is none. */
  deleteScenario(id: number): Promise<void>;

  // The audit log: append-only (no update or delete exists).
  appendAudit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(filter?: { entity?: string; entityId?: string; userId?: number; limit?: number }): Promise<AuditEntry[]>;
}

export interface CompoundFilter {
  streetId?: number;
  committeeId?: number;
  circleId?: number;
  bbox?: Bbox;
}

export type NewOutlet = Omit<Outlet, 'id' | 'createdAt' | 'updatedAt'>;
export type OutletPatch = Partial<Omit<Outlet, 'id' | 'createdAt' | 'updatedAt'>>;

export interface OutletFilter {
  status?: OutletStatus[];
  /** Outlets having this category among theirs. */
  categoryId?: string;
  /**
   * Matches the name or address (Chinese substring), the name's full pinyin
   * without tones (`bianlidian`) or its initials (`bld`), case-insensitive.
   */
  keyword?: string;
  bbox?: Bbox;
  streetId?: number;
  merchantId?: number;
  source?: string;
  limit?: number;
  offset?: number;
}
