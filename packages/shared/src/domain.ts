/**
 * The platform's domain records, shared by the store, the importers, the
 * server, the CLI and (later) the web app. Coordinates are WGS-84 `[lng, lat]`
 * everywhere; importers convert other systems at the boundary. Dates are ISO
 * 8601 strings (`2026-11-27T08:00:00.000Z`, or `2026-11-27` for a day).
 * Ids are positive integers assigned by the store.
 */

import type { LngLat } from './geo.js';

/** A GeoJSON polygon or multipolygon geometry (RFC 7946), WGS-84. */
export type AreaGeometry = { type: 'Polygon'; coordinates: LngLat[][] } | { type: 'MultiPolygon'; coordinates: LngLat[][][] };

/** `[minLng, minLat, maxLng, maxLat]`. */
export type Bbox = [number, number, number, number];

export interface District {
  id: number;
  /** Administrative code (6 digits), when known. */
  code: string | null;
  name: string;
  boundary: AreaGeometry | null;
}

export type StreetKind = 'subdistrict' | 'town';

/** A 街道 or 镇. */
export interface Street {
  id: number;
  districtId: number;
  /** 9-digit statistical code, when known. */
  code: string | null;
  name: string;
  kind: StreetKind;
  boundary: AreaGeometry | null;
}

/** A residents' committee (居委会) or village committee. */
export interface Committee {
  id: number;
  streetId: number;
  /** 12-digit statistical code, when known. */
  code: string | null;
  name: string;
  boundary: AreaGeometry | null;
}

/** A 15-minute convenient living circle; it may span committees and streets. */
export interface Circle {
  id: number;
  districtId: number;
  code: string | null;
  name: string;
  boundary: AreaGeometry | null;
  /** The streets the circle touches (sorted ascending). */
  streetIds: number[];
  /** The committees the circle holds (sorted ascending). */
  committeeIds: number[];
}

/** Residents by age band. Each band is null when unknown. */
export interface AgeBands {
  age0to14: number | null;
  age15to59: number | null;
  age60plus: number | null;
}

/** A residential compound (小区). */
export interface Compound extends AgeBands {
  id: number;
  name: string;
  streetId: number | null;
  committeeId: number | null;
  circleId: number | null;
  /** A representative point (centroid or the imported point). */
  location: LngLat;
  outline: AreaGeometry | null;
  /** Gate positions; residents of a compound with gates walk out through them. */
  gates: LngLat[];
  households: number | null;
  residents: number;
  /** True when residents come from building footprints, not from a table. */
  isEstimated: boolean;
  /** Where the record came from (`osm`, `csv:file.csv`, `generator`, …). */
  source: string;
  /** The source's own id (OSM `way/123`, a table key), unique per source when set. */
  externalId: string | null;
}

/** A building with its residents (from tags, a table or an estimate). */
export interface Building extends AgeBands {
  id: number;
  compoundId: number | null;
  streetId: number | null;
  location: LngLat;
  footprintM2: number;
  levels: number;
  households: number | null;
  residents: number;
  isEstimated: boolean;
  source: string;
  externalId: string | null;
}

/** pending: awaiting the street office; active: on the map; closed: gone; rejected: refused at review. */
export type OutletStatus = 'pending' | 'active' | 'closed' | 'rejected';
export const OUTLET_STATUSES: readonly OutletStatus[] = ['pending', 'active', 'closed', 'rejected'];

/** A service outlet (网点). */
export interface Outlet {
  id: number;
  name: string;
  /** Taxonomy category ids, at least one. */
  categoryIds: string[];
  address: string | null;
  location: LngLat;
  /** OpenStreetMap `opening_hours` syntax. */
  openingHours: string | null;
  /** Services offered, e.g. 代收代发, 打印复印, 磨刀, 配钥匙. */
  services: string[];
  phone: string | null;
  status: OutletStatus;
  /** Why the street office rejected it (status `rejected`). */
  rejectReason: string | null;
  source: string;
  externalId: string | null;
  /** Day the listing was last checked (`YYYY-MM-DD`). */
  lastVerified: string | null;
  merchantId: number | null;
  /** The street the outlet lies in (assigned from boundaries or by the importer). */
  streetId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Merchant {
  id: number;
  name: string;
  contactName: string | null;
  phone: string | null;
  createdAt: string;
}

/** commission: the district commerce commission (everything); street_office: one street; merchant: own outlets. */
export type Role = 'commission' | 'street_office' | 'merchant';
export const ROLES: readonly Role[] = ['commission', 'street_office', 'merchant'];

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Set for street_office users: the street they act for. */
  streetId: number | null;
  /** Set for merchant users. */
  merchantId: number | null;
  /** `scrypt$N$r$p$salt$hash` (base64). Never leaves the server. */
  passwordHash: string;
  isDisabled: boolean;
  /** True until the user changes the one-time password they were given. */
  mustChangePassword: boolean;
  createdAt: string;
}

export interface Session {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  tokenHash: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
}

export type ReportKind = 'closed' | 'wrong_info';
export type FeedbackStatus = 'open' | 'resolved';

/** A resident's report that an outlet is closed or its information wrong. */
export interface ResidentReport {
  id: number;
  outletId: number;
  kind: ReportKind;
  message: string | null;
  /** The outlet's street at the time of the report. */
  streetId: number | null;
  status: FeedbackStatus;
  createdAt: string;
}

/** A resident's request for a missing service, pinned on the map. */
export interface ServiceRequest {
  id: number;
  categoryId: string | null;
  /** What is missing, in the resident's words (e.g. 修鞋). */
  need: string;
  location: LngLat;
  message: string | null;
  streetId: number | null;
  status: FeedbackStatus;
  createdAt: string;
}

export interface SurveyQuestion {
  id: string;
  text: string;
  kind: 'rating' | 'choice' | 'text';
  /** For `choice`. */
  options?: string[];
}

/** A satisfaction survey, district-wide (streetId null) or for one street. */
export interface Survey {
  id: number;
  title: string;
  streetId: number | null;
  questions: SurveyQuestion[];
  isOpen: boolean;
  createdAt: string;
}

export interface SurveyResponse {
  id: number;
  surveyId: number;
  /** The street the respondent lives in, when they said. */
  streetId: number | null;
  answers: Record<string, number | string>;
  createdAt: string;
}

/** One line of a field evaluation: a format checked on site. */
export interface FieldCheck {
  categoryId: string;
  isPresent: boolean;
  note: string | null;
}

/** A street office's on-site evaluation of a circle against the national guide. */
export interface FieldEvaluation {
  id: number;
  circleId: number;
  streetId: number;
  userId: number;
  /** Day of the visit (`YYYY-MM-DD`). */
  visitedOn: string;
  checks: FieldCheck[];
  notes: string | null;
  /** Photo references (file names or URLs) kept with the evaluation. */
  photos: string[];
  createdAt: string;
}

/** A walking network stored as the engine's graph buffer. */
export interface NetworkInfo {
  id: number;
  name: string;
  source: string;
  numNodes: number;
  numEdges: number;
  createdAt: string;
}

/** `interrupted`: its process died while it ran (found at the next start); it can be resumed. */
export type RunStatus = 'running' | 'done' | 'failed' | 'interrupted';

/** One analysis run (walking access of every compound to every category). */
export interface AnalysisRun {
  id: number;
  kind: string;
  status: RunStatus;
  networkId: number | null;
  params: Record<string, unknown>;
  summary: Record<string, unknown> | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** Walking distance from one compound to the nearest outlet of one category (metres; null when unreachable). */
export interface AccessResult {
  runId: number;
  compoundId: number;
  categoryId: string;
  walkM: number | null;
  /** Outlets of the category within 15 minutes at the planning speed. */
  numWithin15: number;
}

/** One line of the append-only audit log. */
export interface AuditEntry {
  id: number;
  at: string;
  /** null for anonymous actions and the system. */
  userId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** One edit of a what-if scenario. Locations WGS-84. */
export type ScenarioEdit =
  | { kind: 'add_outlet'; name: string; location: LngLat; categoryIds: string[]; openingHours: string | null }
  | { kind: 'remove_outlet'; outletId: number }
  | { kind: 'move_outlet'; outletId: number; location: LngLat }
  | { kind: 'add_compound'; name: string; location: LngLat; residents: number; age60plus: number; age0to14: number };

/** A saved what-if scenario: edits on top of the current data, and the result last computed for it. */
export interface Scenario {
  id: number;
  name: string;
  description: string | null;
  edits: ScenarioEdit[];
  /** Summary of the last evaluation against the baseline, or null before the first. */
  result: Record<string, unknown> | null;
  userId: number | null;
  createdAt: string;
  updatedAt: string;
}
