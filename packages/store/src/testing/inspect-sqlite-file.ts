import Database from 'better-sqlite3';

/** What a crash left in a SQLite database file, read with a fresh connection (as the next start would). */
export interface SqliteFileReport {
  /** `PRAGMA integrity_check`: 'ok' for a sound file. */
  integrity: string;
  /** Rows of `PRAGMA foreign_key_check`: references to missing rows. */
  numForeignKeyViolations: number;
  /** Row count of every table. */
  counts: Record<string, number>;
}

/**
 * Opens a database file the way a restarted process would (recovering its
 * write-ahead log), checks its integrity and foreign keys and counts the rows
 * of every table; the fault tests compare these before and after a kill -9.
 */
export function inspectSqliteFile(path: string): SqliteFileReport {
  const db = new Database(path, { fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const numForeignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[];
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      counts[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    return { integrity, numForeignKeyViolations, counts };
  } finally {
    db.close();
  }
}
