import { accessRunSummary, computeStoredAccess, requireLatestGraph, runCategories, type AccessPart } from '@lifecircle/platform';
import { isLifecircleError, LifecircleError, type AnalysisRun, type RunStatus, type Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { districtLabel, type DistrictJobData } from './district-job.js';
import { partSettingKey, readQueuedRunParams, type PartRecord } from './queued-run.js';

/** Who runs a job: the worker's name, the job's id and which attempt this is (1 = first). */
export interface DistrictJobContext {
  workerId: string;
  jobId: string;
  attempt: number;
  /** Worker threads of the access job (default: the analysis package's). */
  threads?: number;
}

/** What a finished job reports (kept as the job's output in the queue). */
export interface DistrictJobOutput {
  runId: number;
  districtId: number | null;
  worker: string;
  /** analysed: this attempt wrote the results; already-done: an earlier attempt had; skipped: the run is no longer running. */
  outcome: 'analysed' | 'already-done' | 'skipped';
  numCompounds: number;
  /** The run's status after this job. */
  runStatus: RunStatus;
}

/**
 * Runs one district of a queued access run: every compound of the
 * district's streets to the nearest active outlet of each category over the
 * run's network (outlets and gates anywhere in the store count: residents
 * cross district borders). The district's results and its part record are
 * written in one transaction, and only if no attempt wrote them before, so a
 * retry after a crash — before or after that commit — neither loses nor
 * doubles results. The run turns `done` when its last part is written.
 */
export async function runDistrictJob(
  store: Store,
  taxonomy: Taxonomy,
  data: DistrictJobData,
  context: DistrictJobContext,
): Promise<DistrictJobOutput> {
  const started = performance.now();
  const run = await store.getAnalysisRun(data.runId);
  if (run === null) throw new LifecircleError('NOT_FOUND', { entity: 'analysis run', id: data.runId });
  const params = readQueuedRunParams(run);
  if (!params.parts.some((part) => part.districtId === data.districtId)) {
    throw new LifecircleError('JOB_INVALID', {
      job: context.jobId,
      field: 'districtId',
      reason: `run ${run.id} has no part for ${districtLabel(data.districtId)}`,
    });
  }
  const output = (outcome: DistrictJobOutput['outcome'], numCompounds: number, runStatus: RunStatus): DistrictJobOutput => ({
    runId: run.id,
    districtId: data.districtId,
    worker: context.workerId,
    outcome,
    numCompounds,
    runStatus,
  });
  if (run.status !== 'running') return output('skipped', 0, run.status);

  const key = partSettingKey(run.id, data.districtId);
  if ((await store.getSetting(key)) !== null) {
    return output('already-done', 0, await finishRunIfComplete(store, run.id));
  }
  const { info, graph } = await requireLatestGraph(store);
  if (info.id !== run.networkId) {
    throw new LifecircleError('CONFLICT', {
      reason: `run ${run.id} was queued on network ${run.networkId}, but the store's latest network is ${info.id}; queue a new run`,
    });
  }
  const compounds = await store.listCompounds();
  let origins = compounds.filter((c) => c.streetId === null);
  if (data.districtId !== null) {
    if (!(await store.listDistricts()).some((d) => d.id === data.districtId)) {
      throw new LifecircleError('NOT_FOUND', { entity: 'district', id: data.districtId });
    }
    const streetIds = new Set((await store.listStreets({ districtId: data.districtId })).map((s) => s.id));
    origins = compounds.filter((c) => c.streetId !== null && streetIds.has(c.streetId));
  }
  const { rows, part } = await computeStoredAccess(
    {
      graph,
      categories: runCategories(taxonomy, params.categories),
      compounds,
      origins,
      outlets: await store.listOutlets({ status: ['active'] }),
      speedMps: params.speedMps,
      ...(context.threads === undefined ? {} : { workers: context.threads }),
    },
    run.id,
  );
  const record: PartRecord = {
    ...part,
    districtId: data.districtId,
    worker: context.workerId,
    jobId: context.jobId,
    attempt: context.attempt,
    durationMs: Math.round(performance.now() - started),
    finishedAt: new Date().toISOString(),
  };
  let wrote = false;
  try {
    wrote = await store.transaction(async (tx) => {
      if ((await tx.getSetting(key)) !== null) return false;
      await tx.insertAccessResults(rows);
      await tx.setSetting(key, JSON.stringify(record));
      return true;
    });
  } catch (error) {
    // Another attempt committing the same rows at the same moment trips the
    // results' primary key: the part is done, by that attempt.
    if (!isLifecircleError(error, 'CONFLICT') || (await store.getSetting(key)) === null) throw error;
  }
  return output(wrote ? 'analysed' : 'already-done', wrote ? origins.length : 0, await finishRunIfComplete(store, run.id));
}

/**
 * Marks a queued run `done`, with the summary merged from its parts, once
 * every part is recorded; otherwise leaves it. Returns the run's status.
 * Called after each part's commit, so whichever part commits last sees all
 * of them, even when parts finish at the same moment on different machines.
 */
export async function finishRunIfComplete(store: Store, runId: number): Promise<RunStatus> {
  return store.transaction(async (tx) => {
    const run = await tx.getAnalysisRun(runId);
    if (run === null) throw new LifecircleError('NOT_FOUND', { entity: 'analysis run', id: runId });
    if (run.status !== 'running') return run.status;
    const records: PartRecord[] = [];
    for (const { districtId } of readQueuedRunParams(run).parts) {
      const stored = await tx.getSetting(partSettingKey(runId, districtId));
      if (stored === null) return run.status;
      records.push(JSON.parse(stored) as PartRecord);
    }
    const finishedAt = new Date();
    const summary = {
      ...accessRunSummary(records as AccessPart[], finishedAt.getTime() - Date.parse(run.startedAt)),
      parts: records.map((r) => ({
        districtId: r.districtId,
        numCompounds: r.numCompounds,
        worker: r.worker,
        jobId: r.jobId,
        attempt: r.attempt,
        durationMs: r.durationMs,
        finishedAt: r.finishedAt,
      })),
    };
    const done = await tx.updateAnalysisRun(runId, { status: 'done', summary, finishedAt: finishedAt.toISOString() });
    return done.status;
  });
}

/**
 * Marks a queued run `failed` because one of its jobs failed for good (its
 * dead letter), keeping that job's last error. A run already finished or
 * failed is left as it is.
 */
export async function failQueuedRun(
  store: Store,
  data: DistrictJobData,
  error: string,
  attempts: number,
): Promise<AnalysisRun | null> {
  return store.transaction(async (tx) => {
    const run = await tx.getAnalysisRun(data.runId);
    if (run === null || run.status !== 'running') return null;
    return tx.updateAnalysisRun(run.id, {
      status: 'failed',
      error: `${districtLabel(data.districtId)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${error}`,
      finishedAt: new Date().toISOString(),
    });
  });
}
