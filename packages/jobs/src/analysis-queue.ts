import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { LifecircleError } from '@lifecircle/shared';
import { analysisQueueNames, type AnalysisQueueNames } from './store-location.js';

/** How a queued job is retried and when a silent worker is presumed dead. */
export interface RetryPolicy {
  /** Attempts after the first (0 = never retried). */
  retryLimit: number;
  /** Seconds before a retry; doubled with jitter per attempt when `retryBackoff`. */
  retryDelayS: number;
  retryBackoff: boolean;
  /**
   * Seconds a job may stay active. A worker killed mid-job never reports, so
   * its job expires after this long and is retried by another worker; a live
   * worker whose job runs longer gives it up too. Choose well above the
   * slowest district's analysis.
   */
  expireInS: number;
}

/** Defaults for a city deployment: a district takes seconds to a few minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retryLimit: 3, retryDelayS: 30, retryBackoff: true, expireInS: 15 * 60 };

export interface QueueConnectOptions {
  /**
   * Seconds between this connection's checks for expired jobs (pg-boss
   * maintenance; whichever connection's turn comes first does it for all).
   * Workers check; null for a connection that only sends or reads (enqueue,
   * status, the API server).
   */
  maintenanceIntervalS: number | null;
  /** Where pg-boss's background errors go (a lost connection, a failed maintenance query). */
  log: (line: string) => void;
}

/** A job as a handler receives it. */
export type QueuedJob = PgBoss.JobWithMetadata<unknown>;

/** Counts of one queue's jobs by state (pg-boss's states; `created` is queued). */
export interface QueueCounts {
  created: number;
  retry: number;
  active: number;
  completed: number;
  cancelled: number;
  failed: number;
}

/** One job that failed for good, with the error of its last attempt. */
export interface FailedJob {
  id: string;
  queue: string;
  data: unknown;
  error: string;
  attempts: number;
  failedAt: string;
}

/** pg-boss's default schema, which holds its `job` and `archive` tables. */
const SCHEMA = 'pgboss';

/**
 * The analysis job queue: pg-boss on a PostgreSQL database, which holds
 * every job's state, so any number of workers on any number of machines
 * share it and a job outlives the worker that held it.
 */
export class AnalysisQueue {
  /** The polling loops of `work`, each with the job it holds. */
  private readonly loops: { queue: string; job: QueuedJob | null; done: Promise<void> }[] = [];
  /** Aborted by `stop`: loops take no new job and idle waits end. */
  private readonly stopping = new AbortController();

  private constructor(
    private readonly boss: PgBoss,
    private readonly log: (line: string) => void,
  ) {}

  /** Connects, creating or upgrading pg-boss's schema when needed; QUEUE_UNAVAILABLE when the database cannot be reached. */
  static async connect(url: string, options: QueueConnectOptions): Promise<AnalysisQueue> {
    let boss: PgBoss;
    try {
      boss = new PgBoss({
        connectionString: url,
        application_name: 'lifecircle',
        max: 4,
        schedule: false,
        supervise: options.maintenanceIntervalS !== null,
        ...(options.maintenanceIntervalS === null ? {} : { maintenanceIntervalSeconds: options.maintenanceIntervalS }),
      });
    } catch (error) {
      throw new LifecircleError('QUEUE_UNAVAILABLE', { reason: (error as Error).message }, { cause: error });
    }
    // Without a listener an 'error' event would end the process; the queue reconnects by itself.
    boss.on('error', (error) => options.log(`job queue: ${error.message}`));
    try {
      await boss.start();
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      throw new LifecircleError('QUEUE_UNAVAILABLE', { reason: (error as Error).message }, { cause: error });
    }
    return new AnalysisQueue(boss, options.log);
  }

  /** Creates the store's queues if they do not exist (their defaults are the policy; every job also carries its own). */
  async ensureQueues(location: string, policy: RetryPolicy): Promise<AnalysisQueueNames> {
    const names = analysisQueueNames(location);
    await this.boss.createQueue(names.failed, { name: names.failed, retryLimit: 2, expireInSeconds: 300 });
    await this.boss.createQueue(names.jobs, { name: names.jobs, deadLetter: names.failed, ...bossRetry(policy) });
    return names;
  }

  /** Adds jobs in one statement: all are queued or none. Ids chosen by the caller make a repeated insert add nothing. */
  async insert(names: AnalysisQueueNames, jobs: { id: string; data: object }[], policy: RetryPolicy): Promise<void> {
    await this.boss.insert(
      jobs.map((job) => ({ id: job.id, name: names.jobs, data: job.data, deadLetter: names.failed, ...bossRetry(policy) })),
    );
  }

  /**
   * Takes jobs of one queue, one at a time, polling every `pollingIntervalS`
   * while it is empty. The handler's result completes the job; its error
   * fails it (retried while attempts remain, else sent to the dead letters).
   * The loop is this module's rather than pg-boss's `work`, whose
   * acknowledgement is not awaited: a worker stopping right after a job
   * could close the connection before the job was marked completed.
   */
  work(queue: string, pollingIntervalS: number, handler: (job: QueuedJob) => Promise<object>): void {
    const loop: (typeof this.loops)[number] = { queue, job: null, done: Promise.resolve() };
    const signal = this.stopping.signal;
    loop.done = (async () => {
      while (!signal.aborted) {
        let job: QueuedJob | undefined;
        try {
          [job] = await this.boss.fetch<unknown>(queue, { batchSize: 1, includeMetadata: true });
        } catch (error) {
          this.log(`job queue ${queue}: cannot fetch a job: ${(error as Error).message}`);
        }
        if (job === undefined) {
          await sleep(pollingIntervalS * 1000, undefined, { signal }).catch(() => {});
          continue;
        }
        loop.job = job;
        try {
          let output: object;
          try {
            output = await handler(job);
          } catch (error) {
            await this.boss.fail(queue, job.id, error as object);
            continue;
          }
          await this.boss.complete(queue, job.id, output);
        } catch (error) {
          // The database went away: the job stays active until it expires, then is retried; its writes are idempotent.
          this.log(`job queue ${queue}: cannot settle job ${job.id}: ${(error as Error).message}`);
        } finally {
          loop.job = null;
        }
      }
    })();
    this.loops.push(loop);
  }

  /** One job, from the live table or the archive; null when unknown. */
  async getJob(queue: string, id: string): Promise<QueuedJob | null> {
    return this.boss.getJobById(queue, id, { includeArchive: true });
  }

  /**
   * Counts per queue of the analysis queues, live and archived jobs alike.
   * pg-boss has no call that counts archived jobs by queue and state, so
   * this reads its two tables (schema of pg-boss 10).
   */
  async counts(): Promise<Map<string, QueueCounts>> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT name, state::text AS state, count(*)::int AS n
         FROM (SELECT name, state FROM ${SCHEMA}.job UNION ALL SELECT name, state FROM ${SCHEMA}.archive) jobs
        WHERE name LIKE 'analysis%'
        GROUP BY name, state
        ORDER BY name`,
      [],
    );
    const byQueue = new Map<string, QueueCounts>();
    for (const row of rows as { name: string; state: keyof QueueCounts; n: number }[]) {
      const counts = byQueue.get(row.name) ?? { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 };
      counts[row.state] = row.n;
      byQueue.set(row.name, counts);
    }
    for (const queue of await this.boss.getQueues()) {
      if (queue.name.startsWith('analysis') && !byQueue.has(queue.name)) {
        byQueue.set(queue.name, { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 });
      }
    }
    return byQueue;
  }

  /** The latest jobs that failed for good, newest first, with the error of their last attempt. */
  async failedJobs(limit: number): Promise<FailedJob[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT id, name, data, output, retry_count, completed_on
         FROM (SELECT id, name, state, data, output, retry_count, completed_on FROM ${SCHEMA}.job
               UNION ALL
               SELECT id, name, state, data, output, retry_count, completed_on FROM ${SCHEMA}.archive) jobs
        WHERE name LIKE 'analysis.%' AND state = 'failed'
        ORDER BY completed_on DESC
        LIMIT $1`,
      [limit],
    );
    return (rows as { id: string; name: string; data: unknown; output: unknown; retry_count: number; completed_on: Date }[]).map(
      (row) => ({
        id: row.id,
        queue: row.name,
        data: row.data,
        error: jobErrorMessage(row.output),
        attempts: row.retry_count + 1,
        failedAt: row.completed_on.toISOString(),
      }),
    );
  }

  /**
   * Stops taking jobs, waits up to `graceMs` for the jobs in hand to finish
   * and be acknowledged, then gives back the ones still running (failed, so
   * retried elsewhere while attempts remain) and disconnects.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping.abort();
    const settled = Promise.allSettled(this.loops.map((loop) => loop.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const loop of this.loops) {
      if (loop.job !== null)
        await this.boss.fail(loop.queue, loop.job.id, { message: 'the worker stopped before the job finished' });
    }
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }
}

function bossRetry(policy: RetryPolicy): PgBoss.RetryOptions & PgBoss.ExpirationOptions {
  return {
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelayS,
    retryBackoff: policy.retryBackoff,
    expireInSeconds: policy.expireInS,
  };
}

/**
 * The error message pg-boss stored for a failed attempt: a thrown error is
 * kept serialised (`{ name, message, code, … }`), an expiry or a shutdown as
 * `{ value: { message } }` or `{ value: "text" }`.
 */
export function jobErrorMessage(output: unknown): string {
  if (typeof output !== 'object' || output === null) return String(output);
  const record = output as { message?: unknown; code?: unknown; value?: unknown };
  if (typeof record.message === 'string') {
    return typeof record.code === 'string' ? `${record.code}: ${record.message}` : record.message;
  }
  if (typeof record.value === 'string') return record.value;
  if (typeof record.value === 'object' && record.value !== null) return jobErrorMessage(record.value);
  return JSON.stringify(output);
}
