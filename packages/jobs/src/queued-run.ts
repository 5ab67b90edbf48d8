import type { AccessPart, AccessRunParams } from '@lifecircle/platform';
import { LifecircleError, type AnalysisRun } from '@lifecircle/shared';

/** One job of a queued run: the district it analyses and the job's id in the queue. */
export interface QueuedRunPart {
  districtId: number | null;
  jobId: string;
}

/** What a queued access run records beside the usual access parameters. */
export type QueuedRunParams = AccessRunParams & {
  /** The pg-boss queue its jobs were sent to. */
  queue: string;
  /** The store's location, as the jobs name it. */
  store: string;
  parts: QueuedRunPart[];
};

/** A queued run's parameters; CONFLICT when the run was not queued (an in-process run has no parts). */
export function readQueuedRunParams(run: AnalysisRun): QueuedRunParams {
  const params = run.params as Partial<QueuedRunParams>;
  const isQueued =
    typeof params.queue === 'string' &&
    typeof params.speedMps === 'number' &&
    Array.isArray(params.categories) &&
    Array.isArray(params.parts) &&
    params.parts.every((p) => typeof p?.jobId === 'string' && (p.districtId === null || typeof p.districtId === 'number'));
  if (!isQueued) throw new LifecircleError('CONFLICT', { reason: `analysis run ${run.id} was not queued district by district` });
  return params as QueuedRunParams;
}

/**
 * The setting that records one part of a run as done. It is written in the
 * transaction that writes the part's results, so "results stored" and "part
 * done" cannot disagree, and each part has its own key, so parts finishing at
 * once never update the same row.
 */
export function partSettingKey(runId: number, districtId: number | null): string {
  return `analysis_run.${runId}.part.${districtId ?? 'none'}`;
}

/** What the part setting holds: the part's figures and who computed them. */
export interface PartRecord extends AccessPart {
  districtId: number | null;
  /** The worker that wrote the results, and the job and attempt (1 = first) it ran. */
  worker: string;
  jobId: string;
  attempt: number;
  durationMs: number;
  finishedAt: string;
}
