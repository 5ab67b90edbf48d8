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

/** Digests every table through an open connection (see sqliteDatabaseDigest). */
function digestTables(db: Database.Database): DatabaseDigest {
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
    return digestTables(db);
  } finally {
    db.close();
  }
}

/** The tables whose digests differ between two digests of one database (added or dropped tables too), sorted. */
export function changedTables(before: DatabaseDigest, after: DatabaseDigest): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name]?.sha256 !== after[name]?.sha256).sort();
}

/** A read-only view of a database file that other connections write. */
export interface DatabaseWatch {
  /** A number that changes whenever another connection has committed since it was last read (`PRAGMA data_version`). */
  version(): number;
  /** Every table's digest, as sqliteDatabaseDigest gives it, through this open connection. */
  digest(): DatabaseDigest;
  close(): void;
}

/**
 * Opens a read-only connection on the SQLite database file at `path` that
 * tells whether any other connection committed in between two calls of
 * `version()` (SQLite's `PRAGMA data_version`): a cheaper and stronger proof
 * than digests that a refused change wrote nothing at all, for tests that
 * make thousands of requests; `digest()` says what an accepted one changed.
 */
export function watchDatabase(path: string): DatabaseWatch {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const statement = db.prepare('PRAGMA data_version').pluck();
  return {
    version: () => statement.get() as number,
    digest: () => digestTables(db),
    close: () => db.close(),
  };
}
