import { DEFAULT_ACCESS_OPTIONS, runAccess } from '@lifecircle/analysis';
import { walkMetres, walkSubgraph, type WalkGraph } from '@lifecircle/engine';
import type { Compound as OsmCompound, Outlet as OsmOutlet } from '@lifecircle/osm';
import { ringAreaCentroid } from '@lifecircle/osm';
import {
  boundsOf,
  LifecircleError,
  pointsBbox,
  type AccessResult,
  type AnalysisRun,
  type Category,
  type Compound,
  type Taxonomy,
} from '@lifecircle/shared';
import { hostname } from 'node:os';
import { BULK_LOAD_ROWS, type Store } from '@lifecircle/store';
import { accessRunSummary, partCoverage, type AccessPart } from './access-summary.js';
import { requireLatestGraph } from './stored-network.js';

export interface StoredAnalysisOptions {
  /** Walking speed of the stored figures, m/s (results are kept in metres; minutes follow for any profile). */
  speedMps?: number;
  workers?: number;
  userId: number | null;
  requestId: string | null;
}

/** The parameters every access run records: the speed its metres were counted at and the categories searched. */
export type AccessRunParams = {
  profile: 'adult';
  speedMps: number;
  categories: string[];
};

/** Parameters of an access run over the taxonomy's walk-evaluated categories. */
export function accessRunParams(taxonomy: Taxonomy, speedMps: number = DEFAULT_ACCESS_OPTIONS.speedMps): AccessRunParams {
  return { profile: 'adult', speedMps, categories: taxonomy.categories.filter((c) => c.walkEvaluated).map((c) => c.id) };
}

/** The taxonomy's categories a run names, in the run's order; INTERNAL when the taxonomy lacks one. */
export function runCategories(taxonomy: Taxonomy, categoryIds: readonly string[]): Category[] {
  return categoryIds.map((id) => {
    const category = taxonomy.categories.find((c) => c.id === id);
    if (category === undefined) {
      throw new LifecircleError('INTERNAL', { reason: `the run names category ${id}, which this taxonomy does not have` });
    }
    return category;
  });
}

/** Records a new access run as `running`, with its audit entry, in one transaction. */
export async function insertAccessRun(
  store: Store,
  run: { networkId: number; params: AccessRunParams & Record<string, unknown>; summary?: Record<string, unknown> },
  who: { userId: number | null; requestId: string | null },
): Promise<AnalysisRun> {
  return store.transaction(async (tx) => {
    const created = await tx.insertAnalysisRun({
      kind: 'access',
      status: 'running',
      networkId: run.networkId,
      params: run.params,
      summary: run.summary ?? null,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    });
    await tx.appendAudit({
      userId: who.userId,
      action: 'start',
      entity: 'analysis_run',
      entityId: String(created.id),
      before: null,
      after: created,
      requestId: who.requestId,
    });
    return created;
  });
}

/** What `computeStoredAccess` reads: the stored network, compounds and active outlets. */

export interface StoredAccessInput {
  graph: WalkGraph;
  categories: readonly Category[];
  /** Every compound of the store: their outlines and gates decide how any point (origin or outlet) reaches the network. */
  compounds: readonly Compound[];
  /** The compounds whose residents are the origins (a district's); all of `compounds` when absent. */
  origins?: readonly Compound[];
  outlets: readonly {
    id: number;
    name: string;
    location: readonly [number, number];
    categoryIds: string[];
    openingHours: string | null;
  }[];
  speedMps: number;
  /** Nothing farther is reported (default the access job's 60 minutes). */
  cutoffMinutes?: number;
  workers?: number;
}

/**
 * Walking access of the origin compounds to the nearest outlet of every
 * category, as result rows for `runId` (metres, and outlets within 15
 * minutes), with the part's figures for the run summary. An origin's figures
 * do not depend on which other origins are searched, so a district's rows
 * equal that district's rows of a whole-store run.
 */
export async function computeStoredAccess(
  input: StoredAccessInput,
  runId: number,
): Promise<{ rows: AccessResult[]; part: AccessPart }> {
  const { categories, speedMps } = input;
  const origins = input.origins ?? input.compounds;
  const cutoffMinutes = input.cutoffMinutes ?? DEFAULT_ACCESS_OPTIONS.cutoffMinutes;
  const { graph, compounds, outlets, projectionLat }: Reach =
    input.origins === undefined ? input : withinReach(input, origins, walkMetres(cutoffMinutes, speedMps));
  const result = await runAccess(
    {
      graph,
      categories,
      outlets: outlets.map(toOsmOutlet),
      compounds: compounds.map(toOsmCompound),
      origins: {
        id: origins.map((c) => String(c.id)),
        lng: Float64Array.from(origins, (c) => c.location[0]),
        lat: Float64Array.from(origins, (c) => c.location[1]),
        population: Float64Array.from(origins, (c) => c.residents),
      },
      ...(projectionLat === undefined ? {} : { projectionLat }),
    },
    {
      ...DEFAULT_ACCESS_OPTIONS,
      speedMps,
      cutoffMinutes,
      countMinutes: [15],
      workers: input.workers ?? DEFAULT_ACCESS_OPTIONS.workers,
    },
  );
  const rows: AccessResult[] = [];
  const toMetres = speedMps * 60;
  categories.forEach((category, c) => {
    const minutes = result.minutes[c]!;
    const counts = result.counts[c];
    origins.forEach((compound, p) => {
      const m = minutes[p]!;
      rows.push({
        runId,
        compoundId: compound.id,
        categoryId: category.id,
        walkM: Number.isNaN(m) ? null : Math.round(m * toMetres * 10) / 10,
        numWithin15: counts ? counts[p]! : 0,
      });
    });
  });
  // The part's outlet counts are the store's: outlets beyond reach were left out of the search, not out of the district's offer.
  const coverage = partCoverage(result.coverage).map((c) => ({
    ...c,
    numOutlets: input.outlets.filter((o) => o.categoryIds.includes(c.categoryId)).length,
  }));
  const part: AccessPart = {
    numCompounds: origins.length,
    numOutlets: input.outlets.length,
    numOriginsOffNetwork: result.numOriginsOffNetwork,
    numOriginsBehindGates: result.numOriginsBehindGates,
    coverage,
  };
  return { rows, part };
}

/** What a search reads: the network (whole or cut), with the latitude its snapping is projected around when cut. */
type Reach = Pick<StoredAccessInput, 'graph' | 'compounds' | 'outlets'> & { projectionLat?: number };

/**
 * The network, compounds and outlets a search from `origins` can reach: a
 * walk of at most `cutoffM` from an origin's snap (at most the access job's
 * snapping distance away, out through a gate on its compound's outline)
 * stays inside the origins' box widened by both, so the searches on the cut
 * network give the same metres, and an outlet outside that box is farther
 * than the cutoff from every origin. A district's job then labels its
 * district and a ring around it, not the whole city. The whole input when
 * the box holds the whole network.
 */
function withinReach(input: StoredAccessInput, origins: readonly Compound[], cutoffM: number): Reach {
  const box = reachBox(origins, cutoffM);
  const { graph } = input;
  let isWhole = true;
  for (let v = 0; v < graph.numNodes && isWhole; v++) {
    const lng = graph.nodeLng[v]!;
    const lat = graph.nodeLat[v]!;
    isWhole = lng >= box[0] && lng <= box[2] && lat >= box[1] && lat <= box[3];
  }
  if (isWhole) return input;
  const isInside = ([lng, lat]: readonly [number, number]) => lng >= box[0] && lng <= box[2] && lat >= box[1] && lat <= box[3];
  const meets = (c: Compound) => {
    const [minLng, minLat, maxLng, maxLat] = boundsOf([c.location, ...outerRing(c)]);
    return !(maxLng < box[0] || minLng > box[2] || maxLat < box[1] || minLat > box[3]);
  };
  const part = walkSubgraph(graph, box);
  return {
    graph: part.graph,
    // Projected as the whole network, the part snaps every point to the same spot: the same metres to the last bit.
    projectionLat: part.referenceLat,
    compounds: input.compounds.filter(meets),
    outlets: input.outlets.filter((o) => isInside(o.location)),
  };
}

/** The box a search from these compounds can reach within `cutoffM` walking metres (see `withinReach`). */
export function reachBox(origins: readonly Compound[], cutoffM: number): [number, number, number, number] {
  // 2 % and 50 m of slack over the degree conversion's approximation.
  const reachM = (cutoffM + DEFAULT_ACCESS_OPTIONS.maxSnapM) * 1.02 + 50;
  return pointsBbox(
    origins.flatMap((c) => [c.location, ...c.gates, ...outerRing(c)]),
    reachM,
  );
}

/** The outer ring of a compound's outline (its gates stand on it); empty without an outline. */
function outerRing(compound: Compound): readonly (readonly [number, number])[] {
  const outline = compound.outline;
  if (outline === null) return [];
  return outline.type === 'Polygon' ? (outline.coordinates[0] ?? []) : (outline.coordinates[0]?.[0] ?? []);
}

/** A run being executed, and the promise of its end (`done` or `failed`; it rejects with the failure). */
export interface StartedRun {
  run: AnalysisRun;
  done: Promise<AnalysisRun>;
}

/**
 * Starts an access run over what the store holds: every compound (entered
 * through its gates) to the nearest active outlet of every walk-evaluated
 * category over the latest network, and the outlets within 15 minutes. The
 * run is recorded as `running` at once, with this process as its owner (see
 * `markInterruptedRuns`); `done` settles when its results are stored and the
 * run is `done` (or `failed`, with the error kept). Results and the `done`
 * status are written in one transaction, so a run that dies leaves no rows.
 */
export async function startStoredAnalysis(store: Store, taxonomy: Taxonomy, options: StoredAnalysisOptions): Promise<StartedRun> {
  const latest = await requireLatestGraph(store);
  const params = accessRunParams(taxonomy, options.speedMps);
  const run = await insertAccessRun(store, { networkId: latest.info.id, params, summary: { owner: thisProcess() } }, options);
  return { run, done: executeRun(store, taxonomy, run, latest.graph, options.workers) };
}

/**
 * Runs an interrupted run again, under the same id and parameters, over what
 * the store holds now (the latest network, the active outlets): CONFLICT
 * unless the run is `interrupted`. Its interruption left no results (they are
 * written with the `done` status in one transaction), so it starts afresh.
 */
export async function resumeStoredAnalysis(
  store: Store,
  taxonomy: Taxonomy,
  runId: number,
  options: Omit<StoredAnalysisOptions, 'speedMps'>,
): Promise<StartedRun> {
  const latest = await requireLatestGraph(store);
  const run = await store.transaction(async (tx) => {
    const before = await tx.getAnalysisRun(runId);
    if (before === null) throw new LifecircleError('NOT_FOUND', { entity: 'analysis run', id: runId });
    if (before.status !== 'interrupted') {
      throw new LifecircleError('CONFLICT', {
        reason: `analysis run ${runId} is ${before.status}; only an interrupted run resumes`,
      });
    }
    const resumed = await tx.updateAnalysisRun(runId, {
      status: 'running',
      networkId: latest.info.id,
      summary: { owner: thisProcess(), resumedFrom: before.error },
      error: null,
    });
    await tx.appendAudit({
      userId: options.userId,
      action: 'resume',
      entity: 'analysis_run',
      entityId: String(runId),
      before,
      after: resumed,
      requestId: options.requestId,
    });
    return resumed;
  });
  return { run, done: executeRun(store, taxonomy, run, latest.graph, options.workers) };
}

/** Where a run executes: written into a running run's summary so a later start can tell whether it died. */
export interface RunOwner {
  host: string;
  pid: number;
  /** When the owning process started (ISO 8601): a restarted container often gets the same pid again. */
  processStartedAt?: string;
}

const PROCESS_STARTED_AT = new Date(Date.now() - process.uptime() * 1000).toISOString();

function thisProcess(): RunOwner {
  return { host: hostname(), pid: process.pid, processStartedAt: PROCESS_STARTED_AT };
}

/** True when the owner process still exists on this machine (signal 0 checks without signalling). */
function isProcessAlive(owner: RunOwner): boolean {
  if (owner.pid === process.pid) return owner.processStartedAt === PROCESS_STARTED_AT;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Marks as `interrupted` every `running` run whose owner process is gone: on
 * this machine and no longer alive, or not recorded at all (runs from before
 * owners were kept). Runs owned by another machine are left alone (their own
 * start will judge them). Each change is audited. Called when the platform
 * starts; returns the runs it marked, which `resumeStoredAnalysis` can rerun.
 */
export async function markInterruptedRuns(
  store: Store,
  options: { isAlive?: (owner: RunOwner) => boolean; now?: () => Date } = {},
): Promise<AnalysisRun[]> {
  const here = hostname();
  const isAlive = options.isAlive ?? ((owner: RunOwner) => owner.host === here && isProcessAlive(owner));
  const marked: AnalysisRun[] = [];
  for (const run of await store.listAnalysisRuns({ status: 'running' })) {
    // A queued run belongs to its job queue, which retries a dead worker's job itself (packages/jobs).
    if (typeof run.params.queue === 'string') continue;
    const owner = ownerOf(run);
    if (owner !== null && (owner.host !== here || isAlive(owner))) continue;
    const reason = owner === null ? 'its process is unknown' : `process ${owner.pid} on ${owner.host} ended while it ran`;
    marked.push(
      await store.transaction(async (tx) => {
        const after = await tx.updateAnalysisRun(run.id, {
          status: 'interrupted',
          error: reason,
          finishedAt: (options.now?.() ?? new Date()).toISOString(),
        });
        await tx.appendAudit({
          userId: null,
          action: 'interrupt',
          entity: 'analysis_run',
          entityId: String(run.id),
          before: run,
          after,
          requestId: null,
        });
        return after;
      }),
    );
  }
  return marked;
}

function ownerOf(run: AnalysisRun): RunOwner | null {
  const owner = run.summary?.owner as Partial<RunOwner> | undefined;
  if (typeof owner?.host !== 'string' || typeof owner.pid !== 'number') return null;
  const startedAt = typeof owner.processStartedAt === 'string' ? { processStartedAt: owner.processStartedAt } : {};
  return { host: owner.host, pid: owner.pid, ...startedAt };
}

/** Executes a recorded `running` run to `done` (results and status in one transaction) or `failed`. */
async function executeRun(
  store: Store,
  taxonomy: Taxonomy,
  run: AnalysisRun,
  graph: WalkGraph,
  workers: number | undefined,
): Promise<AnalysisRun> {
  const started = performance.now();
  try {
    const speedMps = typeof run.params.speedMps === 'number' ? run.params.speedMps : DEFAULT_ACCESS_OPTIONS.speedMps;
    // A resumed run searches the categories it was started with.
    const categoryIds = Array.isArray(run.params.categories)
      ? run.params.categories.map(String)
      : accessRunParams(taxonomy).categories;
    const { rows, part } = await computeStoredAccess(
      {
        graph,
        categories: runCategories(taxonomy, categoryIds),
        compounds: await store.listCompounds(),
        outlets: await store.listOutlets({ status: ['active'] }),
        speedMps,
        ...(workers === undefined ? {} : { workers }),
      },
      run.id,
    );
    const summary = accessRunSummary([part], performance.now() - started);
    const done = await store.transaction(async (tx) => {
      await tx.insertAccessResults(rows);
      return tx.updateAnalysisRun(run.id, { status: 'done', summary, finishedAt: new Date().toISOString() });
    });
    // A run writes a result per compound and category: a bulk load (the run is done whatever this says).
    if (rows.length >= BULK_LOAD_ROWS) await store.refreshStatistics().catch(() => false);
    return done;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await store.updateAnalysisRun(run.id, { status: 'failed', error: message, finishedAt: new Date().toISOString() });
    throw error;
  }
}

function toOsmOutlet(outlet: StoredAccessInput['outlets'][number]): OsmOutlet {
  return {
    osmType: 'node',
    osmId: outlet.id,
    lng: outlet.location[0],
    lat: outlet.location[1],
    name: outlet.name,
    categoryIds: outlet.categoryIds,
    openingHours: outlet.openingHours,
    phone: null,
    address: null,
    services: [],
  };
}

/** A stored compound in the shape the access job reads gates from (its outline's outer ring). */
function toOsmCompound(compound: Compound): OsmCompound {
  const ring = outerRing(compound);
  const ringLng = Float64Array.from(ring, (p) => p[0]);
  const ringLat = Float64Array.from(ring, (p) => p[1]);
  return {
    osmId: compound.id,
    name: compound.name,
    ringLng,
    ringLat,
    areaM2: ring.length >= 3 ? ringAreaCentroid(ringLng, ringLat).areaM2 : 0,
    // Gates only count with an outline to be inside of.
    gateOsmIds: ring.length >= 3 ? compound.gates.map((_, k) => k) : [],
    gateLng: ring.length >= 3 ? compound.gates.map((g) => g[0]) : [],
    gateLat: ring.length >= 3 ? compound.gates.map((g) => g[1]) : [],
  };
}
