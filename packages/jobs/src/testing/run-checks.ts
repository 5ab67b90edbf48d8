import type { AccessResult, AnalysisRun } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';

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
 * Holds the SQLite write lock of a store file from a connection of its own
 * (a transaction left open), as a long write by another process would, until
 * the returned function is called. Workers keep reading and computing, and
 * wait at their commit: a test knows they are mid-job.
 */
export async function holdWriteLock(open: () => Promise<Store>): Promise<() => Promise<void>> {
  const store = await open();
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
