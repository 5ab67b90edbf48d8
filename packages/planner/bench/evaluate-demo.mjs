// The planner's evaluation and one what-if on the generated demo district
// (preset 'district', seed 1). Prints: model build time; the full evaluation
// of the district, its streets and circles for both profiles × three times of
// day (07:00, 12:00, 20:00) — target < 5 s; one added outlet recomputed by a
// what-if scenario — target ≤ 50 ms. Warm-up, then repeated runs: min and median.
// Usage: node packages/planner/bench/evaluate-demo.mjs [runs; default 5]
//
// Recorded 2026-11-27 on the shared 2-core machine (other jobs running; 28,062 nodes → 13,748 core,
// 2,600 compounds, 1,198,835 residents, 3,612 outlets, 10 streets, 16 circles):
//   buildPlannerModel 126–318 ms; evaluateMany (2 profiles × 3 times, 29 categories) min 391 ms, median 464 ms
//   (a noisier run: 745 / 777 ms); one added outlet: apply min 5.7–6.1 ms, median 9–17 ms; evaluate 4–22 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { seedDemoDistrict, plannerInputFromStore } from '@lifecircle/platform';
import { hashPassword } from '@lifecircle/server';
import { seededRng } from '@lifecircle/shared';
import { openSqliteStore } from '@lifecircle/store';
import { buildPlannerModel, DEFAULT_GRADING_RULES, evaluateMany, Scenario } from '../dist/index.js';

const runs = Number(process.argv[2] ?? 5);
const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-evaluate-'));
const store = await openSqliteStore(':memory:');
const taxonomy = defaultTaxonomy();
let started = performance.now();
await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword });
// The platform's converter (store → PlannerInput) is the one the API uses: the bench measures the same input.
const input = await plannerInputFromStore(store, taxonomy);
await store.close();
rmSync(dataDir, { recursive: true, force: true });
const residents = input.compounds.reduce((sum, c) => sum + c.residents, 0);
console.log(`demo district seeded and read in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `graph ${input.graph.numNodes} nodes, ${input.graph.numEdges} edges; ${input.compounds.length} compounds, ` +
    `${residents} residents; ${input.outlets.length} outlets; ${input.streets.length} streets, ${input.circles.length} circles`,
);

const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `min ${sorted[0].toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms (${times.length} runs)`;
};
const time = (fn) => {
  const t0 = performance.now();
  const result = fn();
  return [performance.now() - t0, result];
};

const buildTimes = [];
let model;
for (let run = 0; run < 3; run++) {
  const [ms, built] = time(() => buildPlannerModel(input));
  buildTimes.push(ms);
  model = built;
}
console.log(`buildPlannerModel (${model.contracted.core.numNodes} core nodes): ${stats(buildTimes)}`);

// China wall-clock times: Monday 30 November 2026.
const times = [7, 12, 20].map((hour) => new Date(2026, 10, 30, hour, 0, 0));
let sink = 0;
evaluateMany(model, ['adult', 'elderly'], times, DEFAULT_GRADING_RULES); // warm-up
const evaluateTimes = [];
let evaluations;
for (let run = 0; run < runs; run++) {
  const [ms, result] = time(() => evaluateMany(model, ['adult', 'elderly'], times, DEFAULT_GRADING_RULES));
  evaluateTimes.push(ms);
  evaluations = result;
  sink += result.length;
}
console.log(
  `evaluateMany, 2 profiles × 3 times, ${input.circles.length} circles + ${input.streets.length} streets + district: ${stats(evaluateTimes)}`,
);
for (const e of evaluations) {
  const grades = {};
  for (const c of e.circles) grades[c.grade] = (grades[c.grade] ?? 0) + 1;
  const hour = e.openAt.getHours();
  console.log(
    `  ${e.profile.padEnd(7)} ${String(hour).padStart(2, '0')}:00  district ${e.district.grade}; circles ${JSON.stringify(grades)}; unparsable hours ${e.numUnparsableHours}`,
  );
}

// One added outlet: a convenience store at a random compound's location (a new Scenario each run, built outside the timing).
const rng = seededRng(1);
const applyTimes = [];
const compareTimes = [];
for (let run = 0; run < runs + 1; run++) {
  const scenario = new Scenario(model, times[0]);
  const site = input.compounds[Math.floor(rng() * input.compounds.length)].location;
  const outlet = {
    id: -1 - run,
    name: 'new',
    location: site,
    categoryIds: ['convenience_store'],
    openingHours: null,
    circleId: null,
    streetId: null,
  };
  const [applyMs] = time(() => scenario.apply({ kind: 'addOutlet', outlet }));
  const [compareMs, comparison] = time(() => scenario.evaluate({ profile: 'adult', rules: DEFAULT_GRADING_RULES }));
  sink += comparison.circles.length;
  if (run === 0) continue; // warm-up
  applyTimes.push(applyMs);
  compareTimes.push(compareMs);
}
console.log(`what-if, one added outlet: apply ${stats(applyTimes)}; evaluate against the baseline ${stats(compareTimes)}`);
console.log(`(sink ${sink})`);
