// Load test of the public endpoints (issue 6 item 4): the real server (`npm start` on a fresh data folder, the
// demo district) in one process, the load generator (bench/load-client.mjs) in another, on loopback.
//
// The mix, as residents use the map: 50 % GET /api/outlets/nearby (random points and categories, adult or
// elderly), 30 % GET /api/outlets?keyword= (Chinese words and pinyin initials), 20 % GET /api/outlets/{id}.
// 1. warm-up; 2. the target: 500 req/s for 60 s, open loop (p99 ≤ 20 ms, zero errors); 3. steps of rising
// rate until p99 passes 20 ms or errors appear (the knee), and one step beyond; 4. autocannon at the same mix,
// with overallRate (its bursty fixed rate) and closed loop (the ceiling), for comparison.
//
// Usage: npm run bench:load [-- --seconds 60 --step-seconds 20 --rates 250,500,750,1000,1500,2000,3000
//                              --log-level info --connections 256 --data-dir DIR --db URL|postgis]
// --db runs the server on PostgreSQL/PostGIS: a postgres:// URL of an empty database, or `postgis` for a
// throwaway cluster started as the tests start theirs (testPostgres: loopback, fsync off).
// Never part of the test pass/fail; results go to docs/RELIABILITY.md (## Load).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seededRng } from '@lifecircle/shared';
import { startServer } from './serve-process.mjs';

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    'step-seconds': { type: 'string', default: '20' },
    rates: { type: 'string', default: '250,500,750,1000,1500,2000,3000' },
    'log-level': { type: 'string', default: 'info' },
    connections: { type: 'string', default: '256' },
    // A data folder to reuse (seeded by an earlier run, kept afterwards); default a fresh one, removed.
    'data-dir': { type: 'string' },
    db: { type: 'string' },
  },
});
const targetSeconds = Number(options.seconds);
const stepSeconds = Number(options['step-seconds']);
const rates = options.rates.split(',').map(Number);
const connections = Number(options.connections);
const P99_TARGET_MS = 20;

const mib = (bytes) => (bytes / 2 ** 20).toFixed(0);
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores, ${mib(totalmem())} MiB; node ${process.version}; ` +
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);

const dataDir = options['data-dir'] ?? mkdtempSync(join(tmpdir(), 'lifecircle-load-'));
const postgres = options.db === undefined ? null : await postgresFor(options.db);
const server = await startServer(dataDir, {
  logLevel: options['log-level'],
  logFile: join(dataDir, 'server.log'),
  env: postgres === null ? {} : { DATABASE_URL: postgres.url },
});
console.log(
  `server: ${server.url} on ${postgres === null ? 'SQLite' : `PostgreSQL (${postgres.version})`} ` +
    `(demo district seeded and analysed in ${(server.ms / 1000).toFixed(1)} s), log level ${options['log-level']}`,
);

/** The database the server runs on for `--db`: the URL given, or a new database on a throwaway cluster. */
async function postgresFor(db) {
  const { testPostgres, TestDatabases } = await import('../packages/store/dist/testing/index.js');
  let url = db;
  let stop = () => {};
  if (db === 'postgis') {
    const started = await testPostgres();
    if (!started.ok) throw new Error(`--db postgis: ${started.reason}`);
    stop = () => started.server.stop();
    const databases = new TestDatabases(started.server.adminUrl);
    url = (await databases.empty()).url;
    await databases.dispose();
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const version = (await client.query('SHOW server_version')).rows[0].server_version;
  await client.end();
  return { url, version, stop };
}

// The request mix, from what the server itself serves.
const getJson = async (path) => {
  const response = await fetch(`${server.url}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
};
const taxonomy = await getJson('/api/taxonomy');
const categories = taxonomy.categories.filter((c) => typeof c.defaultWalkMinutes === 'number');
const outlets = [];
for (let offset = 0; ; offset += 500) {
  const page = await getJson(`/api/outlets?limit=500&offset=${offset}`);
  outlets.push(...page.items);
  if (outlets.length >= page.total || page.items.length === 0) break;
}
const rng = seededRng(6);
const pick = (items) => items[Math.floor(rng() * items.length)];
// Search words: category names in Chinese and their pinyin initials, and two-character pieces of real names.
const chineseWords = [...new Set(categories.map((c) => c.nameZh))];
const initials = ['bld', 'zc', 'yd', 'cs', 'xy', 'lf', 'kd', 'sg', 'cc', 'mb', 'xx', 'jz'];
const nameWords = outlets.map((o) => o.name.slice(0, 2)).filter((w) => /\p{Script=Han}{2}/u.test(w));
const paths = [];
for (let k = 0; k < 20_000; k++) {
  const u = rng();
  if (u < 0.5) {
    const near = pick(outlets).location;
    const lng = near[0] + (rng() - 0.5) * 0.006;
    const lat = near[1] + (rng() - 0.5) * 0.006;
    const profile = rng() < 0.5 ? 'adult' : 'elderly';
    paths.push(
      `/api/outlets/nearby?lng=${lng.toFixed(6)}&lat=${lat.toFixed(6)}&category=${pick(categories).id}&profile=${profile}&limit=10`,
    );
  } else if (u < 0.8) {
    const v = rng();
    const word = v < 0.4 ? pick(chineseWords) : v < 0.7 ? pick(initials) : pick(nameWords);
    paths.push(`/api/outlets?keyword=${encodeURIComponent(word)}&limit=20`);
  } else {
    paths.push(`/api/outlets/${pick(outlets).id}`);
  }
}
console.log(
  `mix: ${paths.length} requests (50 % nearby over ${categories.length} categories, 30 % search over ${chineseWords.length} Chinese words, ` +
    `${initials.length} initials and ${new Set(nameWords).size} name pieces, 20 % detail over ${outlets.length} outlets)`,
);

const pathsFile = join(dataDir, 'paths.json');
writeFileSync(pathsFile, JSON.stringify(paths));

/** Runs the load generator in its own process; resolves with its result line. */
function load(mode, rate, seconds, numConnections = connections) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        new URL('load-client.mjs', import.meta.url).pathname,
        JSON.stringify({ url: server.url, pathsFile, mode, rate, seconds, connections: numConnections }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load-client exited ${code}`))));
  });
}

/**
 * CPU time the server process has used, ms (Linux: utime + stime of /proc/PID/stat, in 100 Hz ticks). Per
 * request it tells what the server costs whatever else runs on the machine; null elsewhere.
 */
function serverCpuMs() {
  return processCpuMs(server.child.pid);
}

/** A process's CPU time, ms (utime + stime, and with `children` cutime + cstime, of /proc/PID/stat); null if unreadable. */
function processCpuMs(pid, children = false) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks * 10;
  } catch {
    return null;
  }
}

/**
 * CPU time of the database server, ms: every `postgres` process on this machine, with what its exited children
 * used (a backend that ends is counted in its parent's cutime). Null on SQLite, where the database is the server
 * process itself, and where /proc cannot be read. Only meaningful when this run's cluster is the only one busy.
 */
function databaseCpuMs() {
  if (postgres === null) return null;
  let total = 0;
  let seen = 0;
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let comm;
    try {
      comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm !== 'postgres') continue;
    const cpu = processCpuMs(entry, true);
    if (cpu === null) continue;
    total += cpu;
    seen++;
  }
  return seen === 0 ? null : total;
}

/** `load` with the server's (and the database server's) CPU time per answered request, µs. */
async function measured(mode, rate, seconds, numConnections) {
  const before = serverCpuMs();
  const databaseBefore = databaseCpuMs();
  const result = await load(mode, rate, seconds, numConnections);
  const after = serverCpuMs();
  const databaseAfter = databaseCpuMs();
  const answered = result.achievedRate * (result.seconds ?? seconds);
  return {
    ...result,
    serverCpuUsPerRequest: before === null ? null : ((after - before) * 1000) / answered,
    databaseCpuUsPerRequest: databaseBefore === null ? null : ((databaseAfter - databaseBefore) * 1000) / answered,
  };
}

const ms = (value) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const header =
  '| mode | rate (req/s) | s | p50 ms | p99 ms | p99.9 ms | max ms | errors + non-2xx | achieved req/s | p99 send lag ms | p99 from send ms | server CPU µs/req | database CPU µs/req | load avg |';
const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
const micros = (value) => (value === null ? '–' : value.toFixed(0));
const row = (r) =>
  `| ${r.mode} | ${r.rate ?? 'max'} | ${r.seconds} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.p999)} | ${ms(r.max)} | ` +
  `${r.errors + r.non2xx} | ${r.achievedRate.toFixed(0)} | ${ms(r.sendLagP99)} | ${ms(r.serviceP99)} | ` +
  `${micros(r.serverCpuUsPerRequest)} | ${micros(r.databaseCpuUsPerRequest)} | ${loadavg()[0].toFixed(2)} |`;

await load('paced', 200, 10); // warm-up: JIT, caches, sockets; not reported
console.log(`\n${header}\n${rule}`);
const target = await measured('paced', 500, targetSeconds);
console.log(row(target));
const isHealthy = (r) => r.p99 <= P99_TARGET_MS && r.errors + r.non2xx === 0 && r.achievedRate >= 0.95 * r.rate;
let knee = null;
let beyond = 0;
for (const rate of rates) {
  const result = await measured('paced', rate, stepSeconds);
  console.log(row(result));
  if (!isHealthy(result)) {
    knee ??= rate;
    if (++beyond >= 2) break;
  }
}
const burst = await measured('autocannon-rate', 500, stepSeconds, 50);
console.log(row(burst));
const ceiling = await measured('autocannon-max', null, 10, 10);
console.log(row(ceiling));

// What each endpoint costs the server, closed loop (4 connections, 6 s each): CPU time per answer is the
// figure that does not depend on what else the machine runs.
const perEndpoint = [];
for (const [name, test] of [
  ['nearby', (path) => path.includes('/nearby')],
  ['search', (path) => path.includes('keyword=')],
  ['detail', (path) => /\/outlets\/\d+$/.test(path)],
]) {
  writeFileSync(pathsFile, JSON.stringify(paths.filter(test)));
  const result = await measured('autocannon-max', null, 6, 4);
  const database = result.databaseCpuUsPerRequest === null ? '' : ` + database ${micros(result.databaseCpuUsPerRequest)} µs`;
  perEndpoint.push(`${name} ${micros(result.serverCpuUsPerRequest)} µs${database} (${result.achievedRate.toFixed(0)} req/s)`);
}
writeFileSync(pathsFile, JSON.stringify(paths));
console.log(`server CPU per answer, closed loop by endpoint: ${perEndpoint.join(', ')}`);

console.log(
  `\ntarget (500 req/s for ${targetSeconds} s, p99 ≤ ${P99_TARGET_MS} ms, zero errors): ${isHealthy(target) ? 'met' : 'MISSED'} ` +
    `(p99 ${ms(target.p99)} ms, ${target.errors + target.non2xx} errors); ` +
    `knee: ${knee === null ? `beyond ${rates[rates.length - 1]} req/s` : `first unhealthy step ${knee} req/s`}; ` +
    `autocannon closed-loop ceiling ${ceiling.achievedRate.toFixed(0)} req/s → the open-loop knee is ` +
    `${knee === null ? '–' : `${((knee / ceiling.achievedRate) * 100).toFixed(0)} %`} of it`,
);
await server.stop();
postgres?.stop();
if (options['data-dir'] === undefined) rmSync(dataDir, { recursive: true, force: true });
