import type { Taxonomy } from '@lifecircle/shared';
import { jobErrorMessage, type AnalysisQueue, type QueuedJob } from './analysis-queue.js';
import { districtLabel, parseDistrictJobData } from './district-job.js';
import type { QueueTarget } from './enqueue-store-analysis.js';
import { failQueuedRun, runDistrictJob } from './run-district-job.js';
import { analysisQueueNames } from './store-location.js';
import { LifecircleError } from '@lifecircle/shared';

export interface AnalysisWorkerOptions {
  /** Connected with a maintenance interval, so this worker also expires jobs whose worker died. */
  queue: AnalysisQueue;
  /** The stores whose jobs this worker takes. */
  targets: readonly QueueTarget[];
  taxonomy: Taxonomy;
  /** How the worker signs the parts it writes and its log lines (host:pid by default in the CLI). */
  workerId: string;
  /** Seconds between polls of an idle queue (at least 0.5). */
  pollingIntervalS: number;
  /** Worker threads of each access job. */
  threads?: number;
  log: (line: string) => void;
}

/**
 * Starts taking the analysis jobs of the given stores, one job at a time per
 * store, until `queue.stop` is called. For each store it also takes the dead
 * letters — jobs that failed for good — and marks their runs failed with the
 * error, so a run never waits forever for a district that cannot be done.
 */
export async function startAnalysisWorker(options: AnalysisWorkerOptions): Promise<void> {
  const { queue, taxonomy, workerId, log } = options;
  for (const target of options.targets) {
    const names = analysisQueueNames(target.location);
    queue.work(names.jobs, options.pollingIntervalS, async (job: QueuedJob) => {
      const attempt = job.retryCount + 1;
      const of = `attempt ${attempt} of ${job.retryLimit + 1}`;
      try {
        const data = parseDistrictJobData(job.data, job.id);
        if (data.store !== target.location) {
          throw new LifecircleError('JOB_INVALID', {
            job: job.id,
            field: 'store',
            reason: `names ${data.store}, but its queue belongs to ${target.location}`,
          });
        }
        log(`${workerId} took job ${job.id}: run ${data.runId}, ${districtLabel(data.districtId)}, ${of}`);
        const started = performance.now();
        const output = await runDistrictJob(target.store, taxonomy, data, {
          workerId,
          jobId: job.id,
          attempt,
          ...(options.threads === undefined ? {} : { threads: options.threads }),
        });
        const ms = Math.round(performance.now() - started);
        log(
          `${workerId} finished job ${job.id} in ${ms} ms: ${output.outcome}, ${output.numCompounds} compounds, run ${output.runStatus}`,
        );
        return output;
      } catch (error) {
        log(`${workerId} job ${job.id} failed (${of}): ${(error as Error).message}`);
        throw error;
      }
    });
    queue.work(names.failed, options.pollingIntervalS, async (job: QueuedJob) => {
      const error = jobErrorMessage(job.output);
      let data;
      try {
        data = parseDistrictJobData(job.data, job.id);
      } catch {
        // A job whose data was unreadable names no run to mark.
        log(`${workerId} dead letter ${job.id} names no run: ${error}`);
        return { marked: false };
      }
      // A dead letter carries the failed job's retry limit: it failed after that many retries and the first attempt.
      const failed = await failQueuedRun(target.store, data, error, job.retryLimit + 1);
      log(`${workerId} dead letter ${job.id}: run ${data.runId} ${failed === null ? 'was already settled' : 'failed'}: ${error}`);
      return { marked: failed !== null };
    });
  }
}
