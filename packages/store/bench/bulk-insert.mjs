// Times the stores' bulk inserts on the same seeded rows, SQLite (a fresh
// file, WAL, synchronous=NORMAL) and PostgreSQL/PostGIS (a fresh database)
// in the same run: 100,000 outlets (pinyin, categories, spatial index),
// 500,000 buildings and 300,000 access results, then two outlet queries.
// Each store gets a warm-up on small batches, then `runs` repetitions on
// fresh databases; min and median wall time, CPU time of this process, and
// the PostGIS/SQLite ratio of the medians.
// Usage: node packages/store/bench/bulk-insert.mjs [runs=3]
// PostgreSQL: $LIFECIRCLE_TEST_DATABASE_URL names a server (a role that may
// CREATE DATABASE), else a throwaway cluster is started (fsync off, as the
// tests run it); without PostgreSQL only SQLite is timed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRng } from '@lifecircle/shared';
import { openSqliteStore } from '@lifecircle/store';
import { TestDatabases, testPostgres } from '@lifecircle/store/testing';

const runs = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-bench-'));
const words = ['全家', '罗森', '便利店', '菜市场', '药房', '理发店', '早餐', '修鞋', '超市', '水果', '快递', '洗衣', '银行'];

/** The seeded workload, scaled (1 = the full sizes). */
function workload(scale) {
  const rng = seededRng(1);
  const word = () => words[Math.floor(rng() * words.length)];
  const outlets = Array.from({ length: 100_000 * scale }, (_, i) => ({
    name: word() + word() + (rng() < 0.5 ? `${i}号店` : ''),
    categoryIds: ['convenience_store', 'breakfast'],
    address: '长寿路1号',
    location: [121.3 + rng() * 0.3, 31.1 + rng() * 0.3],
    openingHours: null,
    services: ['代收代发'],
    phone: null,
    status: 'active',
    rejectReason: null,
    source: 'osm',
    externalId: `node/${i}`,
    lastVerified: null,
    merchantId: null,
    streetId: null,
  }));
  const compounds = Array.from({ length: 2000 }, (_, i) => ({
    name: `小区${i}`,
    streetId: null,
    committeeId: null,
    circleId: null,
    location: [121.4, 31.2],
    outline: null,
    gates: [],
    households: null,
    residents: 100,
    age0to14: null,
    age15to59: null,
    age60plus: null,
    isEstimated: false,
    source: 'bench',
    externalId: null,
  }));
  const buildings = (compoundIds) =>
    Array.from({ length: 500_000 * scale }, (_, i) => ({
      compoundId: compoundIds[i % compoundIds.length],
      streetId: null,
      location: [121.3 + rng() * 0.3, 31.1 + rng() * 0.3],
      footprintM2: 100,
      levels: 6,
      households: null,
      residents: 50,
      age0to14: null,
      age15to59: null,
      age60plus: null,
      isEstimated: true,
      source: 'bench',
      externalId: null,
    }));
  const results = (runId, compoundIds) => {
    const rows = [];
    for (const compoundId of compoundIds) {
      for (let c = 0; c < 150 * scale; c++) {
        rows.push({ runId, compoundId, categoryId: `category_${c}`, walkM: rng() < 0.1 ? null : rng() * 1000, numWithin15: 3 });
      }
    }
    return rows;
  };
  return { outlets, compounds, buildings, results };
}

async function timed(fn) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wallS: (performance.now() - wall) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

/** One pass of the workload on a fresh store; returns seconds per step. */
async function pass(store, scale) {
  const w = workload(scale);
  const out = {};
  out.insertOutlets = await timed(() => store.insertOutlets(w.outlets));
  const compoundIds = await store.insertCompounds(w.compounds);
  const buildings = w.buildings(compoundIds);
  out.insertBuildings = await timed(() => store.insertBuildings(buildings));
  const run = await store.insertAnalysisRun({
    kind: 'access',
    status: 'done',
    networkId: null,
    params: {},
    summary: null,
    error: null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
  });
  const results = w.results(run.id, compoundIds);
  out.insertAccessResults = await timed(() => store.insertAccessResults(results));
  out['listOutlets keyword'] = await timed(() => store.listOutlets({ keyword: 'qj' }));
  out['listOutlets bbox'] = await timed(() => store.listOutlets({ bbox: [121.4, 31.2, 121.45, 31.25] }));
  out.counts = { outlets: w.outlets.length, buildings: buildings.length, results: results.length };
  return out;
}

async function bench(name, makeStore) {
  const warm = await makeStore();
  await pass(warm, 0.01);
  await warm.close();
  const passes = [];
  for (let r = 0; r < runs; r++) {
    const store = await makeStore();
    passes.push(await pass(store, 1));
    await store.close();
  }
  return { name, passes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const steps = ['insertOutlets', 'insertBuildings', 'insertAccessResults', 'listOutlets keyword', 'listOutlets bbox'];

let fileNumber = 0;
const results = [await bench('sqlite file', () => openSqliteStore(join(dir, `bench-${fileNumber++}.sqlite`)))];
const postgres = await testPostgres();
let databases;
if (postgres.ok) {
  databases = new TestDatabases(postgres.server.adminUrl);
  results.push(await bench('postgis', () => databases.store({ maxConnections: 2 })));
} else {
  console.log(`PostgreSQL not timed: ${postgres.reason}`);
}
const counts = results[0].passes[0].counts;
console.log(
  `rows: ${counts.outlets} outlets, ${counts.buildings} buildings, ${counts.results} access results; ${runs} runs each after a warm-up`,
);
console.log(`| step | ${results.map((r) => `${r.name} min / median (CPU)`).join(' | ')} | postgis / sqlite |`);
console.log(`| --- | ${results.map(() => '---').join(' | ')} | --- |`);
for (const step of steps) {
  const cells = results.map((r) => {
    const walls = r.passes.map((p) => p[step].wallS);
    const cpus = r.passes.map((p) => p[step].cpuS);
    return { min: Math.min(...walls), median: median(walls), cpu: median(cpus), rows: r.passes[0][step].value?.length };
  });
  const ratio = cells.length === 2 ? `${(cells[1].median / cells[0].median).toFixed(2)}×` : '—';
  const text = cells.map((c) => `${c.min.toFixed(2)} / ${c.median.toFixed(2)} s (${c.cpu.toFixed(2)} s)`);
  console.log(`| ${step}${cells[0].rows !== undefined ? ` (${cells[0].rows} found)` : ''} | ${text.join(' | ')} | ${ratio} |`);
}
await databases?.dispose();
if (postgres.ok) postgres.server.stop();
rmSync(dir, { recursive: true, force: true });
