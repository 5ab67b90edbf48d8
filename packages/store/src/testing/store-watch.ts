import { watchDatabase, type DatabaseDigest } from './sqlite-digest.js';

/**
 * What the fuzz tests see of a store's database, for either store: a number
 * that changes when a write commits, and every table's digest. Asynchronous,
 * as a PostgreSQL server is only reached that way (see watchPostgres).
 */
export interface StoreWatch {
  /** Changes whenever a transaction that changed the database has committed since the last call. */
  version(): Promise<number>;
  /** Every table's row count and the digest of its rows. */
  digest(): Promise<DatabaseDigest>;
  close(): Promise<void>;
}

/** watchDatabase on the SQLite file at `path`, as a StoreWatch. */
export function sqliteStoreWatch(path: string): StoreWatch {
  const watch = watchDatabase(path);
  return {
    version: async () => watch.version(),
    digest: async () => watch.digest(),
    close: async () => watch.close(),
  };
}
