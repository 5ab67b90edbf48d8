import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  attachmentsOnChains,
  attachPoints,
  buildSegmentIndex,
  contractChains,
  countOffNetwork,
  walkMetres,
  type GateAccess,
  type PointSet,
  type WalkGraph,
} from '@lifecircle/engine';
import { CompoundLocator, type Compound, type Outlet } from '@lifecircle/osm';
import type { Category } from '@lifecircle/shared';
import { AccessContext, pointSetData, type AccessContextData, type CategoryResult } from './category-access.js';
import type { Origins } from './read-origins-csv.js';

export interface AccessOptions {
  /** Walking speed, metres per second. */
  speedMps: number;
  /** Name of the profile that produced the figures (adult, elderly, planning, custom). */
  profileId: string;
  /** Treat compounds as open: every point snaps straight to its nearest segment. */
  ignoreGates: boolean;
  /** Nothing beyond this many minutes is reported. */
  cutoffMinutes: number;
  /** Points farther than this from every walkable segment are off the network. */
  maxSnapM: number;
  /** Minutes at which outlets are counted per origin (5, 10, 15); empty to skip the counts. */
  countMinutes: number[];
  /** Worker threads; 0 computes on the calling thread. */
  workers: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Node visits below which the job runs on the calling thread: measured on the
 * district preset (14,000 core nodes × 29 categories took 0.07 s on one
 * thread, while two workers added 0.15 s of start-up).
 */
const MIN_WORK_FOR_WORKERS = 3_000_000;
/** Rough core nodes one 15-minute count search visits. */
const COUNT_SEARCH_NODES = 2_000;

export const DEFAULT_ACCESS_OPTIONS: AccessOptions = {
  speedMps: 1.2,
  profileId: 'adult',
  ignoreGates: false,
  cutoffMinutes: 60,
  maxSnapM: 500,
  countMinutes: [5, 10, 15],
  workers: Math.min(availableParallelism(), 8),
};

export interface AccessInput {
  graph: WalkGraph;
  categories: readonly Category[];
  outlets: readonly Outlet[];
  compounds: readonly Compound[];
  origins: Origins;
  /** Latitude the snapping projection is centred on (default the graph's mean): a part of a larger graph passes the whole's. */
  projectionLat?: number;
}

export interface CategoryCoverage {
  categoryId: string;
  targetMinutes: number | null;
  numOutlets: number;
  /** Residents within the target minutes, and of all origins on the network or not. */
  coveredPopulation: number;
  totalPopulation: number;
  /** Residents of the origins that reach an outlet of the category within the cutoff. */
  reachedPopulation: number;
  /** coveredPopulation / totalPopulation (NaN with no residents). */
  share: number;
  /** Population-weighted mean minutes over origins that reach an outlet. */
  meanMinutes: number;
}

export interface AccessResult {
  categories: readonly Category[];
  origins: Origins;
  options: AccessOptions;
  /** Per category, minutes per origin; NaN where nothing is reachable within the cutoff. */
  minutes: Float32Array[];
  /** Per category, outlets within each of countMinutes, origin-major (`p * countMinutes.length + k`); null when skipped. */
  counts: (Uint16Array | null)[];
  coverage: CategoryCoverage[];
  numOriginsOffNetwork: number;
  numOutletsOffNetwork: number;
  /** Origins inside compounds that have mapped gates (0 with ignoreGates). */
  numOriginsBehindGates: number;
}

/**
 * The access job: minutes from every origin to the nearest outlet of each
 * category over the walk network, outlets within 5/10/15 minutes, and
 * population-weighted coverage per category. Categories are spread across
 * worker threads that share the graph's SharedArrayBuffer.
 */
export async function runAccess(input: AccessInput, options: AccessOptions = DEFAULT_ACCESS_OPTIONS): Promise<AccessResult> {
  const { graph, categories, outlets, compounds, origins } = input;
  if (!(options.speedMps > 0)) throw new RangeError(`expected a positive walking speed, got ${options.speedMps}`);
  const index = buildSegmentIndex(graph, input.projectionLat);
  const gated = gatedCompounds(compounds, options.ignoreGates);
  const originPoints = attach(graph, index, origins.lng, origins.lat, gated, options.maxSnapM);
  const outletPoints = attach(
    graph,
    index,
    Float64Array.from(outlets, (o) => o.lng),
    Float64Array.from(outlets, (o) => o.lat),
    gated,
    options.maxSnapM,
  );
  // Searches run on the graph with its chains of shape nodes contracted: the same distances, a fraction of the nodes.
  const contracted = contractChains(graph);
  const onChains = (points: PointSet): PointSet => ({
    ...points,
    attachments: attachmentsOnChains(contracted, graph, points.attachments),
  });
  const data: AccessContextData = {
    graphBuffer: contracted.core.buffer,
    origins: pointSetData(onChains(originPoints)),
    outlets: pointSetData(onChains(outletPoints)),
    cutoffM: walkMetres(options.cutoffMinutes, options.speedMps),
    countThresholdsM: options.countMinutes.map((m) => walkMetres(m, options.speedMps)),
  };
  const tasks = categories.map((category) => {
    const members: number[] = [];
    outlets.forEach((outlet, o) => {
      if (outlet.categoryIds.includes(category.id)) members.push(o);
    });
    return Uint32Array.from(members);
  });
  // Starting a worker costs about 100 ms (a thread and its modules): below this much work one thread is faster.
  const work =
    contracted.core.numNodes * tasks.length + (options.countMinutes.length > 0 ? outlets.length * COUNT_SEARCH_NODES : 0);
  const workers = work < MIN_WORK_FOR_WORKERS ? 0 : options.workers;
  const results = await computeCategories(data, tasks, { ...options, workers });

  const minutes: Float32Array[] = [];
  const counts: (Uint16Array | null)[] = [];
  const coverage: CategoryCoverage[] = [];
  const toMinutes = 1 / (options.speedMps * 60);
  let totalPopulation = 0;
  for (let p = 0; p < origins.population.length; p++) totalPopulation += origins.population[p]!;
  categories.forEach((category, c) => {
    const result = results[c]!;
    const m = new Float32Array(result.distM.length);
    let covered = 0;
    let weightedMinutes = 0;
    let reachedPopulation = 0;
    const target = category.defaultWalkMinutes;
    for (let p = 0; p < m.length; p++) {
      const d = result.distM[p]!;
      const value = d === Infinity ? NaN : d * toMinutes;
      m[p] = value;
      if (Number.isNaN(value)) continue;
      const weight = origins.population[p]!;
      reachedPopulation += weight;
      weightedMinutes += weight * value;
      if (target !== null && value <= target) covered += weight;
    }
    minutes.push(m);
    counts.push(result.counts);
    coverage.push({
      categoryId: category.id,
      targetMinutes: target,
      numOutlets: tasks[c]!.length,
      coveredPopulation: covered,
      totalPopulation,
      reachedPopulation,
      share: totalPopulation > 0 ? covered / totalPopulation : NaN,
      meanMinutes: reachedPopulation > 0 ? weightedMinutes / reachedPopulation : NaN,
    });
  });
  let behindGates = 0;
  if (originPoints.compound) for (const c of originPoints.compound) if (c >= 0) behindGates++;
  return {
    categories,
    origins,
    options,
    minutes,
    counts,
    coverage,
    numOriginsOffNetwork: countOffNetwork(originPoints.attachments),
    numOutletsOffNetwork: countOffNetwork(outletPoints.attachments),
    numOriginsBehindGates: behindGates,
  };
}

/** Compounds with at least one gate, as GateAccess inputs; null when gates are ignored or none exist. */
function gatedCompounds(compounds: readonly Compound[], ignoreGates: boolean) {
  if (ignoreGates) return null;
  const list = compounds.filter((c) => c.gateLng.length > 0);
  if (list.length === 0) return null;
  const compoundGateStart = new Uint32Array(list.length + 1);
  list.forEach((c, i) => (compoundGateStart[i + 1] = compoundGateStart[i]! + c.gateLng.length));
  return {
    locator: new CompoundLocator(list),
    compoundGateStart,
    gateLng: Float64Array.from(list.flatMap((c) => c.gateLng)),
    gateLat: Float64Array.from(list.flatMap((c) => c.gateLat)),
  };
}

function attach(
  graph: WalkGraph,
  index: ReturnType<typeof buildSegmentIndex>,
  lng: Float64Array,
  lat: Float64Array,
  gated: ReturnType<typeof gatedCompounds>,
  maxSnapM: number,
): PointSet {
  let gates: GateAccess | undefined;
  if (gated) {
    const pointCompound = new Int32Array(lng.length);
    for (let p = 0; p < lng.length; p++) pointCompound[p] = gated.locator.locate(lng[p]!, lat[p]!);
    gates = { pointCompound, compoundGateStart: gated.compoundGateStart, gateLng: gated.gateLng, gateLat: gated.gateLat };
  }
  return { attachments: attachPoints(graph, index, lng, lat, { maxSnapM, gates }), lng, lat, compound: gates?.pointCompound };
}

async function computeCategories(
  data: AccessContextData,
  tasks: Uint32Array[],
  options: AccessOptions,
): Promise<CategoryResult[]> {
  const results: CategoryResult[] = new Array(tasks.length);
  const numWorkers = Math.min(options.workers, tasks.length);
  if (numWorkers <= 0) {
    const context = new AccessContext(data);
    tasks.forEach((outletIndices, c) => {
      results[c] = context.compute(c, outletIndices);
      options.onProgress?.(c + 1, tasks.length);
    });
    return results;
  }
  // Biggest categories first, handed to whichever worker is free.
  const queue = tasks.map((_, c) => c).sort((a, b) => tasks[b]!.length - tasks[a]!.length);
  let done = 0;
  const workers = Array.from({ length: numWorkers }, () => new Worker(new URL('./access-worker.js', import.meta.url)));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const c = queue.shift();
              if (c === undefined) return resolve();
              worker.postMessage({ kind: 'task', categoryIndex: c, outletIndices: tasks[c] });
            };
            worker.on('message', (message: { kind: string; result?: CategoryResult; message?: string }) => {
              if (message.kind === 'ready') return next();
              if (message.kind === 'error') return reject(new Error(`access worker failed: ${message.message}`));
              const result = message.result!;
              results[result.categoryIndex] = result;
              options.onProgress?.(++done, tasks.length);
              next();
            });
            worker.on('error', reject);
            worker.postMessage({ kind: 'init', data });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
