import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Store } from './store.js';
import { migratePostgis, openPostgisStore, postgisMigrationStatus, redactUrl } from './postgis/open-postgis-store.js';
import { sqliteMigrationStates } from './sqlite/apply-migrations.js';
import { MIGRATIONS } from './sqlite/migrations.js';
import type { MigrationState } from './sqlite/migrations.js';
import { openSqliteDatabase, openSqliteStore } from './sqlite/open-sqlite-store.js';

/** True for a PostgreSQL connection string (`postgres://…` or `postgresql://…`); anything else is a SQLite path. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** How a target is named in messages: a SQLite path as is, a PostgreSQL URL without its password. */
export function describeTarget(target: string): string {
  return isPostgresUrl(target) ? redactUrl(target) : target;
}

/**
 * Opens the store a target names: a `postgres://`/`postgresql://` URL opens
 * the PostGIS store, anything else is a SQLite file path (or `:memory:`).
 * Both bring their schema up to date on open.
 */
export async function openStore(target: string): Promise<Store> {
  return isPostgresUrl(target) ? openPostgisStore(target) : openSqliteStore(target);
}

/** What `migrateStore` did and the schema's state after it. */
export interface MigrationReport {
  kind: Store['kind'];
  /** The versions this call applied (empty when the schema was current). */
  applied: number[];
  states: MigrationState[];
}

/** Applies the pending migrations of the target's database (creating a SQLite file when absent). */
export async function migrateStore(target: string): Promise<MigrationReport> {
  if (isPostgresUrl(target)) return { kind: 'postgis', ...(await migratePostgis(target)) };
  const pending = (await storeMigrationStatus(target)).states.filter((s) => s.appliedAt === null).map((s) => s.version);
  const db = openSqliteDatabase(target);
  try {
    const states = sqliteMigrationStates(db, MIGRATIONS);
    const applied = pending.filter((version) => states.some((s) => s.version === version && s.appliedAt !== null));
    return { kind: 'sqlite', applied, states };
  } finally {
    db.close();
  }
}

/** The state of every migration of the target's database, changing nothing (a missing SQLite file has them all pending). */
export async function storeMigrationStatus(target: string): Promise<{ kind: Store['kind']; states: MigrationState[] }> {
  if (isPostgresUrl(target)) return { kind: 'postgis', states: await postgisMigrationStatus(target) };
  if (target !== ':memory:' && !existsSync(target)) {
    return { kind: 'sqlite', states: sqliteMigrationStates(new Database(':memory:'), MIGRATIONS) };
  }
  const db = new Database(target, { readonly: true, fileMustExist: true });
  try {
    return { kind: 'sqlite', states: sqliteMigrationStates(db, MIGRATIONS) };
  } finally {
    db.close();
  }
}
