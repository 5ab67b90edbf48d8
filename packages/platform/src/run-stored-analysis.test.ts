import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { isLifecircleError, type AnalysisRun } from '@lifecircle/shared';
import { openSqliteStore, type Store } from '@lifecircle/store';
import { markInterruptedRuns, resumeStoredAnalysis, startStoredAnalysis } from './run-stored-analysis.js';
import { seedDemoDistrict } from './seed-demo.js';

const fastHash = async (password: string) => `plain$${password}`;

/** The id of a process that has ended: a child that exits at once. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('interrupted analysis runs', () => {
  const taxonomy = defaultTaxonomy();
  let dataDir: string;
  let store: Store;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-runs-'));
    store = await openSqliteStore(':memory:');
    await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword: fastHash, preset: 'neighbourhood', seed: 4 });
  });
  after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const runningRun = (summary: Record<string, unknown> | null, params: Record<string, unknown> = {}): Promise<AnalysisRun> =>
    store.insertAnalysisRun({
      kind: 'access',
      status: 'running',
      networkId: null,
      params: { profile: 'adult', speedMps: 1.2, ...params },
      summary,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    });

  it('marks the runs of dead or unknown processes interrupted, and leaves live and other machines’ runs running', async () => {
    const dead = await runningRun({ owner: { host: hostname(), pid: deadPid() } });
    const legacy = await runningRun(null);
    const live = await runningRun({ owner: { host: hostname(), pid: process.ppid } });
    const elsewhere = await runningRun({ owner: { host: `not-${hostname()}`, pid: 1 } });
    // The same pid as this process but an earlier start: a restarted container reusing the pid.
    const reusedPid = await runningRun({
      owner: { host: hostname(), pid: process.pid, processStartedAt: '2000-01-01T00:00:00.000Z' },
    });
    // A run queued for worker processes has no owner: its job queue retries a dead worker's job.
    const queued = await runningRun(null, { queue: 'lifecircle_access_x', parts: [] });
    const marked = await markInterruptedRuns(store);
    assert.deepEqual(marked.map((r) => r.id).sort(), [dead.id, legacy.id, reusedPid.id].sort());
    for (const run of marked) {
      assert.equal(run.status, 'interrupted');
      assert.ok(run.error !== null && run.finishedAt !== null);
      const [audit] = await store.listAudit({ entity: 'analysis_run', entityId: String(run.id) });
      assert.equal(audit?.action, 'interrupt');
    }
    assert.equal((await store.getAnalysisRun(live.id))?.status, 'running');
    assert.equal((await store.getAnalysisRun(elsewhere.id))?.status, 'running');
    assert.equal((await store.getAnalysisRun(queued.id))?.status, 'running', 'a queued run is left to its queue');
    assert.deepEqual(await markInterruptedRuns(store), [], 'a second pass finds nothing new');
    // Clean up the still-running fixtures so later tests see only their own runs.
    for (const run of [live, elsewhere, queued]) await store.updateAnalysisRun(run.id, { status: 'failed' });
  });

  it('resumes an interrupted run under its id to the same results as a fresh run, and refuses runs not interrupted', async () => {
    const interrupted = (await store.listAnalysisRuns({ status: 'interrupted' }))[0]!;
    assert.deepEqual(await store.listAccessResults({ runId: interrupted.id }), [], 'an interrupted run has no results');
    const { run, done } = await resumeStoredAnalysis(store, taxonomy, interrupted.id, {
      userId: null,
      requestId: 'r1',
      workers: 0,
    });
    assert.equal(run.id, interrupted.id);
    assert.equal(run.status, 'running');
    const finished = await done;
    assert.equal(finished.status, 'done');
    assert.equal(finished.error, null);
    const [resumeAudit] = await store.listAudit({ entity: 'analysis_run', entityId: String(run.id) });
    assert.equal(resumeAudit?.action, 'resume');

    // The reference: a fresh run over the same data.
    const fresh = await startStoredAnalysis(store, taxonomy, { userId: null, requestId: null, workers: 0 });
    await fresh.done;
    const strip = (rows: { compoundId: number; categoryId: string; walkM: number | null; numWithin15: number }[]) =>
      rows.map((r) => `${r.compoundId}/${r.categoryId}/${r.walkM}/${r.numWithin15}`).sort();
    const resumedRows = await store.listAccessResults({ runId: run.id });
    assert.ok(resumedRows.length > 0);
    assert.deepEqual(strip(resumedRows), strip(await store.listAccessResults({ runId: fresh.run.id })));

    const conflict = (error: unknown) => isLifecircleError(error, 'CONFLICT');
    await assert.rejects(resumeStoredAnalysis(store, taxonomy, run.id, { userId: null, requestId: null }), conflict);
    await assert.rejects(resumeStoredAnalysis(store, taxonomy, 99999, { userId: null, requestId: null }), (error: unknown) =>
      isLifecircleError(error, 'NOT_FOUND'),
    );
  });
});
