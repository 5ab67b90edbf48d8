// Site recommendation on the generated demo district (preset 'district', seed 1):
// category breakfast, k = 10 new outlets, candidates = every core node of the
// walk network (junctions and dead ends: the nodes left after contracting chains
// of degree-2 shape nodes), demands = compounds weighted by residents, existing
// breakfast outlets kept. Times the lazy greedy (warm-up, then repeated runs:
// min and median) and HiGHS on the same instance, started from the greedy's sites.
// Usage (after npx tsc -b packages/planner):
//   node packages/planner/bench/recommend-demo.mjs [HiGHS time limit, s; default 600] [core|all]
// ('all': every node of the network, shape nodes along streets included.)
//
// Recorded 2026-11-27 on the shared 2-core machine (28,062 nodes, 2,600 compounds, 357 breakfast
// outlets, 720 m; 69.8 % of 1,198,835 residents covered now):
//   core nodes (13,748): build 0.3–0.4 s; greedy 7–12 ms → +251,824; swaps 13 ms more → +254,583;
//                        HiGHS optimal in 6.3–12.3 s → +267,888 (greedy / optimum 0.940, with swaps 0.950);
//                        'auto' (HiGHS stopped at 5 s) → +266,911, greedy gap vs bound 0.060;
//                        p-median (cutoff 1,440 m): mean 7.74 → 5.29 min in 47 ms
//   all nodes (28,062):  build 1.0 s; greedy 36–63 ms → +254,531; HiGHS optimal in 17.4 s → +270,703
//                        (greedy / optimum 0.940)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { attachPoints, BucketSearch, buildSegmentIndex, contractChains, nearestOutletDistances } from '@lifecircle/engine';
import { loadLatestGraph, seedDemoDistrict } from '@lifecircle/platform';
import { hashPassword } from '@lifecircle/server';
import { openSqliteStore } from '@lifecircle/store';
import { buildCoverageInstance, coveringSets, exactMaxCoverage, recommendSites } from '../dist/recommend/index.js';

const timeLimitS = Number(process.argv[2] ?? 600);
const isAllNodes = process.argv[3] === 'all';
const CATEGORY = 'breakfast';
const SPEED_MPS = 1.2;
const K = 10;
const MAX_SNAP_M = 500;

const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-recommend-'));
const store = await openSqliteStore(':memory:');
const taxonomy = defaultTaxonomy();
let started = performance.now();
await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword });
const { graph } = await loadLatestGraph(store);
const compounds = await store.listCompounds();
const outlets = (await store.listOutlets()).filter((o) => o.categoryIds.includes(CATEGORY));
const category = taxonomy.categories.find((c) => c.id === CATEGORY);
const targetMinutes = category.defaultWalkMinutes;
const thresholdM = targetMinutes * 60 * SPEED_MPS;
console.log(`demo district seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `graph ${graph.numNodes} nodes, ${graph.numEdges} edges; ${compounds.length} compounds; ` +
    `${outlets.length} ${CATEGORY} outlets; target ${targetMinutes} min at ${SPEED_MPS} m/s = ${thresholdM} m`,
);

// Demands: compounds, leaving through their gates when they have any.
const gated = compounds.map((c, i) => [c, i]).filter(([c]) => c.gates.length > 0);
const pointCompound = new Int32Array(compounds.length).fill(-1);
const compoundGateStart = new Uint32Array(gated.length + 1);
gated.forEach(([c, i], g) => {
  pointCompound[i] = g;
  compoundGateStart[g + 1] = compoundGateStart[g] + c.gates.length;
});
const gates = {
  pointCompound,
  compoundGateStart,
  gateLng: Float64Array.from(gated.flatMap(([c]) => c.gates.map((p) => p[0]))),
  gateLat: Float64Array.from(gated.flatMap(([c]) => c.gates.map((p) => p[1]))),
};
const index = buildSegmentIndex(graph);
const demandLng = Float64Array.from(compounds, (c) => c.location[0]);
const demandLat = Float64Array.from(compounds, (c) => c.location[1]);
const demands = {
  attachments: attachPoints(graph, index, demandLng, demandLat, { maxSnapM: MAX_SNAP_M, gates }),
  lng: demandLng,
  lat: demandLat,
  compound: pointCompound,
};
// Existing outlets: snapped to their nearest street (shops face the street).
const outletLng = Float64Array.from(outlets, (o) => o.location[0]);
const outletLat = Float64Array.from(outlets, (o) => o.location[1]);
const outletPoints = {
  attachments: attachPoints(graph, index, outletLng, outletLat, { maxSnapM: MAX_SNAP_M }),
  lng: outletLng,
  lat: outletLat,
};
const currentDistM = new Float64Array(compounds.length);
nearestOutletDistances(
  new BucketSearch(graph),
  demands,
  outletPoints,
  Uint32Array.from(outlets, (_, o) => o),
  Infinity,
  currentDistM,
);
const residents = Float64Array.from(compounds, (c) => c.residents);

// Candidates: the core nodes (or all nodes).
const contracted = contractChains(graph);
const nodes = [];
for (let v = 0; v < graph.numNodes; v++) if (isAllNodes || contracted.coreOfNode[v] >= 0) nodes.push(v);
started = performance.now();
const instance = buildCoverageInstance(
  graph,
  demands,
  { nodes: Uint32Array.from(nodes) },
  {
    thresholdM,
    cutoffM: thresholdM,
    currentDistM,
    weights: residents,
  },
);
const buildMs = performance.now() - started;
const sets = coveringSets(instance);
const totalResidents = residents.reduce((a, b) => a + b, 0);
let coveredResidents = 0;
for (let i = 0; i < compounds.length; i++) if (currentDistM[i] <= thresholdM) coveredResidents += residents[i];
console.log(
  `candidates: ${nodes.length} ${isAllNodes ? 'nodes' : 'core nodes'} of ${graph.numNodes}; instance built in ${buildMs.toFixed(0)} ms: ` +
    `${instance.pairDemand.length} pairs, ${sets.demand.length} covering pairs`,
);
console.log(
  `residents ${totalResidents}, within ${targetMinutes} min now ${coveredResidents} (${((100 * coveredResidents) / totalResidents).toFixed(1)} %)`,
);

// The greedy: one warm-up, then repeated runs.
let sink = 0;
const greedyMs = [];
let greedy;
for (let run = 0; run < 6; run++) {
  const t = performance.now();
  greedy = await recommendSites(instance, { k: K, method: 'greedy', objective: 'coverage', swaps: false });
  if (run > 0) greedyMs.push(performance.now() - t);
  sink += greedy.totalGain;
}
greedyMs.sort((a, b) => a - b);
console.log(
  `greedy: ${greedy.totalGain} residents newly covered by ${greedy.sites.length} sites; ` +
    `min ${greedyMs[0].toFixed(1)} ms, median ${greedyMs[greedyMs.length >> 1].toFixed(1)} ms (5 runs after a warm-up)`,
);
greedy.sites.forEach((s, r) =>
  console.log(
    `  ${r + 1}. node ${nodes[s.candidate]}  [${s.lng.toFixed(6)}, ${s.lat.toFixed(6)}]  +${s.gainWeight} residents (cumulative ${s.cumulative})`,
  ),
);

const swapped = await recommendSites(instance, { k: K, method: 'greedy', objective: 'coverage', restarts: 0 });
console.log(
  `greedy + swaps: +${swapped.totalGain} residents; swaps took ${swapped.timingsMs.swaps?.toFixed(1)} ms ` +
    `(greedy ${swapped.timingsMs.greedy?.toFixed(1)} ms)`,
);
// The default heuristic: greedy, swaps, then randomized restarts (GRASP) within 1.5 s.
const heuristicMs = [];
let heuristic;
for (let run = 0; run < 3; run++) {
  const t = performance.now();
  heuristic = await recommendSites(instance, { k: K, method: 'greedy', objective: 'coverage' });
  heuristicMs.push(performance.now() - t);
}
heuristicMs.sort((a, b) => a - b);
console.log(
  `greedy + swaps + GRASP (the default): ${heuristic.method} +${heuristic.totalGain} residents; ` +
    `min ${heuristicMs[0].toFixed(0)} ms, median ${heuristicMs[1].toFixed(0)} ms (3 runs)`,
);

started = performance.now();
const exact = await exactMaxCoverage(instance, { k: K, timeLimitS, startSites: greedy.sites.map((s) => s.candidate) }, sets);
const exactS = (performance.now() - started) / 1000;
console.log(
  `HiGHS (limit ${timeLimitS} s): status ${exact.status} after ${exactS.toFixed(1)} s; ${exact.numCandidatesUsed} candidates × ` +
    `${exact.numDemandsUsed} demands in the model; best ${exact.totalGain}, bound ${exact.bound}, HiGHS gap ${exact.gap}`,
);
const reference = exact.status === 'optimal' ? exact.totalGain : exact.bound;
console.log(
  `greedy / ${exact.status === 'optimal' ? 'optimum' : 'bound'} = ${(greedy.totalGain / reference).toFixed(4)}; ` +
    `greedy gap ${(((reference - greedy.totalGain) / reference) * 100).toFixed(2)} %; ` +
    `time ratio HiGHS / greedy median = ${((exactS * 1000) / greedyMs[greedyMs.length >> 1]).toFixed(0)}`,
);
console.log(
  `greedy + swaps / ${exact.status === 'optimal' ? 'optimum' : 'bound'} = ${(swapped.totalGain / reference).toFixed(4)}`,
);
console.log(
  `greedy + swaps + GRASP / ${exact.status === 'optimal' ? 'optimum' : 'bound'} = ${(heuristic.totalGain / reference).toFixed(4)} ` +
    `(gap ${(((reference - heuristic.totalGain) / reference) * 100).toFixed(2)} %, target within 1 %)`,
);

// What a planner's request gets: 'auto' (HiGHS under AUTO_TIME_LIMIT_S), and the p-median objective.
const auto = await recommendSites(instance, { k: K, method: 'auto', objective: 'coverage' });
console.log(
  `auto: method ${auto.method}, status ${auto.status}, +${auto.totalGain} residents, greedy gap ${auto.gap?.toFixed(4)}, ` +
    `after swaps ${auto.swapsGap?.toFixed(4)}; HiGHS ${(auto.timingsMs.exact / 1000).toFixed(1)} s`,
);
started = performance.now();
const wide = buildCoverageInstance(
  graph,
  demands,
  { nodes: Uint32Array.from(nodes) },
  { thresholdM, cutoffM: 2 * thresholdM, currentDistM, weights: residents },
);
const wideBuildMs = performance.now() - started;
const median = await recommendSites(wide, { k: K, method: 'greedy', objective: 'p-median' });
const toMinutes = (m) => (m / SPEED_MPS / 60).toFixed(2);
console.log(
  `p-median (cutoff ${2 * thresholdM} m, farther counts as the cutoff; build ${wideBuildMs.toFixed(0)} ms): ` +
    `mean ${toMinutes(median.baseMeanDistM)} → ${toMinutes(median.meanDistM)} min in ${median.timingsMs.greedy.toFixed(0)} ms (greedy + one Teitz–Bart pass)`,
);
console.log(`(sink ${sink})`);
await store.close();
rmSync(dataDir, { recursive: true, force: true });
