import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';

/**
 * Where a store lives, as one string that names the same database on every
 * machine: `sqlite:` and the absolute path of the file, or a PostgreSQL URL
 * reduced to host, port and database (the user and password stay out of
 * queue names, job data and logs).
 */
export function storeLocation(fileOrUrl: string): string {
  if (/^postgres(ql)?:\/\//i.test(fileOrUrl)) {
    const url = new URL(fileOrUrl);
    return `postgres://${url.hostname}:${url.port === '' ? '5432' : url.port}${url.pathname}`;
  }
  return `sqlite:${resolve(fileOrUrl)}`;
}

/** The pg-boss queues of one store's analysis jobs: the jobs, and the dead letters of those that failed for good. */
export interface AnalysisQueueNames {
  jobs: string;
  failed: string;
}

/**
 * The queue names of a store: one queue per store, so a worker takes only
 * the jobs of the stores it was given. Readable (the file or database name)
 * and unique (a hash of the whole location); only letters, digits, `.`, `_`
 * and `-`, which every pg-boss version accepts.
 */
export function analysisQueueNames(location: string): AnalysisQueueNames {
  const hash = createHash('sha256').update(location).digest('hex').slice(0, 12);
  const tail = basename(location.replace(/^[a-z]+:/i, ''))
    .replace(/[^\w.-]/g, '_')
    .slice(-40);
  return { jobs: `analysis.${tail}.${hash}`, failed: `analysis-failed.${tail}.${hash}` };
}

/** True for the names `analysisQueueNames` gives (jobs or dead letters). */
export function isAnalysisQueueName(name: string): boolean {
  return /^analysis(-failed)?\.[\w.-]*\.[0-9a-f]{12}$/.test(name);
}
