import type { AccessResult, AnalysisRun } from '@lifecircle/shared';
import pg from 'pg';
import { isPostgresUrl, openSqliteStore, type Store } from '@lifecircle/store';

/** A run's rows keyed by compound and category, without the run id, to compare two runs row for row. */
export function accessRowsByKey(rows: readonly AccessResult[]): Map<string, Omit<AccessResult, 'runId'>> {
  const map = new Map<string, Omit<AccessResult, 'runId'>>();
  for (const row of rows) {
    map.set(`${row.compoundId}/${row.categoryId}`, {
      compoundId: row.compoundId,
      categoryId: row.categoryId,
      walkM: row.walkM,
      numWithin15: row.numWithin15,
    });
  }
  return map;
}

/** Polls a run until it is no longer `running` or `timeoutMs` has passed; returns it as last read. */
export async function waitForRun(store: Store, runId: number, timeoutMs: number): Promise<AnalysisRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await store.getAnalysisRun(runId);
    if (run === null) throw new Error(`analysis run ${runId} does not exist`);
    if (run.status !== 'running' || Date.now() > deadline) return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Holds back every writer of analysis results in a store, as a long write
 * by another process would, until the returned function is called: for a
 * SQLite file, its write lock (a transaction left open on a connection of
 * its own); for a PostgreSQL URL, an EXCLUSIVE lock on `access_results`
 * (reads go on, inserts wait). Workers keep reading and computing and wait
 * at their commit: a test knows they are mid-job.
 */
export async function holdWriteLock(target: string): Promise<() => Promise<void>> {
  if (isPostgresUrl(target)) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE access_results IN EXCLUSIVE MODE');
    return async () => {
      await client.query('COMMIT');
      await client.end();
    };
  }
  const store = await openSqliteStore(target);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const transaction = store.transaction(async () => {
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await transaction;
    await store.close();
  };
}
