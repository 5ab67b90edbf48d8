import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { LifecircleError } from '@lifecircle/shared';
import type { DbRow } from '../record-mappers.js';
import { bulkInsert, toColumns } from '../postgis/bulk-insert.js';
import { openPostgisPool } from '../postgis/open-postgis-store.js';
import { PgDb } from '../postgis/pg-db.js';
import { translatePostgresError } from '../postgis/translate-error.js';
import { openSqliteDatabase } from '../sqlite/open-sqlite-store.js';
import { TABLE_COPIES } from './table-copies.js';
import type { TableCopy } from './table-copies.js';

/** What the copy wrote to one table, and the digest both sides agreed on. */
export interface TableCopyReport {
  table: string;
  numRows: number;
  /** SHA-256 of the table's rows in key order, each in its canonical record form. */
  digest: string;
}

/** Rows read and written per batch. */
const BATCH_ROWS = 5000;

/**
 * Copies everything a SQLite database holds (a district: its administrative
 * units, compounds, buildings, outlets, users, feedback, networks, analysis
 * runs and results, scenarios, audit log, settings and sessions) into an
 * empty PostgreSQL/PostGIS database, keeping every id, in one transaction on
 * the target. Before committing it reads every table back and compares row
 * counts and content digests (each row as the store's record, key order)
 * with the source; any difference rolls the whole copy back. The source is
 * opened read-only and must be migrated; the target is migrated first and
 * must hold no rows (CONFLICT otherwise: ids would collide).
 */
export async function copySqliteToPostgis(
  sqlitePath: string,
  postgresUrl: string,
  options: { onTable?: (report: TableCopyReport) => void } = {},
): Promise<TableCopyReport[]> {
  const source = openSqliteDatabase(sqlitePath, { readonly: true });
  try {
    const pool = await openPostgisPool(postgresUrl, { maxConnections: 1 });
    try {
      const client = await pool.connect();
      const db = new PgDb(client);
      try {
        const reports = await db.atomic(async () => {
          const tables = TABLE_COPIES.map((t) => t.table).join(', ');
          // Nobody writes to the target while it is checked empty and filled.
          await db.run(`LOCK TABLE ${tables} IN SHARE ROW EXCLUSIVE MODE`);
          for (const copy of TABLE_COPIES) {
            if (await db.row(`SELECT 1 FROM ${copy.table} LIMIT 1`)) {
              throw new LifecircleError('CONFLICT', {
                reason: `the target database already holds ${copy.table}: copy into an empty database (ids are kept)`,
              });
            }
          }
          const reports: TableCopyReport[] = [];
          for (const copy of TABLE_COPIES) {
            const written = await writeTable(source, db, copy);
            const read = await digestTarget(db, copy);
            if (read.numRows !== written.numRows || read.digest !== written.digest) {
              throw new LifecircleError('INTERNAL', {
                reason:
                  `the copy of ${copy.table} does not match its source: ${written.numRows} rows (${written.digest.slice(0, 12)}) ` +
                  `written, ${read.numRows} rows (${read.digest.slice(0, 12)}) read back; nothing was copied`,
              });
            }
            reports.push(written);
            options.onTable?.(written);
          }
          return reports;
        });
        // A whole district loaded at once: give the planner its statistics now, not when autovacuum gets there
        // (Store.refreshStatistics). Best effort: the copy has committed.
        await db.refreshStatistics().catch(() => {});
        return reports;
      } catch (error) {
        throw translatePostgresError(error);
      } finally {
        client.release(db.isBroken);
      }
    } finally {
      await pool.end();
    }
  } finally {
    source.close();
  }
}

/** `a, b` with text keys in byte order ("C"), the order SQLite's BINARY collation gives. */
function orderBy(copy: TableCopy): string {
  return copy.key
    .map((name) => (copy.columns.find((c) => c.name === name)?.type === 'text' ? `${name} COLLATE "C"` : name))
    .join(', ');
}

/** Adds one row's canonical form to a digest. */
function addRow(hash: Hash, canonical: unknown): void {
  hash.update(JSON.stringify(canonical));
  hash.update('\n');
}

/** Streams a SQLite table into its PostgreSQL twin in batches; returns the source's count and digest. */
async function writeTable(source: ReturnType<typeof openSqliteDatabase>, db: PgDb, copy: TableCopy): Promise<TableCopyReport> {
  const hash = createHash('sha256');
  let numRows = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    await bulkInsert(db, copy.table, copy.columns, toColumns(copy.columns.length, batch));
    batch = [];
  };
  for (const row of source.prepare(`SELECT * FROM ${copy.table} ORDER BY ${copy.key.join(', ')}`).iterate() as Iterable<DbRow>) {
    batch.push(copy.columns.map((c) => c.from(row)));
    addRow(hash, copy.fromSqlite(row));
    numRows++;
    if (batch.length === BATCH_ROWS) await flush();
  }
  await flush();
  if (copy.hasIdentity) {
    // New rows continue after the copied ids.
    await db.run(
      `SELECT setval(pg_get_serial_sequence('${copy.table}', 'id'), coalesce((SELECT max(id) FROM ${copy.table}), 0) + 1, false)`,
    );
  }
  return { table: copy.table, numRows, digest: hash.digest('hex') };
}

/** The target table's count and digest, read back in key order (by id pages where there is an id). */
async function digestTarget(db: PgDb, copy: TableCopy): Promise<{ numRows: number; digest: string }> {
  const hash = createHash('sha256');
  let numRows = 0;
  if (!copy.hasIdentity) {
    for (const row of await db.rows(`SELECT * FROM ${copy.table} ORDER BY ${orderBy(copy)}`)) {
      addRow(hash, copy.fromPostgis(row));
      numRows++;
    }
    return { numRows, digest: hash.digest('hex') };
  }
  let lastId = -Infinity;
  for (;;) {
    const rows = await db.rows<DbRow & { id: number }>(
      `SELECT * FROM ${copy.table} WHERE id > $1 ORDER BY id LIMIT ${BATCH_ROWS}`,
      [lastId === -Infinity ? -2147483648 : lastId],
    );
    for (const row of rows) addRow(hash, copy.fromPostgis(row));
    numRows += rows.length;
    if (rows.length < BATCH_ROWS) break;
    lastId = rows[rows.length - 1]!.id;
  }
  return { numRows, digest: hash.digest('hex') };
}
