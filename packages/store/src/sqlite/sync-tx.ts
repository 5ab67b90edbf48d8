import type { Database, Statement } from 'better-sqlite3';
import type { LngLat } from '@lifecircle/shared';
import type { StoreTx } from '../store.js';
import type { SqlValue } from './table-writer.js';

export { applyPatch, escapeLike, fromJson, toJson } from '../row-values.js';

/**
 * The StoreTx operations as the synchronous functions better-sqlite3 allows.
 * The row modules implement slices of it; `sqlite-store.ts` makes them async,
 * translates their errors and guards them with the store's mutex.
 */
export type SyncTx = {
  [K in keyof StoreTx]: (...args: Parameters<StoreTx[K]>) => Awaited<ReturnType<StoreTx[K]>>;
};

/** What every row module is given. */
export interface RowContext {
  db: Database;
  /** The current time as an ISO string; the store sets createdAt/updatedAt/at from it. */
  now(): string;
}

/** SQLite 0/1 for a boolean. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

/** A `[lng, lat]` pair from two REAL columns. */
export function lngLat(lng: unknown, lat: unknown): LngLat {
  return [lng as number, lat as number];
}

/**
 * A memo of prepared statements by SQL text, for queries whose WHERE clause
 * depends on which filters are given (one plan per filter shape, each
 * prepared once, so the planner can use the matching index).
 */
export function statementCache(db: Database): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

/** Collects the conditions and named parameters of a WHERE clause. */
export class WhereClause {
  readonly params: Record<string, SqlValue> = {};
  private readonly conditions: string[] = [];

  /** Adds `condition` (which uses `@name` parameters) with its parameter values. */
  add(condition: string, params: Record<string, SqlValue> = {}): void {
    this.conditions.push(condition);
    Object.assign(this.params, params);
  }

  /** `WHERE a AND b`, or an empty string. */
  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
