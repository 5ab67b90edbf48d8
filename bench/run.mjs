// Benchmarks (never part of the test pass/fail). Prints figures and ratios
// against peers measured in the same run. Usage: npm run bench [-- --quick]
import { availableParallelism, cpus, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createReadStream, existsSync, statSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Graph from 'graphology';
import { dijkstra } from 'graphology-shortest-path';
import {
  attachmentsOnChains,
  attachPoints,
  BucketSearch,
  buildSegmentIndex,
  contractChains,
  expandChainDistances,
  SweepSearch,
} from '@lifecircle/engine';
import { generateDistrict, PRESETS } from '@lifecircle/generator';
import { loadOsmDataset, readOsmXml } from '@lifecircle/osm';
import { readOsmXmlWithSaxes } from '../packages/osm/dist/testing/read-osm-xml-saxes.js';
import { defaultTaxonomy, loadDistrict, buildingOrigins } from '@lifecircle/analysis';

const quick = process.argv.includes('--quick');
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores, ${mb(totalmem())} MiB; node ${process.version}`,
);

// 1. Labelling every node of generated walk networks, 25 categories, both cores, against graphology's Dijkstra.
// Networks come from our generator (shape nodes every 30 m, as mapped streets), sized by area.
const NODES_PER_KM2 = 512; // the district preset's walk network: 28,062 nodes on 54.8 km²
function generatedNetwork(targetNodes) {
  const sideM = Math.round(Math.sqrt(targetNodes / NODES_PER_KM2) * 1000);
  const file = join(out, `network-${targetNodes}.osm`);
  if (!existsSync(file)) {
    generateDistrict(
      {
        ...PRESETS.district,
        seed: 7,
        widthM: sideM,
        heightM: sideM,
        targetResidents: Math.round((1.2e6 * sideM * sideM) / 5.476e7),
      },
      file,
    );
  }
  return file;
}

/** Seeds per category: both ends of each outlet's chain, as the access job seeds them. */
function categorySeeds(graph, contracted, outlets, categoryIds) {
  const index = buildSegmentIndex(graph);
  const lng = Float64Array.from(outlets, (o) => o.lng);
  const lat = Float64Array.from(outlets, (o) => o.lat);
  const onChains = attachmentsOnChains(contracted, graph, attachPoints(graph, index, lng, lat, { maxSnapM: 500 }));
  return categoryIds.map((id) => {
    const node = [];
    const dist = [];
    outlets.forEach((o, k) => {
      if (!o.categoryIds.includes(id)) return;
      for (let a = onChains.start[k]; a < onChains.start[k + 1]; a++) {
        const chain = onChains.edge[a];
        const lengthM = contracted.core.edgeLengthM[chain];
        node.push(contracted.core.edgeU[chain], contracted.core.edgeV[chain]);
        dist.push(onChains.offsetM[a] + onChains.t[a] * lengthM, onChains.offsetM[a] + (1 - onChains.t[a]) * lengthM);
      }
    });
    return { node: Uint32Array.from(node), dist: Float64Array.from(dist) };
  });
}

async function labelAll(contracted, categories, numWorkers) {
  const mapping = {
    coreOfNode: contracted.coreOfNode,
    chainOfNode: contracted.chainOfNode,
    offsetOfNodeM: contracted.offsetOfNodeM,
  };
  const workers = Array.from(
    { length: numWorkers },
    () =>
      new Worker(new URL('./labelling-worker.mjs', import.meta.url), {
        workerData: { coreBuffer: contracted.core.buffer, mapping },
      }),
  );
  const shares = workers.map(() => []);
  categories.forEach((c, i) => shares[i % numWorkers].push(c));
  // Workers are started and hold the graph before the clock starts, as a server's pool would.
  await Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve) => {
          w.once('message', resolve);
          w.postMessage({ categories: [] });
        }),
    ),
  );
  const started = performance.now();
  const replies = await Promise.all(
    workers.map(
      (w, i) =>
        new Promise((resolve) => {
          w.once('message', resolve);
          w.postMessage({ categories: shares[i] });
        }),
    ),
  );
  const totalMs = performance.now() - started;
  await Promise.all(workers.map((w) => w.terminate()));
  return { totalMs, perCategoryMs: replies.flatMap((r) => r.times) };
}

/** graphology's Dijkstra from a virtual source joined to the original edge ends of one category's outlets. */
function graphologyCategory(graph, outlets, id) {
  const g = new Graph({ type: 'undirected', multi: false });
  for (let v = 0; v < graph.numNodes; v++) g.addNode(v);
  for (let e = 0; e < graph.numEdges; e++) g.mergeEdge(graph.edgeU[e], graph.edgeV[e], { w: graph.edgeLengthM[e] });
  const index = buildSegmentIndex(graph);
  const chosen = outlets.filter((o) => o.categoryIds.includes(id));
  const att = attachPoints(
    graph,
    index,
    Float64Array.from(chosen, (o) => o.lng),
    Float64Array.from(chosen, (o) => o.lat),
    { maxSnapM: 500 },
  );
  g.addNode('S');
  for (let a = 0; a < att.edge.length; a++) {
    const e = att.edge[a];
    for (const [v, d] of [
      [graph.edgeU[e], att.offsetM[a] + att.t[a] * graph.edgeLengthM[e]],
      [graph.edgeV[e], att.offsetM[a] + (1 - att.t[a]) * graph.edgeLengthM[e]],
    ]) {
      const key = g.edge('S', v);
      if (key === undefined) g.addEdge('S', v, { w: d });
      else if (g.getEdgeAttribute(key, 'w') > d) g.setEdgeAttribute(key, 'w', d);
    }
  }
  const started = performance.now();
  const lengths = dijkstra.singleSource(g, 'S', 'w');
  return { ms: performance.now() - started, reached: Object.keys(lengths).length };
}

const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const rows = [];
for (const size of sizes) {
  const taxonomy = defaultTaxonomy();
  const district = await loadDistrict(generatedNetwork(size), taxonomy);
  const graph = district.network.graph;
  let t = performance.now();
  const contracted = contractChains(graph);
  const contractMs = performance.now() - t;
  const ids = taxonomy.categories
    .filter((c) => c.walkEvaluated)
    .slice(0, 25)
    .map((c) => c.id);
  const categories = categorySeeds(graph, contracted, district.features.outlets, ids);
  const runs = [];
  for (let r = 0; r < 3; r++) runs.push(await labelAll(contracted, categories, 2));
  const best = runs.reduce((a, b) => (a.totalMs < b.totalMs ? a : b));
  // One thread, one category at a time, search + expansion to every node: SweepSearch (used by the job) and BucketSearch.
  const labels = new Float64Array(graph.numNodes);
  const timeSearch = (search) =>
    categories.map((c) => {
      const started = performance.now();
      search.run(c.node, c.dist, c.node.length);
      expandChainDistances(contracted, search.distM, labels);
      return performance.now() - started;
    });
  const singleTimes = timeSearch(new SweepSearch(contracted.core));
  const bucketTimes = timeSearch(new BucketSearch(contracted.core));
  const middle = ids[categories.map((c, i) => [c.node.length, i]).sort((a, b) => a[0] - b[0])[12][1]];
  const peer = graphologyCategory(graph, district.features.outlets, middle);
  const line =
    `${graph.numNodes} nodes ${graph.numEdges} edges (core ${contracted.core.numNodes} nodes, contraction ${contractMs.toFixed(0)} ms): ` +
    `25 categories on 2 workers ${best.totalMs.toFixed(0)} ms total (min of 3; median ${median(runs.map((r) => r.totalMs)).toFixed(0)}); ` +
    `one category on one thread median ${median(singleTimes).toFixed(1)} ms (BucketSearch ${median(bucketTimes).toFixed(1)} ms); graphology ${peer.ms.toFixed(0)} ms for ${middle}, ` +
    `ratio ${(peer.ms / median(singleTimes)).toFixed(1)}x; rss ${mb(process.memoryUsage().rss)} MiB`;
  console.log(line);
  rows.push(line);
}

// 2. OSM parse speed on the real extracts.
const shared = join(root, '..', 'shared', 'data', 'osm');
if (existsSync(shared)) {
  for (const name of ['monaco-2021-12-03.osm.pbf', 'andorra-2013.osm.pbf', 'shenzhen-longgang-2019.osm', 'krems-2013.osm.gz']) {
    const file = join(shared, name);
    const times = [];
    for (let r = 0; r < 4; r++) {
      const t = performance.now();
      await loadOsmDataset(file, defaultTaxonomy());
      times.push(performance.now() - t);
    }
    const ms = Math.min(...times.slice(1));
    const line = `parse ${name}: ${(statSync(file).size / 2 ** 20 / (ms / 1000)).toFixed(1)} MB/s (${ms.toFixed(0)} ms, best of 3 after warm-up)`;
    console.log(line);
    rows.push(line);
  }
}

// 2b. The OSM XML reader against saxes (the general XML parser it replaced) on the district preset's file.
{
  const file = join(out, 'district.osm');
  const cli = join(root, 'packages', 'cli', 'bin', 'lifecircle.js');
  if (!existsSync(file))
    spawnSync(process.execPath, [cli, 'generate', '--preset', 'district', '--seed', '1', '--out', file], { stdio: 'inherit' });
  const handler = { node() {}, way() {}, relation() {} };
  const speed = async (read) => {
    const times = [];
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      await read(createReadStream(file, { highWaterMark: 1 << 20 }), file, handler);
      times.push(performance.now() - t);
    }
    return statSync(file).size / 2 ** 20 / (Math.min(...times) / 1000);
  };
  const ours = await speed(readOsmXml);
  const theirs = await speed(readOsmXmlWithSaxes);
  const line = `XML reader on district.osm (${mb(statSync(file).size)} MiB): ${ours.toFixed(1)} MB/s vs saxes ${theirs.toFixed(1)} MB/s, ratio ${(ours / theirs).toFixed(2)}x`;
  console.log(line);
  rows.push(line);
}

// 3. The whole access job on the district preset against the NetworkX implementation of the same rules.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
if (!quick && spawnSync(python, ['-c', 'import networkx, osmium']).status === 0) {
  const osm = join(out, 'district.osm');
  const cli = join(root, 'packages', 'cli', 'bin', 'lifecircle.js');
  if (!existsSync(osm))
    spawnSync(process.execPath, [cli, 'generate', '--preset', 'district', '--seed', '1', '--out', osm], { stdio: 'inherit' });
  const district = await loadDistrict(osm, defaultTaxonomy());
  const origins = buildingOrigins(district.features);
  const csv = [
    'id,lon,lat',
    ...origins.id.map((id, i) => `${id},${origins.lng[i].toFixed(7)},${origins.lat[i].toFixed(7)}`),
  ].join('\n');
  writeFileSync(join(out, 'district-origins.csv'), csv + '\n');
  const taxonomyFile = join(root, 'packages', 'analysis', 'taxonomy', 'taxonomy.json');
  const ours = join(out, 'district-ours.csv');
  const theirs = join(out, 'district-networkx.csv');
  let t = performance.now();
  const a = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      process.execPath,
      cli,
      'access',
      '--osm',
      osm,
      '--origins',
      join(out, 'district-origins.csv'),
      '--ignore-gates',
      '--out',
      ours,
      '--quiet',
    ],
    { encoding: 'utf8' },
  );
  const oursMs = performance.now() - t;
  t = performance.now();
  const b = spawnSync(
    python,
    [
      join(root, 'bench', 'reference', 'networkx_access.py'),
      '--osm',
      osm,
      '--taxonomy',
      taxonomyFile,
      '--origins',
      join(out, 'district-origins.csv'),
      '--out',
      theirs,
    ],
    { encoding: 'utf8' },
  );
  const theirsMs = performance.now() - t;
  const A = readFileSync(ours, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const B = readFileSync(theirs, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  let pairs = 0,
    agree = 0;
  for (let r = 1; r < A.length; r++)
    for (let k = 1; k < A[r].length; k++) {
      pairs++;
      const x = A[r][k],
        y = B[r][k];
      if (x === '' || y === '') {
        if (x === y) agree++;
        continue;
      }
      if (Math.abs(Number(x) - Number(y)) <= Math.max(0.5, 0.05 * Number(y))) agree++;
    }
  const line = `district access job (--ignore-gates, ${origins.id.length} origins, ${district.network.graph.numNodes} nodes): lifecircle ${(oursMs / 1000).toFixed(2)} s (peak RSS ${(Number(a.stderr.trim().split('\n').pop()) / 1024).toFixed(0)} MiB), NetworkX ${(theirsMs / 1000).toFixed(2)} s ${b.stderr.trim().split('\n').pop()}; ratio ${(theirsMs / oursMs).toFixed(1)}x; agreement ${agree}/${pairs} pairs (${((100 * agree) / pairs).toFixed(2)} %)`;
  console.log(line);
  rows.push(line);
}
writeFileSync(join(out, 'last-run.txt'), rows.join('\n') + '\n');
