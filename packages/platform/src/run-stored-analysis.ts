import { DEFAULT_ACCESS_OPTIONS, runAccess } from '@lifecircle/analysis';
import type { Compound as OsmCompound, Outlet as OsmOutlet } from '@lifecircle/osm';
import { ringAreaCentroid } from '@lifecircle/osm';
import { hostname } from 'node:os';
import type { WalkGraph } from '@lifecircle/engine';
import { LifecircleError, type AccessResult, type AnalysisRun, type Compound, type Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { requireLatestGraph } from './stored-network.js';

export interface StoredAnalysisOptions {
  /** Walking speed of the stored figures, m/s (results are kept in metres; minutes follow for any profile). */
  speedMps?: number;
  workers?: number;
  userId: number | null;
  requestId: string | null;
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
  const speedMps = options.speedMps ?? DEFAULT_ACCESS_OPTIONS.speedMps;
  const params = { profile: 'adult', speedMps, categories: walkCategories(taxonomy).map((c) => c.id) };
  const run = await store.transaction(async (tx) => {
    const created = await tx.insertAnalysisRun({
      kind: 'access',
      status: 'running',
      networkId: latest.info.id,
      params,
      summary: { owner: thisProcess() },
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    });
    await tx.appendAudit({
      userId: options.userId,
      action: 'start',
      entity: 'analysis_run',
      entityId: String(created.id),
      before: null,
      after: created,
      requestId: options.requestId,
    });
    return created;
  });
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

function walkCategories(taxonomy: Taxonomy) {
  return taxonomy.categories.filter((c) => c.walkEvaluated);
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
  const speedMps = typeof run.params.speedMps === 'number' ? run.params.speedMps : DEFAULT_ACCESS_OPTIONS.speedMps;
  const categories = walkCategories(taxonomy);
  try {
    const compounds = await store.listCompounds();
    const outlets = await store.listOutlets({ status: ['active'] });
    const result = await runAccess(
      {
        graph,
        categories,
        outlets: outlets.map(toOsmOutlet),
        compounds: compounds.map(toOsmCompound),
        origins: {
          id: compounds.map((c) => String(c.id)),
          lng: Float64Array.from(compounds, (c) => c.location[0]),
          lat: Float64Array.from(compounds, (c) => c.location[1]),
          population: Float64Array.from(compounds, (c) => c.residents),
        },
      },
      { ...DEFAULT_ACCESS_OPTIONS, speedMps, countMinutes: [15], workers: workers ?? DEFAULT_ACCESS_OPTIONS.workers },
    );
    const rows: AccessResult[] = [];
    const toMetres = speedMps * 60;
    categories.forEach((category, c) => {
      const minutes = result.minutes[c]!;
      const counts = result.counts[c];
      compounds.forEach((compound, p) => {
        const m = minutes[p]!;
        rows.push({
          runId: run.id,
          compoundId: compound.id,
          categoryId: category.id,
          walkM: Number.isNaN(m) ? null : Math.round(m * toMetres * 10) / 10,
          numWithin15: counts ? counts[p]! : 0,
        });
      });
    });
    const summary = {
      durationMs: Math.round(performance.now() - started),
      numCompounds: compounds.length,
      numOutlets: outlets.length,
      numOriginsOffNetwork: result.numOriginsOffNetwork,
      numOriginsBehindGates: result.numOriginsBehindGates,
      coverage: result.coverage.map((c) => ({
        categoryId: c.categoryId,
        targetMinutes: c.targetMinutes,
        numOutlets: c.numOutlets,
        share: Number.isNaN(c.share) ? null : c.share,
        meanMinutes: Number.isNaN(c.meanMinutes) ? null : c.meanMinutes,
      })),
    };
    return await store.transaction(async (tx) => {
      await tx.insertAccessResults(rows);
      return tx.updateAnalysisRun(run.id, { status: 'done', summary, finishedAt: new Date().toISOString() });
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await store.updateAnalysisRun(run.id, { status: 'failed', error: message, finishedAt: new Date().toISOString() });
    throw error;
  }
}

function toOsmOutlet(outlet: {
  id: number;
  name: string;
  location: readonly [number, number];
  categoryIds: string[];
  openingHours: string | null;
}): OsmOutlet {
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
  const outline = compound.outline;
  const ring =
    outline === null ? [] : outline.type === 'Polygon' ? (outline.coordinates[0] ?? []) : (outline.coordinates[0]?.[0] ?? []);
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
