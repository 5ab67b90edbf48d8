import type { Database, Statement } from 'better-sqlite3';
import { LifecircleError } from '@lifecircle/shared';
import { snakeToCamel } from './translate-error.js';

/** A value SQLite stores as is. */
export type SqlValue = string | number | bigint | null | Uint8Array;
/** One table row as column name → value. */
export type SqlRow = Record<string, SqlValue>;

/** Prepared INSERT and UPDATE-by-id statements for one table, with foreign-key failures explained. */
export interface TableWriter {
  /** Inserts and returns the new rowid. `index` (the row's place in a bulk insert) goes into error reasons. */
  insert(row: SqlRow, index?: number): number;
  /** `insert` for values already in column order: the bulk path, without a row object per item. */
  insertValues(values: SqlValue[], index?: number): number;
  /** Rewrites every column of row `id`; returns false when no such row exists. */
  update(id: number, row: SqlRow): boolean;
}

interface ForeignKey {
  from: string;
  table: string;
  to: string;
}

/**
 * Prepares the writer of `table` for the given columns. SQLite reports only
 * "FOREIGN KEY constraint failed"; to name the field, the writer looks the
 * row's keys up in their parent tables after a failure (a cold path).
 */
export function tableWriter(db: Database, table: string, columns: readonly string[]): TableWriter {
  // Positional parameters bind faster than named ones, which matters for bulk inserts.
  const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const values = (row: SqlRow): SqlValue[] => {
    const list = new Array<SqlValue>(columns.length);
    for (let i = 0; i < columns.length; i++) list[i] = row[columns[i]!]!;
    return list;
  };
  // Prepared on first use: link tables have no id column to update by.
  let update: Statement | undefined;
  const insertValues = (list: SqlValue[], index?: number): number => {
    try {
      return Number(insert.run(list).lastInsertRowid);
    } catch (error) {
      const row = Object.fromEntries(columns.map((column, i) => [column, list[i]!]));
      throw explainForeignKey(db, table, row, error, index);
    }
  };
  return {
    insert: (row, index) => insertValues(values(row), index),
    insertValues,
    update(id, row) {
      try {
        update ??= db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
        return update.run({ ...row, id }).changes > 0;
      } catch (error) {
        throw explainForeignKey(db, table, row, error);
      }
    },
  };
}

/**
 * When `error` is a foreign-key failure, a VALIDATION error naming the first
 * key of `row` whose parent row is missing; otherwise `error` unchanged.
 */
export function explainForeignKey(db: Database, table: string, row: SqlRow, error: unknown, index?: number): unknown {
  if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') return error;
  const where = index === undefined ? '' : ` (item ${index})`;
  const keys = db.pragma(`foreign_key_list(${table})`) as ForeignKey[];
  for (const key of keys) {
    const value = row[key.from];
    if (value === null || value === undefined) continue;
    const found = db.prepare(`SELECT 1 FROM ${key.table} WHERE ${key.to} = ?`).get(value);
    if (!found) {
      return new LifecircleError(
        'VALIDATION',
        { field: snakeToCamel(key.from), reason: `no ${key.table} row with ${key.to} ${String(value)}${where}` },
        { cause: error },
      );
    }
  }
  return new LifecircleError('VALIDATION', { field: table, reason: `a referenced row does not exist${where}` }, { cause: error });
}
