import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StoreTx } from '../store.js';

/** One result row as column name → value (node-postgres parses types; geometry arrives as GeoJSON). */
export type DbRow = Record<string, unknown>;

/**
 * The StoreTx operations as the PostGIS row modules write them: each takes
 * the connection it runs on first. `postgis-store.ts` hands them a pooled
 * connection per call, or the transaction's one.
 */
export type PgOperations = {
  [K in keyof StoreTx]: (db: PgDb, ...args: Parameters<StoreTx[K]>) => ReturnType<StoreTx[K]>;
};

/** What every row module is given. */
export interface PgRowContext {
  /** The current time as an ISO string; the store sets createdAt/updatedAt/at from it. */
  now(): string;
  /** From how many outlets (the planner's estimate) a keyword page first walks the head of the table: see outlet-rows.ts. */
  keywordHeadWalkMinOutlets: number;
}

// One server-side prepared statement per distinct SQL text, named the same on every connection.
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `lifecircle_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Statements on one pooled connection. Queries are prepared once per
 * connection (named by their text). `atomic` nests: the outermost call is a
 * transaction, inner ones are savepoints, so a failed step rolls back alone
 * and leaves the enclosing transaction usable, as SQLite's statement-level
 * rollback does.
 */
export class PgDb {
  private depth = 0;
  /** Set when a rollback failed: the connection is in an unknown state and must not go back to the pool. */
  isBroken = false;

  constructor(private readonly client: PoolClient) {}

  /** The rows of one statement (`$1`… parameters). */
  async rows<T = DbRow>(text: string, values: readonly unknown[] = []): Promise<T[]> {
    const result = await this.client.query({ text, values: values as unknown[], name: statementName(text) });
    return result.rows as T[];
  }

  /** The first row of one statement, or null. */
  async row<T = DbRow>(text: string, values: readonly unknown[] = []): Promise<T | null> {
    return (await this.rows<T>(text, values))[0] ?? null;
  }

  /** Runs one statement; returns how many rows it changed. */
  async run(text: string, values: readonly unknown[] = []): Promise<number> {
    const result = await this.client.query({ text, values: values as unknown[], name: statementName(text) });
    return result.rowCount ?? 0;
  }

  /**
   * Brings the planner's statistics (and the visibility map) up to date after a bulk load; a table another
   * session holds locked (a long transaction, another VACUUM) is left to autovacuum. Outside any transaction.
   */
  async refreshStatistics(): Promise<void> {
    await this.command('VACUUM (ANALYZE, SKIP_LOCKED)');
  }

  /** Runs a statement that cannot be prepared (VACUUM, …) with the simple query protocol; no parameters. */
  async command(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  /** Runs `COPY … FROM STDIN` with the given text-format data, chunk by chunk (the stream waits while the server catches up). */
  async copyIn(sql: string, chunks: Iterable<string>): Promise<void> {
    await pipeline(Readable.from(chunks), this.client.query(copyFrom(sql)));
  }

  /** Locks row `id` of `table` until the transaction ends (read-modify-write updates); false when there is none. */
  async lockRow(table: string, id: number): Promise<boolean> {
    return (await this.rows(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id])).length > 0;
  }

  /** Runs `fn` so that its statements take effect together or not at all. */
  async atomic<T>(fn: () => Promise<T>): Promise<T> {
    const savepoint = this.depth > 0 ? `lifecircle_${this.depth}` : null;
    await this.client.query(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
    this.depth++;
    try {
      const result = await fn();
      await this.client.query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
      return result;
    } catch (error) {
      try {
        // Released after the rollback so that savepoints do not pile up in a long transaction.
        await this.client.query(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK');
      } catch {
        // The original error is the one to report; the connection is discarded instead of reused.
        this.isBroken = true;
      }
      throw error;
    } finally {
      this.depth--;
    }
  }
}
