import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultTaxonomy } from '@lifecircle/analysis';
import {
  AnalysisQueue,
  analysisQueueNames,
  queuedAnalysisStarter,
  readQueuedRunParams,
  storeLocation,
  type DistrictJobOutput,
} from '@lifecircle/jobs';
import { accessRowsByKey, holdWriteLock, seedCityStore, waitForRun } from '@lifecircle/jobs/testing';
import { startStoredAnalysis, type SeededCredential } from '@lifecircle/platform';
import { createApp, hashPassword } from '@lifecircle/server';
import type { AnalysisRun } from '@lifecircle/shared';
import { describeTarget, openSqliteStore, type Store } from '@lifecircle/store';
import { testPostgres, TestDatabases, type TestDatabase } from '@lifecircle/store/testing';
import type { CommandIo } from './command-io.js';
import { main } from './main.js';
import { WorkerProcess } from './testing/worker-process.js';

// Real worker processes (the built `lifecircle worker`), a real PostgreSQL queue and real SQLite stores.
const postgres = await testPostgres();
const taxonomy = defaultTaxonomy();
/** The id of a job queued by hand with data no worker can read. */
const BAD_JOB = '00000000-0000-4000-8000-000000000007';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isInteractive: false, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('analysis workers sharing a PostgreSQL job queue', { skip: postgres.ok ? false : postgres.reason }, () => {
  let databases: TestDatabases;
  let database: TestDatabase;
  const dropLater: TestDatabase[] = [];
  let queue: AnalysisQueue;
  let dir: string;
  let fileA: string;
  let fileB: string;
  /** A PostGIS store seeded as store A is. */
  let urlP: string;
  let storeA: Store;
  let storeB: Store;
  /** Every store by its location (as runs name it) and by how the CLI prints it. */
  const byLocation = new Map<string, Store>();
  const byDatabase = new Map<string, Store>();
  let commission: SeededCredential;
  const workers: WorkerProcess[] = [];

  /** Starts `lifecircle worker` serving the given stores, polling twice a second and expiring lapsed jobs every second. */
  const startWorker = (name: string, targets: string[], extra: string[] = []) => {
    const worker = new WorkerProcess(name, [
      '--queue',
      database.url,
      ...targets.flatMap((target) => ['--db', target]),
      '--poll-s',
      '0.5',
      '--maintenance-s',
      '1',
      '--threads',
      '0',
      ...extra,
    ]);
    workers.push(worker);
    return worker;
  };
  /** Queues a run of each store through the CLI; returns the runs, read back from the stores. */
  const analyseCity = async (targets: string[], extra: string[]): Promise<AnalysisRun[]> => {
    const result = await cli(['analyse-city', '--queue', database.url, ...targets.flatMap((t) => ['--db', t]), ...extra]);
    assert.equal(result.code, 0, result.stderr);
    return Promise.all(
      [...result.stdout.matchAll(/^run (\d+) of (.+): \d+ jobs/gm)].map(async ([, id, printed]) => {
        return (await byDatabase.get(printed!)!.getAnalysisRun(Number(id)))!;
      }),
    );
  };
  const storeOf = (run: AnalysisRun) => byLocation.get(readQueuedRunParams(run).store)!;
  /** The job records of a run's parts, from the queue. */
  const jobsOf = async (run: AnalysisRun) =>
    Promise.all(
      readQueuedRunParams(run).parts.map(async (part) => ({
        ...part,
        job: (await queue.getJob(readQueuedRunParams(run).queue, part.jobId))!,
      })),
    );
  /** The run's rows equal those of one in-process run of the whole store, and no compound and category appears twice. */
  const assertEqualsInProcessRun = async (run: AnalysisRun) => {
    const store = storeOf(run);
    const reference = await (await startStoredAnalysis(store, taxonomy, { userId: null, requestId: null, workers: 0 })).done;
    const rows = await store.listAccessResults({ runId: run.id });
    const queued = accessRowsByKey(rows);
    assert.equal(queued.size, rows.length, 'no compound and category twice');
    assert.equal(rows.length, (await store.listCompounds()).length * readQueuedRunParams(run).categories.length);
    assert.deepEqual(queued, accessRowsByKey(await store.listAccessResults({ runId: reference.id })));
  };
  const partsOf = (run: AnalysisRun) =>
    (run.summary as { parts: { districtId: number | null; worker: string; jobId: string; attempt: number }[] }).parts;

  before(async () => {
    if (!postgres.ok) return;
    databases = new TestDatabases(postgres.server.adminUrl);
    database = await databases.empty();
    dropLater.push(database);
    dir = mkdtempSync(join(tmpdir(), 'lifecircle-workers-'));
    fileA = join(dir, 'city-a.db');
    fileB = join(dir, 'city-b.db');
    const databaseP = await databases.migrated();
    dropLater.push(databaseP);
    urlP = databaseP.url;
    // Three districts and compounds outside every district (four jobs); two districts (two jobs).
    const seededA = await seedCityStore(fileA, dir, { seed: 21, numDistricts: 3, numUnassigned: 2, hashPassword });
    storeA = seededA.store;
    commission = seededA.credentials.find((c) => c.role === 'commission')!;
    storeB = (await seedCityStore(fileB, dir, { seed: 22, numDistricts: 2 })).store;
    const storeP = (await seedCityStore(urlP, dir, { seed: 21, numDistricts: 3, numUnassigned: 2 })).store;
    for (const [target, store] of [
      [fileA, storeA],
      [fileB, storeB],
      [urlP, storeP],
    ] as const) {
      byLocation.set(storeLocation(target), store);
      byDatabase.set(describeTarget(target), store);
    }
    queue = await AnalysisQueue.connect(database.url, { maintenanceIntervalS: null, log: () => {} });
  });
  after(async () => {
    if (!postgres.ok) return;
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await queue.stop(1000);
    for (const store of byLocation.values()) await store.close();
    for (const dropped of dropLater) await dropped.drop();
    await databases.dispose();
    rmSync(dir, { recursive: true, force: true });
    postgres.server.stop();
  });

  /** The stores each sharing test queues, and the one whose writes it holds back (set in `before`). */
  const sharedSets = () => [
    { stores: [fileA, fileB], locked: fileA },
    { stores: [urlP], locked: urlP },
  ];
  for (const [k, label] of ['two SQLite stores', 'a PostGIS store'].entries()) {
    it(`shares the districts of ${label} between two workers: each job done once, the results of one in-process run`, async () => {
      const { stores, locked } = sharedSets()[k]!;
      const runs = await analyseCity(stores, ['--retry-limit', '2', '--retry-delay-s', '0', '--expire-s', '120']);
      assert.equal(runs.length, stores.length);
      // The write lock holds the first worker to take one of that store's districts at its commit, so the
      // other worker certainly takes jobs too; released once both have one in hand.
      const release = await holdWriteLock(locked);
      const started = performance.now();
      const one = startWorker('worker-one', stores);
      const two = startWorker('worker-two', stores);
      try {
        await Promise.all([one.waitFor(/took job/), two.waitFor(/took job/)]);
      } finally {
        await release();
      }
      const done = await Promise.all(runs.map((run) => waitForRun(storeOf(run), run.id, 60_000)));
      const seconds = (performance.now() - started) / 1000;
      assert.deepEqual(await one.stop(), { code: 0, signal: null }, one.lines.join('\n'));
      assert.deepEqual(await two.stop(), { code: 0, signal: null }, two.lines.join('\n'));

      const ranBy = new Map<string, string>();
      for (const run of done) {
        assert.equal(run.status, 'done', run.error ?? '');
        for (const { jobId, job } of await jobsOf(run)) {
          assert.equal(job.state, 'completed');
          assert.equal(job.retryCount, 0, `job ${jobId} ran once`);
          ranBy.set(jobId, (job.output as DistrictJobOutput).worker);
        }
        // The run's own record of who wrote each district agrees with the queue's.
        for (const part of partsOf(run)) {
          assert.equal(part.attempt, 1);
          assert.equal(part.worker, ranBy.get(part.jobId));
        }
        await assertEqualsInProcessRun(run);
      }
      const numJobs = done.reduce((n, run) => n + readQueuedRunParams(run).parts.length, 0);
      assert.equal(ranBy.size, numJobs);
      assert.deepEqual(new Set(ranBy.values()), new Set(['worker-one', 'worker-two']), 'both workers did some');
      const finished = [...one.jobIds('finished'), ...two.jobIds('finished')].sort();
      assert.deepEqual(finished, [...ranBy.keys()].sort(), 'each job finished once, by one worker');
      console.log(
        `# ${label}: ${numJobs} district jobs on 2 workers in ${seconds.toFixed(1)} s: ` +
          `worker-one ${one.jobIds('finished').length}, worker-two ${two.jobIds('finished').length}`,
      );
    });
  }

  for (const [k, label] of ['SQLite', 'PostGIS'].entries()) {
    it(`(${label}) retries the job of a worker killed with SIGKILL mid-job on another worker: nothing lost, nothing doubled`, async () => {
      const target = [fileA, urlP][k]!;
      const [run] = await analyseCity([target], ['--retry-limit', '2', '--retry-delay-s', '0', '--expire-s', '5']);
      const release = await holdWriteLock(target);
      const doomed = startWorker('worker-doomed', [target]);
      let killedJob: string;
      let killedAt: number;
      try {
        const line = await doomed.waitFor(/took job/);
        killedJob = /took job ([0-9a-f-]{36})/.exec(line)![1]!;
        await sleep(300);
        doomed.kill('SIGKILL');
        killedAt = performance.now();
        assert.equal((await doomed.exited).signal, 'SIGKILL');
      } finally {
        await release();
      }
      assert.deepEqual(doomed.jobIds('finished'), [], 'the killed worker finished nothing');

      const rescuer = startWorker('worker-rescuer', [target]);
      const done = await waitForRun(storeOf(run!), run!.id, 90_000);
      const retriedAfterS = (performance.now() - killedAt) / 1000;
      assert.equal((await rescuer.stop()).code, 0);
      assert.equal(done.status, 'done', done.error ?? rescuer.lines.join('\n'));

      for (const { jobId, job } of await jobsOf(done)) {
        assert.equal(job.state, 'completed');
        assert.equal((job.output as DistrictJobOutput).worker, 'worker-rescuer');
        if (jobId === killedJob) assert.ok(job.retryCount >= 1, 'the killed job was retried');
      }
      const killedPart = partsOf(done).find((p) => p.jobId === killedJob)!;
      assert.equal(killedPart.worker, 'worker-rescuer');
      assert.ok(killedPart.attempt >= 2, `attempt ${killedPart.attempt}`);
      await assertEqualsInProcessRun(done);
      console.log(
        `# ${label}, SIGKILL mid-job: the job expired (5 s) and another worker finished the run ${retriedAfterS.toFixed(1)} s after the kill`,
      );
    });
  }

  it('on SIGTERM finishes the job in hand and exits 0, leaving no job active or retried', async () => {
    const [run] = await analyseCity([fileB], ['--retry-limit', '2', '--retry-delay-s', '0', '--expire-s', '120']);
    const release = await holdWriteLock(fileB);
    const stopping = startWorker('worker-stopping', [fileB], ['--grace-s', '30']);
    try {
      await stopping.waitFor(/took job/);
      // The worker waits at its commit; SQLite's wait holds its thread, so it reads the signal once the commit is through.
      stopping.kill('SIGTERM');
      await sleep(300);
    } finally {
      await release();
    }
    assert.deepEqual(await stopping.exited, { code: 0, signal: null }, stopping.lines.join('\n'));
    assert.ok(stopping.lines.some((line) => /stopping: no new jobs/.test(line)));
    const took = stopping.jobIds('took');
    assert.ok(took.length >= 1);
    assert.deepEqual(stopping.jobIds('finished'), took, 'every job it took, it finished');

    const jobs = await jobsOf((await storeB.getAnalysisRun(run!.id))!);
    for (const { jobId, job } of jobs) {
      if (took.includes(jobId)) assert.deepEqual([job.state, job.retryCount], ['completed', 0]);
      else assert.equal(job.state, 'created', 'a job it did not take is still queued');
    }
    const next = startWorker('worker-next', [fileB]);
    const done = await waitForRun(storeB, run!.id, 60_000);
    assert.equal((await next.stop()).code, 0);
    assert.equal(done.status, 'done');
    await assertEqualsInProcessRun(done);
  });

  it('fails jobs with broken input after their retries, shows them in the status and fails their run with the error', async () => {
    const [run] = await analyseCity([fileB], ['--retry-limit', '1', '--retry-delay-s', '0', '--expire-s', '120']);
    const params = readQueuedRunParams(run!);
    // The network is re-imported while the run waits: its jobs can no longer be done as queued.
    const latest = (await storeB.getLatestNetwork())!;
    const { name, source, numNodes, numEdges } = latest.info;
    await storeB.insertNetwork({ name: `${name} (re-imported)`, source, numNodes, numEdges }, latest.graph);
    // And a job whose data no worker can read.
    await queue.insert(analysisQueueNames(params.store), [{ id: BAD_JOB, data: { store: params.store, runId: 'seven' } }], {
      retryLimit: 1,
      retryDelayS: 0,
      retryBackoff: false,
      expireInS: 120,
    });

    const worker = startWorker('worker-broken', [fileB]);
    const failed = await waitForRun(storeB, run!.id, 60_000);
    assert.equal(failed.status, 'failed');
    assert.match(
      failed.error ?? '',
      /failed after 2 attempts: CONFLICT: .*queued on network \d+, but the store's latest network is \d+/,
    );
    // Its jobs fail for good, unless the run failed first: then a job's next attempt has nothing to do.
    const deadline = Date.now() + 30_000;
    const settled = async () => {
      const jobs = await jobsOf(failed);
      const bad = await queue.getJob(params.queue, BAD_JOB);
      return {
        jobs,
        bad,
        isSettled: bad?.state === 'failed' && jobs.every((j) => ['failed', 'completed'].includes(j.job.state)),
      };
    };
    let state = await settled();
    while (!state.isSettled && Date.now() < deadline) {
      await sleep(200);
      state = await settled();
    }
    assert.equal((await worker.stop()).code, 0);
    assert.ok(state.isSettled, worker.lines.join('\n'));
    const failedParts = state.jobs.filter((j) => j.job.state === 'failed');
    assert.ok(failedParts.length >= 1);
    for (const { job } of state.jobs) {
      if (job.state === 'failed') assert.equal(job.retryCount, 1, 'failed after its retry');
      else assert.equal((job.output as DistrictJobOutput).outcome, 'skipped');
    }
    const counts = (await queue.counts()).get(params.queue)!;
    assert.deepEqual(
      { failed: counts.failed, queued: counts.created + counts.retry, active: counts.active },
      { failed: failedParts.length + 1, queued: 0, active: 0 },
    );

    const status = await cli(['jobs', 'status', '--queue', database.url]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(
      status.stdout,
      new RegExp(
        `${params.queue.replace(/\./g, '\\.')}: queued 0, retrying 0, active 0, completed \\d+, failed ${counts.failed}`,
      ),
    );
    assert.match(
      status.stdout,
      new RegExp(`${BAD_JOB} \\(unreadable data\\) after 2 attempts .*JOB_INVALID: .*invalid field runId`),
    );
    for (const { jobId } of failedParts) {
      assert.match(status.stdout, new RegExp(`${jobId} \\(run ${run!.id}, .*\\) after 2 attempts .*CONFLICT`));
    }
    const json = JSON.parse((await cli(['jobs', 'status', '--queue', database.url, '--json'])).stdout) as {
      queues: { name: string; counts: { failed: number } }[];
    };
    assert.equal(json.queues.find((q) => q.name === params.queue)?.counts.failed, counts.failed);
  });

  it('answers an API request for a run at once with the queued run, which the workers then finish', async () => {
    const policy = { retryLimit: 2, retryDelayS: 0, retryBackoff: false, expireInS: 120 };
    const app = await createApp({
      store: storeA,
      taxonomy,
      router: null,
      logger: false,
      startAnalysis: queuedAnalysisStarter(queue, { store: storeA, location: storeLocation(fileA) }, taxonomy, policy),
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: commission.username, password: commission.password },
      });
      const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
      const changed = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers,
        payload: { oldPassword: commission.password, newPassword: `${commission.password}z7` },
      });
      assert.equal(changed.statusCode, 204, changed.body);
      const started = await app.inject({ method: 'POST', url: '/api/admin/analysis-runs', headers, payload: {} });
      assert.equal(started.statusCode, 202, started.body);
      const run = started.json() as AnalysisRun;
      assert.equal(run.status, 'running');
      assert.equal(readQueuedRunParams(run).parts.length, (await storeA.listDistricts()).length + 1);

      const worker = startWorker('worker-api', [fileA]);
      await waitForRun(storeA, run.id, 60_000);
      assert.equal((await worker.stop()).code, 0);
      const read = await app.inject({ url: `/api/admin/analysis-runs/${run.id}`, headers });
      const done = read.json() as AnalysisRun;
      assert.equal(done.status, 'done', done.error ?? '');
      assert.equal((done.summary as { numCompounds: number }).numCompounds, (await storeA.listCompounds()).length);
      await assertEqualsInProcessRun(done);
    } finally {
      await app.close();
    }
  });
});

describe('the job verbs without a reachable queue', () => {
  it('refuse to start without --queue (usage, exit 2) and name an unreachable queue (exit 1), queueing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-no-queue-'));
    const file = join(dir, 'city.db');
    try {
      const { store } = await seedCityStore(file, dir, { seed: 23, numDistricts: 2 });
      await store.close();
      const missing = await cli(['analyse-city', '--db', file, '--lang', 'en']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /error USAGE: .*--queue/);
      // Port 1 on loopback: nothing listens there.
      for (const verb of [
        ['analyse-city', '--db', file],
        ['worker', '--db', file],
        ['jobs', 'status'],
      ]) {
        const result = await cli([...verb, '--queue', 'postgres://nobody@127.0.0.1:1/none', '--lang', 'en']);
        assert.equal(result.code, 1, verb.join(' '));
        assert.match(result.stderr, /error QUEUE_UNAVAILABLE: job queue unavailable: /);
      }
      const reopened = await openSqliteStore(file);
      assert.deepEqual(await reopened.listAnalysisRuns(), [], 'no run was recorded');
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
