import type { WalkRouter } from '@lifecircle/analysis';
import type { AnalysisRun, ScenarioEdit, Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';

/** Tunable limits of the HTTP API; every field has a default (see `resolveConfig`). */
export interface ServerConfig {
  /** Session lifetime in seconds (default 8 h). */
  sessionTtlS: number;
  /** Adds `Secure` to the session cookie; on behind HTTPS (default false for local use). */
  cookieSecure: boolean;
  /** Largest JSON body in bytes (default 1 MiB). */
  bodyLimitBytes: number;
  /**
   * Longest request URL (path and query string) in bytes (default 8 KiB). Over
   * real HTTP, Node refuses a request line and headers past 16 KiB (431) before the app.
   */
  urlLimitBytes: number;
  /** Longest path parameter (an id, an import kind) in bytes (default 100, Fastify's own). */
  pathParameterLimitBytes: number;
  /** Largest import file in bytes (default 64 MiB). */
  importBodyLimitBytes: number;
  /** Largest field-evaluation photo in bytes (default 8 MiB). */
  photoBytesLimit: number;
  /** Photos one field evaluation may hold (default 10). */
  maxPhotosPerEvaluation: number;
  /** Login attempts per client per minute (default 10). */
  loginPerMinute: number;
  /** Wrong passwords an account takes within `loginFailureWindowS` before its sign-ins are refused (default 5). */
  loginFailuresPerAccount: number;
  /** The window of `loginFailuresPerAccount`, seconds (default 15 minutes). */
  loginFailureWindowS: number;
  /** Anonymous posts (reports, requests, survey responses, merchant sign-ups) per client per hour (default 30). */
  anonymousPostsPerHour: number;
  /** Public reads per client per minute (default 600). */
  publicReadsPerMinute: number;
  /**
   * Behind a reverse proxy, the proxies whose `X-Forwarded-For` names the client (Fastify's trustProxy: an
   * address or comma-separated CIDR list); without it every client behind the proxy shares one rate limit.
   * Default false: the connection's address is the client.
   */
  trustProxy: boolean | string;
}

/**
 * An online raster basemap drawn under our own data (optional: without it the web app requests nothing
 * outside this server). Tiles in `crs` GCJ-02 (Amap, Tencent) make the web app shift our WGS-84 data to match.
 */
export interface BasemapConfig {
  /** Tile URL templates with `{z}`, `{x}` and `{y}` (several: the client spreads requests over them). */
  tiles: string[];
  /** The coordinate system the tiles are drawn in. */
  crs: 'wgs84' | 'gcj02';
  /** Plain-text credit shown on the map (the tile provider's terms usually require one). */
  attribution: string;
  /** The deepest zoom the provider serves (the map over-zooms beyond it). */
  maxZoom: number;
}

/** Everything `createApp` needs; nothing in the app reads the environment. */
export interface AppDeps {
  store: Store;
  taxonomy: Taxonomy;
  /**
   * null until a network is imported: `GET /api/outlets/nearby` then answers NO_NETWORK.
   * Routes read it at call time: an OSM import through `importOsm` replaces it.
   */
  router: WalkRouter | null;
  /** Fastify's logger option (tests: false). */
  logger?: boolean | object;
  /** The clock, replaceable in tests of expiry and of `openAt` defaults. */
  now?: () => Date;
  config?: Partial<ServerConfig>;
  /** Starts an analysis run for `POST /api/admin/analysis-runs`; the route answers 503 when absent. */
  /**
   * Imports an OpenStreetMap file (the bytes of a PBF or XML file) for `POST /api/admin/imports/osm`,
   * returning its report and a router over the new network; SERVICE_UNAVAILABLE when absent.
   */
  importOsm?: (
    bytes: Uint8Array,
    file: string,
    context: { userId: number; requestId: string },
  ) => Promise<{ report: Record<string, unknown>; router: WalkRouter | null }>;
  /** The optional online basemap, handed to the web app by `GET /api/config`; absent: our own data only. */
  basemap?: BasemapConfig | null;
  /** Folder of the built web app (packages/web/dist), served at `/`; absent: API only. */
  webRoot?: string;
  /** The planner workbench (evaluation, portraits, shortfalls, recommendation, delineation, what-if, reports); SERVICE_UNAVAILABLE when absent. */
  planner?: PlannerService;
  startAnalysis?: (params: Record<string, unknown>, context: { userId: number; requestId: string }) => Promise<AnalysisRun>;
  /**
   * Reruns an interrupted analysis run (its process died) for `POST /api/admin/analysis-runs/{id}/resume`:
   * NOT_FOUND, or CONFLICT unless it is interrupted; SERVICE_UNAVAILABLE when absent.
   */
  resumeAnalysis?: (runId: number, context: { userId: number; requestId: string }) => Promise<AnalysisRun>;
}

/** The defaults of ServerConfig. */
export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  sessionTtlS: 8 * 3600,
  cookieSecure: false,
  bodyLimitBytes: 1024 * 1024,
  urlLimitBytes: 8 * 1024,
  pathParameterLimitBytes: 100,
  importBodyLimitBytes: 64 * 1024 * 1024,
  photoBytesLimit: 8 * 1024 * 1024,
  maxPhotosPerEvaluation: 10,
  loginPerMinute: 10,
  loginFailuresPerAccount: 5,
  loginFailureWindowS: 15 * 60,
  anonymousPostsPerHour: 30,
  publicReadsPerMinute: 600,
  trustProxy: false,
};

/** The configuration with defaults filled in. */
export function resolveConfig(config: Partial<ServerConfig> | undefined): ServerConfig {
  return { ...DEFAULT_SERVER_CONFIG, ...config };
}

/** Profile and time of day of a planner figure: `at` is China wall-clock "HH:MM", or null to ignore opening hours. */
export interface PlannerQuery {
  profile: 'adult' | 'elderly';
  at: string | null;
}

/** A site-recommendation request (see POST /api/planner/recommendations). */
export interface RecommendRequest {
  categoryId: string;
  /** New outlets to place; or coverageTarget. */
  k?: number;
  /** Share of residents (0–1) to reach within the category's target minutes. */
  coverageTarget?: number;
  method: 'greedy' | 'exact' | 'auto';
  objective: 'coverage' | 'p-median';
  /** Extra weight of a resident aged 60+ (0 = none, 1 = counts twice). */
  elderlyWeight: number;
  profile: 'adult' | 'elderly';
  /** nodes: junctions and dead ends of the network; buildings: ground floors of buildings on streets. */
  candidates: 'nodes' | 'buildings';
  /** HiGHS's wall-clock limit for exact and auto, seconds. */
  timeLimitS?: number;
}

/**
 * The planner workbench as the server uses it. Results are plain JSON for the
 * API; the implementation (packages/platform) keeps the planner model in
 * memory and rebuilds it after `invalidate()`.
 */
export interface PlannerService {
  evaluation(query: PlannerQuery): Promise<Record<string, unknown>>;
  circlePortrait(circleId: number, query: PlannerQuery): Promise<Record<string, unknown>>;
  /** Shortfalls of one circle, with the uncovered compounds as GeoJSON. */
  circleShortfalls(circleId: number, query: PlannerQuery): Promise<Record<string, unknown>>;
  sharing(query: PlannerQuery): Promise<Record<string, unknown>>;
  /** Walking minutes from every compound to the nearest outlet of a category, as GeoJSON (a walking-time surface). */
  surface(categoryId: string, query: PlannerQuery): Promise<Record<string, unknown>>;
  recommend(request: RecommendRequest): Promise<Record<string, unknown>>;
  delineation(options: { minResidents?: number; maxResidents?: number; maxMinutes?: number }): Promise<Record<string, unknown>>;
  /** Evaluates edits against the baseline (nothing is saved). */
  whatIf(edits: ScenarioEdit[], query: PlannerQuery): Promise<Record<string, unknown>>;
  report(
    kind: 'district.xlsx' | 'district.pdf' | 'circle.pdf',
    options: PlannerQuery & { circleId?: number },
  ): Promise<Uint8Array>;
  /** Data changed (outlets, compounds, imports): the next call rebuilds the model. */
  invalidate(): void;
}
