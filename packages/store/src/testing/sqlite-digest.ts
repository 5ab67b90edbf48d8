import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** What one table holds, reduced to a row count and a digest of its rows. */
export interface TableDigest {
  numRows: number;
  sha256: string;
}

/** Every table of a database (SQLite's own `sqlite_sequence` included) by name. */
export type DatabaseDigest = Record<string, TableDigest>;

function cellText(value: unknown): string {
  if (Buffer.isBuffer(value)) return `x'${value.toString('hex')}'`;
  if (typeof value === 'bigint') return `${value}n`;
  return JSON.stringify(value);
}

/**
 * Reads the SQLite database file at `path` through a separate read-only
 * connection (so it sees what is committed, not what a store's connection
 * holds) and digests every table: its row count and the SHA-256 of its rows,
 * each row's cells as typed text, rows sorted. Two digests are equal exactly
 * when every table holds the same rows, so a test can prove that a rejected
 * change wrote nothing, autoincrement counters included. For tests.
 */
export function sqliteDatabaseDigest(path: string): DatabaseDigest {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const digest: DatabaseDigest = {};
    for (const table of tables) {
      const rows = (
        db
          .prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`)
          .raw()
          .all() as unknown[][]
      )
        .map((row) => row.map(cellText).join(','))
        .sort();
      const hash = createHash('sha256');
      for (const row of rows) hash.update(row).update('\n');
      digest[table] = { numRows: rows.length, sha256: hash.digest('hex') };
    }
    return digest;
  } finally {
    db.close();
  }
}

/** The tables whose digests differ between two digests of one database (added or dropped tables too), sorted. */
export function changedTables(before: DatabaseDigest, after: DatabaseDigest): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name]?.sha256 !== after[name]?.sha256).sort();
}

/** Watches a database file for commits by other connections (SQLite's `PRAGMA data_version`). */
export interface CommitWatch {
  /** A number that changes whenever another connection has committed since the last call returned it. */
  version(): number;
  close(): void;
}

/**
 * Opens a read-only connection on the SQLite database file at `path` that
 * tells whether any other connection committed in between two calls
 * (`PRAGMA data_version`): a cheaper proof than digests that a refused
 * request wrote nothing at all, for tests that make thousands of requests.
 */
export function watchCommits(path: string): CommitWatch {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const statement = db.prepare('PRAGMA data_version').pluck();
  return {
    version: () => statement.get() as number,
    close: () => db.close(),
  };
}
