import { DEFAULT_RETRY_POLICY, storeLocation, type QueueTarget, type RetryPolicy } from '@lifecircle/jobs';
import { LifecircleError } from '@lifecircle/shared';
import { describeTarget, isPostgresUrl, openSqliteStore, openStore, type Store } from '@lifecircle/store';
import type { CommandIo } from './command-io.js';
import { storeTarget } from './open-store.js';
import { numberOption } from './parse-options.js';

/** The options of the verbs that use the job queue; `--db` may repeat (one queue per store). */
export const QUEUE_OPTIONS = {
  queue: { type: 'string' },
  'data-dir': { type: 'string' },
  db: { type: 'string', multiple: true },
} as const;

export interface QueueArgs {
  queue?: string;
  'data-dir'?: string;
  db?: string[];
}

/** The queue's PostgreSQL URL: `--queue`, else $LIFECIRCLE_QUEUE_URL; USAGE when neither is given. */
export function queueUrl(options: { queue?: string }, io: CommandIo): string {
  const url = options.queue ?? io.env.LIFECIRCLE_QUEUE_URL;
  if (url === undefined || url === '') {
    throw new LifecircleError('USAGE', { reason: '--queue postgres://… (or LIFECIRCLE_QUEUE_URL) names the job queue' });
  }
  return url;
}

/**
 * Opens every `--db` store (a SQLite file or a PostgreSQL URL; else
 * $DATABASE_URL or the default file) with its queue location. SQLite batch
 * writers wait up to a minute for another process's write lock instead of
 * the interactive five seconds: a worker's district commits while others do.
 */
export async function openQueueTargets(options: QueueArgs, io: CommandIo): Promise<(QueueTarget & { database: string })[]> {
  const given = options.db ?? [undefined];
  const targets: (QueueTarget & { database: string })[] = [];
  try {
    for (const db of given) {
      const { target } = storeTarget(
        {
          ...(options['data-dir'] === undefined ? {} : { 'data-dir': options['data-dir'] }),
          ...(db === undefined ? {} : { db }),
        },
        io,
      );
      const store: Store = isPostgresUrl(target)
        ? await openStore(target)
        : await openSqliteStore(target, { busyTimeoutMs: 60_000 });
      targets.push({ store, location: storeLocation(target), database: describeTarget(target) });
    }
  } catch (error) {
    await Promise.all(targets.map((t) => t.store.close()));
    throw error;
  }
  return targets;
}

/** `--retry-limit`, `--retry-delay-s` (doubling with jitter; 0 retries at once) and `--expire-s`. */
export const RETRY_OPTIONS = {
  'retry-limit': { type: 'string' },
  'retry-delay-s': { type: 'string' },
  'expire-s': { type: 'string' },
} as const;

export function retryPolicy(options: { 'retry-limit'?: string; 'retry-delay-s'?: string; 'expire-s'?: string }): RetryPolicy {
  const retryDelayS = numberOption(options['retry-delay-s'], 'retry-delay-s', DEFAULT_RETRY_POLICY.retryDelayS, 0, 86_400);
  return {
    retryLimit: Math.round(numberOption(options['retry-limit'], 'retry-limit', DEFAULT_RETRY_POLICY.retryLimit, 0, 100)),
    retryDelayS: Math.round(retryDelayS),
    retryBackoff: retryDelayS > 0,
    // pg-boss keeps a job active for less than 24 hours.
    expireInS: Math.round(numberOption(options['expire-s'], 'expire-s', DEFAULT_RETRY_POLICY.expireInS, 1, 23 * 3600)),
  };
}
