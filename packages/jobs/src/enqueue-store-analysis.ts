import { randomUUID } from 'node:crypto';
import { accessRunParams, insertAccessRun } from '@lifecircle/platform';
import { LifecircleError, type AnalysisRun, type Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import type { AnalysisQueue, RetryPolicy } from './analysis-queue.js';
import type { DistrictJobData } from './district-job.js';
import type { QueuedRunParams, QueuedRunPart } from './queued-run.js';

/** A store a worker or an enqueuer serves, with its location (`storeLocation`). */
export interface QueueTarget {
  store: Store;
  location: string;
}

export interface EnqueueOptions {
  policy: RetryPolicy;
  /** Walking speed of the stored figures, m/s (default the analysis's). */
  speedMps?: number;
  userId: number | null;
  requestId: string | null;
}

/**
 * Queues an access run of the whole store, one job per district (and one
 * for the compounds no street places in a district, if any): the run is
 * recorded as `running` with the ids of its jobs, then the jobs are queued
 * in one statement. Workers write each district's results into the run;
 * the last one marks it `done`, so readers of the latest done run see the
 * whole store or nothing new. NO_NETWORK without a network.
 */
export async function enqueueStoreAnalysis(
  queue: AnalysisQueue,
  target: QueueTarget,
  taxonomy: Taxonomy,
  options: EnqueueOptions,
): Promise<{ run: AnalysisRun; parts: QueuedRunPart[]; queue: string }> {
  const { store, location } = target;
  const latest = await store.getLatestNetwork();
  if (latest === null) throw new LifecircleError('NO_NETWORK', {});
  const districtIds: (number | null)[] = (await store.listDistricts()).map((d) => d.id);
  if ((await store.listCompounds()).some((c) => c.streetId === null)) districtIds.push(null);
  if (districtIds.length === 0) {
    throw new LifecircleError('NOT_FOUND', { entity: 'district', id: `(none in ${location})` });
  }
  const names = await queue.ensureQueues(location, options.policy);
  const parts = districtIds.map((districtId) => ({ districtId, jobId: randomUUID() }));
  const params: QueuedRunParams = { ...accessRunParams(taxonomy, options.speedMps), queue: names.jobs, store: location, parts };
  const run = await insertAccessRun(store, { networkId: latest.info.id, params }, options);
  try {
    await queue.insert(
      names,
      parts.map((part) => ({
        id: part.jobId,
        data: { store: location, runId: run.id, districtId: part.districtId } satisfies DistrictJobData,
      })),
      options.policy,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await store.updateAnalysisRun(run.id, {
      status: 'failed',
      error: `could not queue the jobs: ${message}`,
      finishedAt: new Date().toISOString(),
    });
    throw new LifecircleError('QUEUE_UNAVAILABLE', { reason: message }, { cause: error });
  }
  return { run, parts, queue: names.jobs };
}

/**
 * The API server's `startAnalysis` when it has a job queue: queues a run of
 * its store for the workers and answers at once with the run (`running`
 * until the last district is written). The run's parameters from the
 * request are not used: a run always covers the whole store.
 */
export function queuedAnalysisStarter(
  queue: AnalysisQueue,
  target: QueueTarget,
  taxonomy: Taxonomy,
  policy: RetryPolicy,
): (params: Record<string, unknown>, context: { userId: number; requestId: string }) => Promise<AnalysisRun> {
  return async (_params, context) => (await enqueueStoreAnalysis(queue, target, taxonomy, { policy, ...context })).run;
}
