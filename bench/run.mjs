// Benchmarks (never part of the test pass/fail). Prints figures and ratios
// against peers measured in the same run. Usage: npm run bench [-- --quick]
import { availableParallelism, cpus, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { existsSync, statSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Graph from 'graphology';
import { dijkstra } from 'graphology-shortest-path';
import { BucketSearch } from '@lifecircle/engine';
import { loadOsmDataset } from '@lifecircle/osm';
import { defaultTaxonomy, loadDistrict, buildingOrigins } from '@lifecircle/analysis';
import { syntheticNetwork } from './synthetic-network.mjs';

const quick = process.argv.includes('--quick');
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores, ${mb(totalmem())} MiB; node ${process.version}`,
);

// 1. Labelling every node, 25 categories, both cores, against graphology's Dijkstra.
async function labelAll(graph, categories, numWorkers) {
  const workers = Array.from(
    { length: numWorkers },
    () => new Worker(new URL('./labelling-worker.mjs', import.meta.url), { workerData: { buffer: graph.buffer } }),
  );
  const shares = workers.map(() => []);
  categories.forEach((c, i) => shares[i % numWorkers].push(c));
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

function graphologyMultiSource(graph, nodes) {
  const g = new Graph({ type: 'undirected', multi: false });
  for (let v = 0; v < graph.numNodes; v++) g.addNode(v);
  for (let e = 0; e < graph.numEdges; e++) g.mergeEdge(graph.edgeU[e], graph.edgeV[e], { w: graph.edgeLengthM[e] });
  g.addNode('S');
  for (const v of nodes) g.mergeEdge('S', v, { w: 0 });
  const started = performance.now();
  const paths = dijkstra.singleSource(g, 'S', 'w');
  return { ms: performance.now() - started, reached: Object.keys(paths).length };
}

const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const rows = [];
for (const size of sizes) {
  const { graph, categories } = syntheticNetwork(size, 7);
  await labelAll(graph, categories.slice(0, 2), 2); // warm-up
  const runs = [];
  for (let r = 0; r < 3; r++) runs.push(await labelAll(graph, categories, 2));
  const best = runs.reduce((a, b) => (a.totalMs < b.totalMs ? a : b));
  const single = new BucketSearch(graph);
  const singleTimes = [];
  for (const nodes of categories.slice(0, 5)) {
    const t = performance.now();
    single.run(nodes, new Float64Array(nodes.length), nodes.length);
    singleTimes.push(performance.now() - t);
  }
  let peer = '-';
  if (size <= 100_000 || !quick) {
    const g = graphologyMultiSource(graph, categories[0]);
    peer = `${g.ms.toFixed(0)} ms/category (graphology), ratio ${(g.ms / median(singleTimes)).toFixed(1)}x`;
  }
  const line = `${graph.numNodes} nodes ${graph.numEdges} edges: 25 categories on 2 workers ${best.totalMs.toFixed(0)} ms total (min of 3; median ${median(runs.map((r) => r.totalMs)).toFixed(0)}), one category on one thread median ${median(singleTimes).toFixed(1)} ms; peer ${peer}; rss ${mb(process.memoryUsage().rss)} MiB`;
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
