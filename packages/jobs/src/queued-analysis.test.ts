import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { startStoredAnalysis } from '@lifecircle/platform';
import { isLifecircleError } from '@lifecircle/shared';
import { testPostgres, TestDatabases, type TestDatabase } from '@lifecircle/store/testing';
import { AnalysisQueue, type RetryPolicy } from './analysis-queue.js';
import { startAnalysisWorker } from './analysis-worker.js';
import { enqueueStoreAnalysis, type QueueTarget } from './enqueue-store-analysis.js';
import { readQueuedRunParams } from './queued-run.js';
import { runDistrictJob } from './run-district-job.js';
import { storeLocation } from './store-location.js';
import { accessRowsByKey, seedCityStore, waitForRun } from './testing/index.js';

const postgres = await testPostgres();
const taxonomy = defaultTaxonomy();
const policy: RetryPolicy = { retryLimit: 1, retryDelayS: 0, retryBackoff: false, expireInS: 60 };
const who = { userId: null, requestId: null };

/** The stores the tests run on: a SQLite file and a PostGIS database, each seeded alike. */
const KINDS = ['sqlite', 'postgis'] as const;
type Kind = (typeof KINDS)[number];

describe('access runs queued district by district', { skip: postgres.ok ? false : postgres.reason }, () => {
  let databases: TestDatabases;
  const dropLater: TestDatabase[] = [];
  let queue: AnalysisQueue;
  let queueUrl: string;
  let dir: string;
  /** Per kind, a store the in-process worker serves and one it does not (its jobs are run by hand). */
  const targets = {} as Record<Kind, { served: QueueTarget; unserved: QueueTarget }>;
  const log: string[] = [];
  const enqueue = (target: QueueTarget) => enqueueStoreAnalysis(queue, target, taxonomy, { policy, ...who });
  /** One attempt at a job of an unserved store, made by hand as a worker would make it. */
  const attempt = (kind: Kind, runId: number, districtId: number | null, worker: string, jobId: string, attemptNumber: number) =>
    runDistrictJob(
      targets[kind].unserved.store,
      taxonomy,
      { store: targets[kind].unserved.location, runId, districtId },
      { workerId: worker, jobId, attempt: attemptNumber, threads: 0 },
    );
  /** Where a new store of a kind lives: a file in the test folder, or a new database. */
  const newTarget = async (kind: Kind, name: string) => {
    if (kind === 'sqlite') return join(dir, `${name}.db`);
    const database = await databases.migrated();
    dropLater.push(database);
    return database.url;
  };

  before(async () => {
    if (!postgres.ok) return;
    databases = new TestDatabases(postgres.server.adminUrl);
    const queueDatabase = await databases.empty();
    dropLater.push(queueDatabase);
    queueUrl = queueDatabase.url;
    dir = mkdtempSync(join(tmpdir(), 'lifecircle-jobs-'));
    for (const kind of KINDS) {
      const served = await newTarget(kind, 'served');
      const unserved = await newTarget(kind, 'unserved');
      targets[kind] = {
        served: {
          store: (await seedCityStore(served, dir, { seed: 11, numDistricts: 3, numUnassigned: 2 })).store,
          location: storeLocation(served),
        },
        unserved: {
          store: (await seedCityStore(unserved, dir, { seed: 12, numDistricts: 2 })).store,
          location: storeLocation(unserved),
        },
      };
    }
    queue = await AnalysisQueue.connect(queueUrl, { maintenanceIntervalS: 1, log: (line) => log.push(line) });
    await startAnalysisWorker({
      queue,
      targets: KINDS.map((kind) => targets[kind].served),
      taxonomy,
      workerId: 'in-process',
      pollingIntervalS: 0.5,
      log: (line) => log.push(line),
    });
  });
  after(async () => {
    if (!postgres.ok) return;
    await queue.stop(1000);
    for (const kind of KINDS) {
      await targets[kind].served.store.close();
      await targets[kind].unserved.store.close();
    }
    for (const database of dropLater) await database.drop();
    await databases.dispose();
    rmSync(dir, { recursive: true, force: true });
    postgres.server.stop();
  });

  for (const kind of KINDS) {
    it(`(${kind}) gives, district by district, the rows and summary of one in-process run of the whole store`, async () => {
      const served = targets[kind].served.store;
      const { run, parts } = await enqueue(targets[kind].served);
      assert.deepEqual(
        parts.map((p) => p.districtId),
        [...(await served.listDistricts()).map((d) => d.id), null],
        'one job per district and one for the compounds outside every district',
      );
      const done = await waitForRun(served, run.id, 60_000);
      assert.equal(done.status, 'done', `${done.error ?? ''} ${log.join('\n')}`);

      const reference = await (await startStoredAnalysis(served, taxonomy, { ...who, workers: 0 })).done;
      const queued = accessRowsByKey(await served.listAccessResults({ runId: run.id }));
      const whole = accessRowsByKey(await served.listAccessResults({ runId: reference.id }));
      assert.equal(queued.size, (await served.listCompounds()).length * readQueuedRunParams(run).categories.length);
      assert.deepEqual(queued, whole);

      const summary = done.summary as { numCompounds: number; coverage: { categoryId: string; share: number | null }[] };
      const referenceSummary = reference.summary as typeof summary;
      assert.equal(summary.numCompounds, referenceSummary.numCompounds);
      summary.coverage.forEach((c, k) => {
        const expected = referenceSummary.coverage[k]!;
        assert.equal(c.categoryId, expected.categoryId);
        if (expected.share === null) assert.equal(c.share, null);
        else assert.ok(Math.abs(c.share! - expected.share) < 1e-12, `${c.categoryId}: ${c.share} vs ${expected.share}`);
      });
      const recorded = (done.summary as { parts: { districtId: number | null; worker: string; attempt: number }[] }).parts;
      assert.deepEqual(
        recorded.map((p) => [p.districtId, p.worker, p.attempt]),
        parts.map((p) => [p.districtId, 'in-process', 1]),
      );
    });

    it(`(${kind}) lets an attempt after a committed one write nothing again, and finishes the run with its last part`, async () => {
      // The unserved store's jobs wait in the queue: the attempts here are made by hand, as workers would make them.
      const unserved = targets[kind].unserved.store;
      const { run, parts } = await enqueue(targets[kind].unserved);
      const [first, second] = parts;
      const committed = await attempt(kind, run.id, first!.districtId, 'crashed', first!.jobId, 1);
      assert.equal(committed.outcome, 'analysed');
      assert.equal(committed.runStatus, 'running');
      const rowsAfterFirst = (await unserved.listAccessResults({ runId: run.id })).length;
      const retried = await attempt(kind, run.id, first!.districtId, 'retrying', first!.jobId, 2);
      assert.equal(retried.outcome, 'already-done');
      assert.equal((await unserved.listAccessResults({ runId: run.id })).length, rowsAfterFirst);

      const last = await attempt(kind, run.id, second!.districtId, 'retrying', second!.jobId, 1);
      assert.equal(last.runStatus, 'done');
      const done = (await unserved.getAnalysisRun(run.id))!;
      const recorded = (done.summary as { parts: { worker: string; attempt: number }[] }).parts;
      assert.deepEqual(
        recorded.map((p) => [p.worker, p.attempt]),
        [
          ['crashed', 1],
          ['retrying', 1],
        ],
      );
      const rows = await unserved.listAccessResults({ runId: run.id });
      assert.equal(accessRowsByKey(rows).size, rows.length, 'no compound and category twice');
      assert.equal(rows.length, (await unserved.listCompounds()).length * readQueuedRunParams(run).categories.length);
      const after = await attempt(kind, run.id, first!.districtId, 'late', first!.jobId, 3);
      assert.equal(after.outcome, 'skipped', 'a job of a finished run does nothing');
    });
  }

  it('refuses a job for a district its run does not have, naming the field', async () => {
    const { run } = await enqueue(targets.sqlite.unserved);
    await assert.rejects(
      attempt('sqlite', run.id, 999, 'w', 'job-1', 1),
      (error) => isLifecircleError(error, 'JOB_INVALID') && error.details.field === 'districtId' && /999/.test(error.message),
    );
  });

  it('refuses a job whose run was queued on an older network, naming both networks', async () => {
    const unserved = targets.sqlite.unserved.store;
    const { run, parts } = await enqueue(targets.sqlite.unserved);
    const latest = (await unserved.getLatestNetwork())!;
    const { name, source, numNodes, numEdges } = latest.info;
    const replaced = await unserved.insertNetwork({ name: `${name} (re-imported)`, source, numNodes, numEdges }, latest.graph);
    await assert.rejects(
      attempt('sqlite', run.id, parts[0]!.districtId, 'w', parts[0]!.jobId, 1),
      (error) =>
        isLifecircleError(error, 'CONFLICT') &&
        error.message.includes(`network ${run.networkId}`) &&
        error.message.includes(`network is ${replaced.id}`),
    );
  });

  it('gives back a job still running when a stopping worker runs out of grace, for another worker to retry', async () => {
    const location = 'sqlite:/release-test.db';
    const stopping = await AnalysisQueue.connect(queueUrl, { maintenanceIntervalS: null, log: (line) => log.push(line) });
    const names = await stopping.ensureQueues(location, policy);
    const jobId = '00000000-0000-4000-8000-00000000000a';
    await stopping.insert(names, [{ id: jobId, data: { store: location, runId: 1, districtId: null } }], policy);
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    stopping.work(names.jobs, 0.5, async () => {
      started();
      await new Promise<void>((resolve) => (finish = resolve));
      return {};
    });
    await isStarted;
    const stoppedAt = performance.now();
    await stopping.stop(1000);
    assert.ok(performance.now() - stoppedAt >= 1000, 'it waited for the grace period');
    const job = (await queue.getJob(names.jobs, jobId))!;
    assert.equal(job.state, 'retry');
    assert.match(JSON.stringify(job.output), /stopped before the job finished/);
    finish();
  });
});
