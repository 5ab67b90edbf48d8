// Benchmark of analysis runs queued district by district (issue 6, item 2):
// one store holding a generated district whose ten streets are dealt to
// several districts; the whole-store access run in process (the peer) against
// the same run queued on PostgreSQL (pg-boss) and done by 1 and 2
// `lifecircle worker` processes, timed from queueing to the run being done.
// Results are checked equal to the in-process run's.
// Usage: npm run bench:jobs [-- --preset district --districts 5]   (never part of the test pass/fail)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { AnalysisQueue, enqueueStoreAnalysis, storeLocation } from '@lifecircle/jobs';
import { accessRowsByKey, seedCityStore, waitForRun } from '@lifecircle/jobs/testing';
import { startStoredAnalysis } from '@lifecircle/platform';
import { testPostgres, TestDatabases } from '@lifecircle/store/testing';

const { values } = parseArgs({
  options: { preset: { type: 'string', default: 'district' }, districts: { type: 'string', default: '5' } },
});
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'packages/cli/bin/lifecircle.js');
const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);
const s = (ms) => (ms / 1000).toFixed(2);
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores, ${mb(totalmem())} MiB; node ${process.version}`,
);

const postgres = await testPostgres();
if (!postgres.ok) {
  console.log(`no PostgreSQL: ${postgres.reason}`);
  process.exit(1);
}
const databases = new TestDatabases(postgres.server.adminUrl);
const database = await databases.empty();
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-bench-jobs-'));
const file = join(dir, 'city.db');
const taxonomy = defaultTaxonomy();
const numDistricts = Number(values.districts);

let started = performance.now();
const { store } = await seedCityStore(file, dir, { seed: 1, preset: values.preset, numDistricts, deal: 'blocks' });
const compounds = await store.listCompounds();
const network = (await store.getLatestNetwork()).info;
console.log(
  `store: ${values.preset} preset seed 1, ${network.numNodes} walk nodes, ${compounds.length} compounds, ` +
    `${compounds.reduce((t, c) => t + c.residents, 0)} residents, ${await store.countOutlets({ status: ['active'] })} outlets, ` +
    `${numDistricts} districts; seeded in ${s(performance.now() - started)} s`,
);

// The peer: one in-process run of the whole store (both cores through the access job's worker threads).
const inProcess = [];
let reference;
for (let k = 0; k < 2; k++) {
  started = performance.now();
  reference = await (await startStoredAnalysis(store, taxonomy, { userId: null, requestId: null })).done;
  inProcess.push(performance.now() - started);
}
const inProcessMs = Math.min(...inProcess);
console.log(`in process: ${inProcess.map(s).join(', ')} s`);
const referenceRows = accessRowsByKey(await store.listAccessResults({ runId: reference.id }));

const queue = await AnalysisQueue.connect(database.url, { maintenanceIntervalS: null, log: console.log });
const policy = { retryLimit: 2, retryDelayS: 0, retryBackoff: false, expireInS: 1800 };

/** Starts n workers, waits until they are ready, queues a run, waits until it is done; returns the time and the parts. */
async function queuedRun(numWorkers) {
  const workers = [];
  for (let w = 0; w < numWorkers; w++) {
    const child = spawn(
      process.execPath,
      [bin, 'worker', '--queue', database.url, '--db', file, '--name', `w${w + 1}`, '--poll-s', '0.5'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let log = '';
    const ready = new Promise((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        log += chunk;
        if (/ ready\n/.test(log)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited ${code}:\n${log}`)));
    });
    workers.push({ child, ready, log: () => log });
  }
  await Promise.all(workers.map((w) => w.ready));
  const queuedAt = performance.now();
  const { run } = await enqueueStoreAnalysis(queue, { store, location: storeLocation(file) }, taxonomy, {
    policy,
    userId: null,
    requestId: null,
  });
  const done = await waitForRun(store, run.id, 30 * 60_000);
  const ms = performance.now() - queuedAt;
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((resolve) => w.child.once('exit', resolve))));
  if (done.status !== 'done') throw new Error(`run ${run.id} ${done.status}: ${done.error}`);
  const rows = accessRowsByKey(await store.listAccessResults({ runId: run.id }));
  const isEqual =
    rows.size === referenceRows.size &&
    [...rows].every(([key, row]) => JSON.stringify(referenceRows.get(key)) === JSON.stringify(row));
  return { ms, parts: done.summary.parts, isEqual };
}

const rows = [];
for (const numWorkers of [1, 2]) {
  const result = await queuedRun(numWorkers);
  const byWorker = new Map();
  for (const part of result.parts) byWorker.set(part.worker, (byWorker.get(part.worker) ?? 0) + 1);
  const partMs = result.parts.map((p) => p.durationMs);
  rows.push(
    `| ${numWorkers} | ${s(result.ms)} s | ${(result.ms / inProcessMs).toFixed(2)}× | ` +
      `${Math.min(...partMs)}–${Math.max(...partMs)} ms | ${[...byWorker].map(([w, n]) => `${w}: ${n}`).join(', ')} | ` +
      `${result.isEqual ? 'equal' : 'DIFFERENT'} |`,
  );
  console.log(rows.at(-1));
}
console.log(`\nin process (peer, min of 2): ${s(inProcessMs)} s`);
console.log('| workers | queued run, queue to done | vs in process | one district job | jobs per worker | rows vs in process |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);

await queue.stop(1000);
await store.close();
await database.drop();
await databases.dispose();
postgres.server.stop();
rmSync(dir, { recursive: true, force: true });
