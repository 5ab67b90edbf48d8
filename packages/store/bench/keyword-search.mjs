// Keyword search with and without the bigram index (migration 5 of both
// stores), on generated outlets named as @lifecircle/generator names them
// (its OUTLET_CATALOGUE names, weighted by density, with a local branch
// suffix) and with generated street addresses.
//
// Per store and size, in the same run:
// - bulk insert: the outlets inserted in batches of 10,000 by this build's
//   store (index kept) and, given --base, by a build of the store before the
//   index (a fresh database each), wall time per outlet;
// - queries: ~40 keywords (Chinese 1–4 characters, pinyin, initials, Latin
//   case variants, misses), each as the residents' search asks it
//   (`GET /api/outlets?keyword=`: active outlets, page of 20, then the count),
//   timed as raw SQL on one database: the LIKE scan (`useSearchIndex: false`)
//   against the index (PostGIS pages through its store, which looks through
//   the head of the ids first), interleaved; the two must return the same rows and
//   counts. Median and p99 over keywords × repetitions, and their ratio;
//   `request` is page + count when the page is full, as the server answers.
//
// Usage: node packages/store/bench/keyword-search.mjs [--sizes 100000,1000000] [--reps 5] [--base DIR]
// --base: the `dist` folder of the store package built from the commit before
// the index, e.g.
//   git archive 4645a00 | tar -x -C /tmp/base && ln -s $PWD/node_modules /tmp/base/node_modules
//   (cd /tmp/base && npx tsc -b packages/store)   # then --base /tmp/base/packages/store/dist
// PostgreSQL: $LIFECIRCLE_TEST_DATABASE_URL names a server, else a throwaway
// cluster is started (fsync off, as the tests run it); without PostgreSQL
// only SQLite is timed.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { seededRng } from '@lifecircle/shared';
import { OUTLET_CATALOGUE } from '@lifecircle/generator';
import { openPostgisStore, openSqliteStore } from '@lifecircle/store';
import { TestDatabases, testPostgres } from '@lifecircle/store/testing';
import * as sqliteQueries from '../dist/sqlite/outlet-rows.js';
import * as postgisQueries from '../dist/postgis/outlet-rows.js';

const { values: args } = parseArgs({
  options: { sizes: { type: 'string', default: '100000' }, reps: { type: 'string' }, base: { type: 'string' } },
});
const sizes = args.sizes.split(',').map(Number);
const base = args.base ? await import(resolve(args.base, 'index.js')) : null;
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-keyword-bench-'));
const BATCH = 10_000;

const LOCAL_NAMES = ['桃浦', '石泉', '甘泉', '长风', '真如', '万里', '曹杨', '宜川', '管弄', '新村', '杏山', '李子园', '梅岭'];
const ROADS = [
  ...['长寿路', '武宁路', '曹杨路', '真北路', '金沙江路', '枣阳路', '中山北路', '光新路', '铜川路', '兰溪路', '梅川路'],
  ...['大渡河路', '宁夏路', '白兰路', '绥德路', '岚皋路', '新村路', '志丹路', '交通路', '常德路', '江宁路', '西康路'],
  ...['泸定路', '丹巴路', '古浪路', '桃浦路', '祁连山路', '静宁路', '白丽路', '怒江路', 'Jiangning Rd', 'Wuning Rd'],
];
const KEYWORDS = [
  ...['早餐', '修鞋', '药房', '全家', '罗森', '超市', '便利店', '联华超市', '菜市场', '理发', '洗衣', '面包', '花店', '快递'],
  ...['长寿路', '武宁', '桃浦店', '盒马鲜生', '咖啡', '星巴克', '食堂', '钥匙', '生煎', '老凤祥'],
  ...['zaocan', 'quanjia', 'luosen', 'chaoshi', 'yaofang', 'bianlidian', 'kuaidi', 'hema'],
  ...['zc', 'qj', 'bld', 'lhcs', 'yf'],
  ...['QuanJia', 'ZC', 'Jiangning', '85度C'],
  ...['店', '药', '鞋'],
  ...['zzq', '不存在的店', 'xyzzy'],
];

/** Kinds weighted by their density, as the generator places them. */
const kinds = OUTLET_CATALOGUE.flatMap((kind) => Array(Math.round(kind.perTenThousand * 20)).fill(kind));

/** Batch `b` of the seeded outlets (the same for every store). */
function outletBatch(b, count) {
  const rng = seededRng(1000 + b);
  const pick = (xs) => xs[Math.floor(rng() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const kind = pick(kinds);
    return {
      name: `${pick(kind.names)}(${pick(LOCAL_NAMES)}店)`,
      categoryIds: [kind.categoryId],
      address: rng() < 0.1 ? null : `${pick(ROADS)}${1 + Math.floor(rng() * 1500)}号`,
      location: [121.2 + rng() * 0.5, 31.0 + rng() * 0.4],
      openingHours: kind.openingHours,
      services: [],
      phone: null,
      status: rng() < 0.85 ? 'active' : pick(['pending', 'closed', 'rejected']),
      rejectReason: null,
      source: 'generator',
      externalId: `node/${b * BATCH + i}`,
      lastVerified: null,
      merchantId: null,
      streetId: null,
    };
  });
}

async function insertAll(store, size) {
  const start = performance.now();
  for (let b = 0; b * BATCH < size; b++) await store.insertOutlets(outletBatch(b, Math.min(BATCH, size - b * BATCH)));
  return (performance.now() - start) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)];
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

/**
 * Times the keywords on one database. `run(query)` runs `{ sql, params }`
 * and returns rows; queries are built by `build(filter, options)`.
 */
async function timeQueries(label, run, buildList, buildCount, reps, listIndexed = null) {
  const samples = { scan: { page: [], count: [], request: [] }, index: { page: [], count: [], request: [] } };
  const time = async (fn) => {
    const start = performance.now();
    const value = await fn();
    return { value, ms: performance.now() - start };
  };
  let numMatches = 0;
  for (const keyword of KEYWORDS) {
    const filter = { keyword, status: ['active'] };
    const modes = { scan: { useSearchIndex: false }, index: { useSearchIndex: true } };
    const answers = {};
    for (let rep = -1; rep < reps; rep++) {
      // rep -1 warms up (statement preparation, caches) and is not recorded.
      for (const [mode, options] of Object.entries(modes)) {
        const pageFilter = { ...filter, limit: 20, offset: 0 };
        const page = await time(() =>
          mode === 'index' && listIndexed ? listIndexed(pageFilter) : run(buildList(pageFilter, options)),
        );
        const count = await time(() => run(buildCount(filter, options)));
        if (rep >= 0) {
          samples[mode].page.push(page.ms);
          samples[mode].count.push(count.ms);
          // What the server spends on one search: the page, and the count when the page is full.
          samples[mode].request.push(page.ms + (page.value.length === 20 ? count.ms : 0));
        }
        answers[mode] = JSON.stringify([page.value.map((r) => r.id), count.value[0].n]);
      }
    }
    if (answers.scan !== answers.index) throw new Error(`${label} ${keyword}: index ${answers.index} ≠ scan ${answers.scan}`);
    numMatches += JSON.parse(answers.scan)[1];
  }
  return { samples, numMatches };
}

function report(store, size, queries, insert, extra) {
  const { samples } = queries;
  for (const what of ['page', 'count', 'request']) {
    const scan = samples.scan[what];
    const index = samples.index[what];
    console.log(
      `| ${store} | ${size.toLocaleString('en')} | ${what} | ${ms(median(scan))} / ${ms(p99(scan))} | ${ms(median(index))} / ${ms(p99(index))} | ${(median(scan) / median(index)).toFixed(1)}× / ${(p99(scan) / p99(index)).toFixed(1)}× |`,
    );
  }
  const perOutlet = (s) => ((s * 1e6) / size).toFixed(1);
  console.log(
    `|   | bulk insert: ${insert.before === null ? 'no --base' : `${insert.before.toFixed(1)} s (${perOutlet(insert.before)} µs/outlet) before`}, ${insert.after.toFixed(1)} s (${perOutlet(insert.after)} µs/outlet) with the index${insert.before === null ? '' : ` (${(insert.after / insert.before).toFixed(2)}×)`}; ${extra} |`,
  );
}

const reps = (size) => Number(args.reps ?? (size >= 1_000_000 ? 2 : 5));
console.log(
  `# ${new Date().toISOString()}, ${cpus().length}× ${cpus()[0].model}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(`# ${KEYWORDS.length} keywords; query times in ms (median / p99 over keywords × repetitions): LIKE scan vs index`);
console.log('| store | outlets | query | scan median / p99 | index median / p99 | scan ÷ index |');
console.log('| --- | --- | --- | --- | --- | --- |');

const postgres = await testPostgres();
const databases = postgres.ok ? new TestDatabases(postgres.server.adminUrl) : null;
for (const size of sizes) {
  // SQLite: a fresh file per build, WAL, synchronous=NORMAL.
  let before = null;
  if (base) {
    const path = join(dir, `base-${size}.sqlite`);
    const old = await base.openSqliteStore(path);
    before = await insertAll(old, size);
    await old.close();
    rmSync(path, { force: true });
  }
  const path = join(dir, `index-${size}.sqlite`);
  const store = await openSqliteStore(path);
  const after = await insertAll(store, size);
  await store.close();
  const db = new Database(path, { readonly: true });
  const statements = new Map();
  const run = ({ sql, params }) => {
    if (!statements.has(sql)) statements.set(sql, db.prepare(sql));
    return statements.get(sql).all(params);
  };
  const queries = await timeQueries('sqlite', run, sqliteQueries.outletListQuery, sqliteQueries.outletCountQuery, reps(size));
  const ftsBytes = db.prepare('SELECT sum(length(block)) AS n FROM outlet_search_data').get().n;
  db.close();
  report(
    'SQLite',
    size,
    queries,
    { before, after },
    `file ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB, of which FTS5 data ${(ftsBytes / 2 ** 20).toFixed(0)} MiB; ${queries.numMatches} active matches over all keywords`,
  );
  rmSync(path, { force: true });

  if (!databases) continue;
  let pgBefore = null;
  if (base) {
    const database = await databases.empty();
    const old = await base.openPostgisStore(database.url, { maxConnections: 2 });
    pgBefore = await insertAll(old, size);
    await old.close();
    await database.drop();
  }
  const database = await databases.empty();
  const pgStore = await openPostgisStore(database.url, { maxConnections: 2 });
  const pgAfter = await insertAll(pgStore, size);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // As autovacuum would after an import: statistics for the planner, the GIN pending list merged.
  await client.query('VACUUM ANALYZE outlets');
  const pgRun = async ({ text, params }) => (await client.query(text, params)).rows;
  const pgQueries = await timeQueries(
    'postgis',
    pgRun,
    postgisQueries.outletListQuery,
    postgisQueries.outletCountQuery,
    reps(size),
    // The store's own page: it looks through the head of the ids before the index (outlet-rows.ts).
    (filter) => pgStore.listOutlets(filter),
  );
  await pgStore.close();
  const sizes = (await client.query("SELECT pg_relation_size('outlets') AS heap, pg_relation_size('outlets_search') AS gin"))
    .rows[0];
  await client.end();
  await database.drop();
  report(
    'PostGIS',
    size,
    pgQueries,
    { before: pgBefore, after: pgAfter },
    `table ${(sizes.heap / 2 ** 20).toFixed(0)} MiB, GIN index ${(sizes.gin / 2 ** 20).toFixed(0)} MiB`,
  );
}
if (!postgres.ok) console.log(`PostgreSQL not timed: ${postgres.reason}`);
await databases?.dispose();
if (postgres.ok) postgres.server.stop();
rmSync(dir, { recursive: true, force: true });
