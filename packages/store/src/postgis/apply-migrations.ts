import type { PoolClient } from 'pg';
import { LifecircleError } from '@lifecircle/shared';
import type { Migration, MigrationState } from '../sqlite/migrations.js';

export type { MigrationState };

/**
 * The advisory-lock key that serializes schema changes: two processes
 * starting against one database take turns, and the second finds the
 * first's migrations recorded. Advisory locks are per database, so
 * databases on one server do not wait for each other.
 */
const MIGRATION_LOCK_KEY = 0x6c696665; // "life"

/**
 * Applies the migrations newer than the database's, each in its own
 * transaction recorded in `schema_migrations`, under a session advisory
 * lock (re-reading what is applied once it holds the lock). Returns the
 * versions applied (empty when the schema was current).
 */
export async function applyPostgresMigrations(client: PoolClient, migrations: readonly Migration[]): Promise<number[]> {
  // A current schema needs no lock and no write, so a read-only database or a standby opens too.
  if ((await postgresMigrationStates(client, migrations)).every((s) => s.appliedAt !== null)) return [];
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
    for (const migration of pending) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return pending.map((m) => m.version);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

/** Every known migration with the time it was applied (null when pending), in version order. */
export async function postgresMigrationStates(client: PoolClient, migrations: readonly Migration[]): Promise<MigrationState[]> {
  const exists = await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS exists");
  const applied = new Map<number, string>();
  if ((exists.rows[0] as { exists: boolean }).exists) {
    const rows = await client.query<{ version: number; applied_at: string }>('SELECT version, applied_at FROM schema_migrations');
    for (const row of rows.rows) applied.set(row.version, row.applied_at);
  }
  return [...migrations]
    .sort((a, b) => a.version - b.version)
    .map((m) => ({ version: m.version, name: m.name, appliedAt: applied.get(m.version) ?? null }));
}

/** Refuses a schema with pending migrations (for a store opened without migrating). */
export function assertCurrent(states: readonly MigrationState[]): void {
  const pending = states.filter((s) => s.appliedAt === null);
  if (pending.length > 0) {
    throw new LifecircleError('STORE_UNAVAILABLE', {
      reason: `the database schema is out of date (${pending.length} migrations pending): run lifecircle migrate`,
    });
  }
}
