import { LifecircleError } from '@lifecircle/shared';
import { snakeToCamel } from '../row-values.js';
import type { PgDb } from './pg-db.js';
import { translatePostgresError } from './translate-error.js';

/** A column of a bulk insert and the PostgreSQL type of its values. */
export interface BulkColumn {
  name: string;
  type: 'integer' | 'double precision' | 'text' | 'boolean' | 'json' | 'geometry' | 'bytea';
}

/** Rows per chunk of COPY data handed to the socket. */
const CHUNK_ROWS = 1000;

/**
 * Inserts rows given column by column (`values[c][i]` is row i's value of
 * column c) with `COPY … FROM STDIN`: the server parses plain text lines,
 * with no statement per row nor one huge array literal per column
 * (`INSERT … SELECT FROM unnest($1::type[], …)` took about twice as long).
 * Geometry goes as hex EWKB, which `geometry`'s input reads. Callers wrap
 * it in `db.atomic` so a failure leaves nothing. A missing parent row is a
 * VALIDATION error naming the field and the first item that holds the
 * missing key.
 */
export async function bulkInsert(
  db: PgDb,
  table: string,
  columns: readonly BulkColumn[],
  values: readonly unknown[][],
): Promise<void> {
  const numRows = values[0]?.length ?? 0;
  if (numRows === 0) return;
  try {
    await db.copyIn(`COPY ${table} (${columns.map((c) => c.name).join(', ')}) FROM STDIN`, copyText(values, numRows));
  } catch (error) {
    throw explainMissingParent(error, columns, values);
  }
}

/** PostgreSQL's COPY text format of the rows, a chunk of lines at a time. */
function* copyText(values: readonly unknown[][], numRows: number): Generator<string> {
  let chunk = '';
  for (let i = 0; i < numRows; i++) {
    for (let c = 0; c < values.length; c++) {
      if (c > 0) chunk += '\t';
      chunk += copyField(values[c]![i]);
    }
    chunk += '\n';
    if ((i + 1) % CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** One field in COPY text format: `\N` for null, backslash escapes for the separators. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  // String(-0) is "0": keep the sign, as the SQLite store does.
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `\\\\x${Buffer.from(value).toString('hex')}`;
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
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
