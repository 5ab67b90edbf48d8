// Circle delineation and diagnosis on the generated demo district (preset
// 'district', seed 1: about 1.2 million residents, 16 existing circles drawn
// as rectangles of about 75,000 residents). Builds the compound graph once
// (one bounded search per compound, radius = the 15-minute walk), proposes
// circles (30,000–70,000 residents, 1,080 m, 400 m adjacency; three runs,
// min and median), checks every proposed circle's contiguity with its own
// breadth-first search, and prints the diagnosis of the existing circles
// next to the proposal's.
// Usage: node packages/planner/bench/delineate-demo.mjs [seed of the delineation; default 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { loadLatestGraph, seedDemoDistrict } from '@lifecircle/platform';
import { hashPassword } from '@lifecircle/server';
import { openSqliteStore } from '@lifecircle/store';
import {
  buildCompoundGraph,
  compoundWalkM,
  delineateCircles,
  diagnoseCircles,
  DEFAULT_DELINEATE_OPTIONS,
} from '../dist/delineate/index.js';

const seed = Number(process.argv[2] ?? 1);
const options = { ...DEFAULT_DELINEATE_OPTIONS, seed };
const maxWalkM = options.walkMinutes * 60 * options.speedMps;

const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-delineate-'));
const store = await openSqliteStore(':memory:');
let started = performance.now();
await seedDemoDistrict(store, { dataDir, taxonomy: defaultTaxonomy(), hashPassword });
const { graph } = await loadLatestGraph(store);
const circles = await store.listCircles();
const compounds = (await store.listCompounds()).map((c) => ({
  id: c.id,
  location: c.location,
  // Every outer ring's vertices: only the convex hull of a circle uses them.
  ring:
    c.outline === null
      ? null
      : (c.outline.type === 'Polygon' ? [c.outline.coordinates] : c.outline.coordinates).flatMap((p) => p[0] ?? []),
  gates: c.gates,
  residents: c.residents,
  circleId: c.circleId,
}));
const totalResidents = compounds.reduce((s, c) => s + c.residents, 0);
console.log(`demo district seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `graph ${graph.numNodes} nodes, ${graph.numEdges} edges; ${compounds.length} compounds, ${totalResidents} residents; ` +
    `${circles.length} existing circles`,
);

started = performance.now();
const compoundGraph = buildCompoundGraph(graph, compounds, Math.max(maxWalkM, options.adjacencyM), options.maxSnapM);
const graphS = (performance.now() - started) / 1000;
let numAdjacent = 0;
for (let k = 0; k < compoundGraph.neighbourM.length; k++) if (compoundGraph.neighbourM[k] <= options.adjacencyM) numAdjacent++;
console.log(
  `compound graph: ${graphS.toFixed(2)} s, ${compoundGraph.neighbour.length / 2} pairs within ${maxWalkM} m, ` +
    `${numAdjacent / 2} within ${options.adjacencyM} m; ${compoundGraph.network.isOffNetwork.reduce((a, b) => a + b, 0)} compounds off the network`,
);

delineateCircles({ graph, compounds, compoundGraph }, options); // warm-up
const times = [];
let proposal;
for (let run = 0; run < 3; run++) {
  started = performance.now();
  proposal = delineateCircles({ graph, compounds, compoundGraph }, options);
  times.push((performance.now() - started) / 1000);
}
times.sort((a, b) => a - b);
console.log(`delineation (given the graph): min ${times[0].toFixed(3)} s, median ${times[1].toFixed(3)} s over 3 runs`);

// Contiguity by our own breadth-first search over pairs within the adjacency.
let numNotContiguous = 0;
for (const circle of proposal.circles) {
  const members = circle.compoundIndices;
  const seen = new Set([members[0]]);
  const queue = [members[0]];
  while (queue.length > 0) {
    const a = queue.pop();
    for (const b of members) {
      if (!seen.has(b) && compoundWalkM(compoundGraph, a, b) <= options.adjacencyM) {
        seen.add(b);
        queue.push(b);
      }
    }
  }
  if (seen.size !== members.length) numNotContiguous++;
}
const sizes = proposal.circles.map((c) => c.residents).sort((a, b) => a - b);
const median = sizes.length % 2 ? sizes[(sizes.length - 1) / 2] : (sizes[sizes.length / 2 - 1] + sizes[sizes.length / 2]) / 2;
const issueCounts = {};
for (const c of proposal.circles) for (const issue of c.issues) issueCounts[issue.kind] = (issueCounts[issue.kind] ?? 0) + 1;
const below = sizes.filter((r) => r < options.minResidents).length;
const above = sizes.filter((r) => r > options.maxResidents).length;
const beyond = proposal.circles.reduce((s, c) => s + c.residentsBeyondWalk, 0);
console.log(
  `\nproposed: ${proposal.circles.length} circles in ${proposal.numComponents} adjacency components; residents min ${sizes[0]}, ` +
    `median ${median}, max ${sizes[sizes.length - 1]}; not contiguous ${numNotContiguous}; below ${options.minResidents} ${below}, ` +
    `above ${options.maxResidents} ${above}; residents beyond ${maxWalkM} m of their core ${beyond} ` +
    `(${((100 * beyond) / totalResidents).toFixed(2)} %); issues ${JSON.stringify(issueCounts)}`,
);

const existing = diagnoseCircles({ graph, compounds, circles, compoundGraph, proposed: proposal });
// The proposal diagnosed the same way: its circles as if they existed, boundaries = convex hulls.
const asExisting = diagnoseCircles({
  graph,
  compounds: compounds.map((c, i) => ({ ...c, circleId: proposal.circleOfCompound[i] })),
  circles: proposal.circles.map((c, i) => ({ id: i, name: `P${i}`, boundary: c.boundary })),
  compoundGraph,
});

const km2 = (m2) => (m2 === null ? '-' : (m2 / 1e6).toFixed(2));
const flags = (d) =>
  [
    d.isTooLarge && 'too-large',
    d.isTooDense && 'too-dense',
    d.isTooSmall && 'too-small',
    d.isOverlapping && 'overlap',
    d.isSplit && 'split',
  ]
    .filter(Boolean)
    .join(',') || '-';
const row = (cells) => console.log(cells.map((c, i) => String(c).padStart(i === 0 ? 6 : 10)).join(' '));
const header = ['circle', 'compounds', 'residents', 'beyond%', 'maxWalkM', 'meanWalkM', 'km2', 'parts', 'overlaps', 'flags'];
const describe = (label, d) =>
  row([
    label,
    d.numCompounds,
    d.residents,
    (100 * d.shareBeyondWalk).toFixed(1),
    Number.isFinite(d.maxWalkM) ? Math.round(d.maxWalkM) : 'inf',
    Math.round(d.meanWalkM),
    km2(d.areaM2),
    d.parts.length,
    d.overlaps.length,
    flags(d),
  ]);
console.log(`\nexisting circles (core: the member compound minimising residents beyond ${maxWalkM} m, then weighted walk):`);
row(header);
existing.circles.forEach((d) => describe(String(d.circleId), d));
const count = (list, key) => list.filter((d) => d[key]).length;
const summary = (name, list) =>
  console.log(
    `${name}: too large ${count(list, 'isTooLarge')}, too dense ${count(list, 'isTooDense')}, too small ${count(list, 'isTooSmall')}, ` +
      `overlapping ${count(list, 'isOverlapping')}, split ${count(list, 'isSplit')}; residents beyond the walk ` +
      `${list.reduce((s, d) => s + d.residentsBeyondWalk, 0)}`,
  );
summary('existing', existing.circles);
console.log(`unassigned compounds ${existing.numUnassignedCompounds} (${existing.unassignedResidents} residents)`);

console.log('\nproposed circles, diagnosed the same way (boundaries: convex hulls of the members):');
row(header);
asExisting.circles.forEach((d) => describe(d.name, d));
const densityLimited = proposal.circles.filter((c) =>
  c.issues.some((i) => i.kind === 'beyond-walk' && i.reason.includes('fewer than')),
);
console.log(
  `circles with residents beyond the walk: ${proposal.circles.filter((c) => c.residentsBeyondWalk > 0).length}, of which ` +
    `${densityLimited.length} hold fewer than ${options.minResidents} residents within ${maxWalkM} m of their core (density too low for both rules)`,
);
summary('proposed', asExisting.circles);

console.log('\nexisting → proposed (each old circle: the proposed circles receiving its residents, and residents moved):');
for (const c of existing.comparison) {
  console.log(
    `  ${String(c.circleId).padStart(3)} ${String(c.residents).padStart(7)} → ${c.proposedCircles.length} circles ` +
      `(${c.numMajorProposedCircles} with ≥ 10 %) ` +
      `[${c.proposedCircles.map((p) => `P${p.index}:${p.residents}`).join(' ')}], moved ${c.residentsMoved}`,
  );
}
console.log(
  `residents moved in total: ${existing.residentsMoved} of ${totalResidents} (${((100 * existing.residentsMoved) / totalResidents).toFixed(1)} %)`,
);
rmSync(dataDir, { recursive: true, force: true });
