// Times the store's bulk inserts on a fresh SQLite file: 100,000 outlets
// (pinyin, categories, R*Tree), 500,000 buildings and 300,000 access results,
// one run each (the machine is shared: read CPU time beside wall time).
// Usage: node packages/store/bench/bulk-insert.mjs [memory]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRng } from '@lifecircle/shared';
import { openSqliteStore } from '@lifecircle/store';

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-bench-'));
const path = process.argv[2] === 'memory' ? ':memory:' : join(dir, 'bench.sqlite');
const store = await openSqliteStore(path);
const rng = seededRng(1);
const words = ['全家', '罗森', '便利店', '菜市场', '药房', '理发店', '早餐', '修鞋', '超市', '水果', '快递', '洗衣', '银行'];
const word = () => words[Math.floor(rng() * words.length)];

async function time(label, count, fn) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  const wallS = (performance.now() - wall) / 1000;
  console.log(`${label}: ${count} rows, ${wallS.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU`);
}

const outlets = Array.from({ length: 100_000 }, (_, i) => ({
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
await time('insertOutlets', outlets.length, () => store.insertOutlets(outlets));

const compound = (i) => ({
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
});
const compoundIds = await store.insertCompounds(Array.from({ length: 2000 }, (_, i) => compound(i)));
const buildings = Array.from({ length: 500_000 }, (_, i) => ({
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
await time('insertBuildings', buildings.length, () => store.insertBuildings(buildings));

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
const results = [];
for (const compoundId of compoundIds) {
  for (let c = 0; c < 150; c++) {
    results.push({
      runId: run.id,
      compoundId,
      categoryId: `category_${c}`,
      walkM: rng() < 0.1 ? null : rng() * 1000,
      numWithin15: 3,
    });
  }
}
await time('insertAccessResults', results.length, () => store.insertAccessResults(results));
const keywordMatches = await store.countOutlets({ keyword: 'qj' });
await time('listOutlets by keyword', keywordMatches, () => store.listOutlets({ keyword: 'qj' }));
const bbox = [121.4, 31.2, 121.45, 31.25];
await time('listOutlets by bbox', await store.countOutlets({ bbox }), () => store.listOutlets({ bbox }));
await store.close();
rmSync(dir, { recursive: true, force: true });
