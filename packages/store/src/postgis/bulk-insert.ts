import { LifecircleError } from '@lifecircle/shared';
import { snakeToCamel } from '../row-values.js';
import type { PgDb } from './pg-db.js';
import { translatePostgresError } from './translate-error.js';

/** A column of a bulk insert and the PostgreSQL type of its values. */
export interface BulkColumn {
  name: string;
  type: 'integer' | 'double precision' | 'text' | 'boolean' | 'json' | 'geometry' | 'bytea';
}

/** Rows per INSERT: large enough to amortize the round trip, small enough to keep one statement's text modest. */
const CHUNK_ROWS = 5000;

/**
 * Inserts rows given column by column (`values[c][i]` is row i's value of
 * column c) with `INSERT … SELECT FROM unnest($1::type[], …)`: one
 * statement per few thousand rows instead of one per row, and no row
 * objects on the way. Callers wrap it in `db.atomic` so a failing chunk
 * leaves nothing. A missing parent row is a VALIDATION error naming the
 * field and the first item that holds the missing key.
 */
export async function bulkInsert(
  db: PgDb,
  table: string,
  columns: readonly BulkColumn[],
  values: readonly unknown[][],
): Promise<void> {
  const numRows = values[0]?.length ?? 0;
  if (numRows === 0) return;
  // Geometry arrays travel as text[]: geometry's array delimiter is ':', not the ',' node-postgres writes.
  const arrayType = (c: BulkColumn) => (c.type === 'geometry' ? 'text' : c.type);
  const sql =
    `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) ` +
    `SELECT ${columns.map((c, i) => (c.type === 'geometry' ? `c${i}::geometry` : `c${i}`)).join(', ')} ` +
    `FROM unnest(${columns.map((c, i) => `$${i + 1}::${arrayType(c)}[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
  for (let start = 0; start < numRows; start += CHUNK_ROWS) {
    const end = Math.min(numRows, start + CHUNK_ROWS);
    const chunk = values.map((column) => (start === 0 && end === numRows ? column : column.slice(start, end)));
    try {
      await db.run(sql, chunk);
    } catch (error) {
      throw explainMissingParent(error, columns, values);
    }
  }
}

/** Ids for `count` new rows of `table`, ascending, drawn from its identity sequence. */
export async function allocateIds(db: PgDb, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await db.rows<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('${table}', 'id'))::integer AS id FROM generate_series(1, $1)`,
    [count],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Adds `(item i)`, the first row holding the missing key, to a foreign-key VALIDATION error. */
function explainMissingParent(error: unknown, columns: readonly BulkColumn[], values: readonly unknown[][]): unknown {
  const translated = translatePostgresError(error);
  if (!(translated instanceof LifecircleError) || translated.code !== 'VALIDATION') return translated;
  const match = /Key \((\w+)\)=\((.*)\) is not present/.exec((error as { detail?: string }).detail ?? '');
  if (!match) return translated;
  const column = columns.findIndex((c) => c.name === match[1]);
  const index = column < 0 ? -1 : values[column]!.findIndex((value) => value !== null && String(value) === match[2]);
  if (index < 0) return translated;
  return new LifecircleError(
    'VALIDATION',
    { field: snakeToCamel(match[1]!), reason: `${String(translated.details.reason)} (item ${index})` },
    { cause: error },
  );
}

/** `rows[i]` turned into column arrays: `columns[c][i]` is row i's value c. */
export function toColumns(numColumns: number, rows: readonly unknown[][]): unknown[][] {
  const columns = Array.from({ length: numColumns }, () => new Array<unknown>(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let c = 0; c < numColumns; c++) columns[c]![i] = row[c];
  }
  return columns;
}
