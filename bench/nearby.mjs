// Benchmark of the platform's `nearby` answer on the demo district (issue 3):
//  1. the router alone: random points and categories, in process, against
//     graphology's Dijkstra from the same node (the peer) — ratio printed;
//  2. the whole HTTP endpoint on loopback, the real server in its own process,
//     at fixed request rates from an open-loop client: latency percentiles
//     and errors; then autocannon's closed-loop ceiling;
//  3. the first start (generate, seed, analyse) and a second start of the
//     real `npm start` entry point, timed until it prints its URL.
// Usage: npm run bench:nearby   (never part of the test pass/fail)
import { availableParallelism, cpus, totalmem, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Graph from 'graphology';
import { dijkstra } from 'graphology-shortest-path';
import { seededRng } from '@lifecircle/shared';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { openSqliteStore } from '@lifecircle/store';
import { routerFromStore, seedDemoDistrict } from '@lifecircle/platform';
import { hashPassword } from '@lifecircle/server';
import { pacedLoad, pct } from './open-loop.mjs';
import { startServer } from './serve-process.mjs';

const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores, ${mb(totalmem())} MiB; node ${process.version}`,
);

// 3 first: the real entry point on a fresh data folder, then again on the same folder.
async function timedStart(dataDir) {
  const server = await startServer(dataDir);
  await server.stop();
  return server.ms;
}
const startDir = mkdtempSync(join(tmpdir(), 'lifecircle-start-'));
const firstMs = await timedStart(startDir);
const secondMs = await timedStart(startDir);
console.log(
  `npm start on a fresh data folder: ${(firstMs / 1000).toFixed(1)} s to serving (target < 60 s); second start ${(secondMs / 1000).toFixed(2)} s (target < 3 s)`,
);

// The demo district in an in-memory store for 1 and 2.
const taxonomy = defaultTaxonomy();
const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-bench-'));
const store = await openSqliteStore(':memory:');
await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword });
const router = await routerFromStore(store);
const compounds = await store.listCompounds();
const categories = taxonomy.categories.filter((c) => c.walkEvaluated).map((c) => c.id);
const rng = seededRng(42);
const queries = Array.from({ length: 4000 }, () => {
  const c = compounds[Math.floor(rng() * compounds.length)];
  return {
    lng: c.location[0] + (rng() - 0.5) * 0.002,
    lat: c.location[1] + (rng() - 0.5) * 0.002,
    categoryId: categories[Math.floor(rng() * categories.length)],
    maxWalkM: rng() < 0.5 ? 1080 : 720, // 15 minutes adult / elderly
  };
});

// 1. Router vs graphology.
const graph = router.graph;
const g = new Graph({ type: 'undirected', multi: true });
for (let v = 0; v < graph.numNodes; v++) g.addNode(v);
for (let e = 0; e < graph.numEdges; e++) g.addEdge(graph.edgeU[e], graph.edgeV[e], { w: graph.edgeLengthM[e] });
let sink = 0;
for (const q of queries.slice(0, 200))
  sink += router.nearby(q.lng, q.lat, { categoryId: q.categoryId, limit: 10, maxWalkM: q.maxWalkM })?.length ?? 0;
const routerUs = [];
for (const q of queries) {
  const t = performance.now();
  sink += router.nearby(q.lng, q.lat, { categoryId: q.categoryId, limit: 10, maxWalkM: q.maxWalkM })?.length ?? 0;
  routerUs.push((performance.now() - t) * 1000);
}
routerUs.sort((a, b) => a - b);
// The peer: graphology's Dijkstra from the nearest network node (whole graph; it has no cutoff), 200 queries.
const peerUs = [];
for (const q of queries.slice(0, 200)) {
  let best = 0;
  let bestD = Infinity;
  for (let v = 0; v < graph.numNodes; v++) {
    const d = (graph.nodeLng[v] - q.lng) ** 2 + (graph.nodeLat[v] - q.lat) ** 2;
    if (d < bestD) [best, bestD] = [v, d];
  }
  const t = performance.now();
  const paths = dijkstra.singleSource(g, best, 'w');
  sink += Object.keys(paths).length;
  peerUs.push((performance.now() - t) * 1000);
}
peerUs.sort((a, b) => a - b);
console.log(
  `router.nearby, ${queries.length} queries on ${graph.numNodes} nodes / ${router.numOutlets} outlets: ` +
    `p50 ${pct(routerUs, 0.5).toFixed(0)} µs, p99 ${pct(routerUs, 0.99).toFixed(0)} µs; ` +
    `graphology single-source Dijkstra p50 ${(pct(peerUs, 0.5) / 1000).toFixed(1)} ms → ${(pct(peerUs, 0.5) / pct(routerUs, 0.5)).toFixed(0)}× (median)`,
);

// 2. HTTP on loopback: the real server (`npm start` on the seeded folder, its own process, logging at warn),
// loaded by autocannon from this process. The public-read rate limit is per client, and all of autocannon is
// one client, so it is raised for the run.
const server = await startServer(startDir);
const address = server.url;
const paths = queries.map(
  (q) =>
    `/api/outlets/nearby?lng=${q.lng.toFixed(6)}&lat=${q.lat.toFixed(6)}&category=${q.categoryId}&profile=${q.maxWalkM === 720 ? 'elderly' : 'adult'}&limit=10`,
);
// The open-loop client (bench/open-loop.mjs) times each request from its due time (no coordinated omission);
// autocannon's rate limit sends each second's requests in a burst, which measures queueing behind the burst.
const paced = (rate, seconds) => pacedLoad({ url: address, paths, rate, seconds, connections: 64 });
await paced(200, 5); // warm-up: JIT, caches, connections; not reported
for (const rate of [200, 500, 1000]) {
  const r = await paced(rate, 20);
  console.log(
    `GET /api/outlets/nearby at ${rate} req/s for 20 s (open loop): ${r.requests} requests, ` +
      `p50 ${r.p50.toFixed(1)} ms, p90 ${r.p90.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ` +
      `max ${r.max.toFixed(1)} ms; errors ${r.errors}, non-2xx ${r.non2xx} (target p99 < 20 ms)`,
  );
}
// Closed loop, as fast as 10 connections go: the throughput ceiling of the two cores (client included).
{
  let i = 0;
  const result = await autocannon({
    url: address,
    connections: 10,
    duration: 10,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  console.log(
    `closed loop, 10 connections, 10 s: ${result.requests.average} req/s, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}`,
  );
}
await server.stop();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
rmSync(startDir, { recursive: true, force: true });
console.log(`(sink ${sink})`);
