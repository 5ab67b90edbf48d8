import type { AnalysisQueue, FailedJob, QueueCounts } from './analysis-queue.js';
import { districtLabel, parseDistrictJobData } from './district-job.js';

/** The state of every analysis queue on one PostgreSQL database. */
export interface QueueStatus {
  queues: { name: string; counts: QueueCounts }[];
  /** The latest jobs that failed for good (newest first). */
  failed: FailedJob[];
}

/** Reads the counts of every analysis queue and the latest failures. */
export async function queueStatus(queue: AnalysisQueue, options: { maxFailed?: number } = {}): Promise<QueueStatus> {
  const counts = await queue.counts();
  const failed = await queue.failedJobs(options.maxFailed ?? 20);
  return { queues: [...counts].map(([name, c]) => ({ name, counts: c })), failed };
}

/** The status as a few lines of text: one per queue, then one per failed job. */
export function formatQueueStatus(status: QueueStatus): string {
  if (status.queues.length === 0) return 'no analysis queues yet\n';
  const lines = status.queues.map(
    ({ name, counts: c }) =>
      `${name}: queued ${c.created}, retrying ${c.retry}, active ${c.active}, completed ${c.completed}, failed ${c.failed}` +
      (c.cancelled > 0 ? `, cancelled ${c.cancelled}` : ''),
  );
  if (status.failed.length > 0) lines.push('failed jobs (newest first):');
  for (const job of status.failed) {
    let what = 'unreadable data';
    try {
      const data = parseDistrictJobData(job.data, job.id);
      what = `run ${data.runId}, ${districtLabel(data.districtId)}, ${data.store}`;
    } catch {
      // Shown as unreadable: the status lists the job all the same.
    }
    lines.push(
      `  ${job.id} (${what}) after ${job.attempts} attempt${job.attempts === 1 ? '' : 's'} at ${job.failedAt}: ${job.error}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
