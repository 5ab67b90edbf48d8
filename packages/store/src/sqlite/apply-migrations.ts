import type { Database } from 'better-sqlite3';
import { LifecircleError } from '@lifecircle/shared';
import { outletSearchText } from '../keyword-grams.js';
import type { Migration, MigrationState } from './migrations.js';

/**
 * Applies the migrations newer than the database's, each in its own
 * transaction, recording it in `schema_migrations`. Returns the versions
 * applied (empty when the schema is current). A read-only connection only
 * checks that nothing is pending.
 */
export function applyMigrations(db: Database, migrations: readonly Migration[], options: { readonly?: boolean } = {}): number[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable && !options.readonly) {
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  }
  const done = new Set(
    hasTable ? (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version) : [],
  );
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
  if (options.readonly) {
    if (pending.length) {
      throw new LifecircleError('STORE_UNAVAILABLE', {
        reason: `the database schema is out of date (${pending.length} migrations pending) and it is opened read-only`,
      });
    }
    return [];
  }
  // Migration 5 fills the keyword index with the bigrams the store computes in JavaScript.
  db.function('lifecircle_outlet_search_text', { deterministic: true }, (name, address, namePinyin, nameInitials) =>
    outletSearchText(name as string, address as string | null, namePinyin as string, nameInitials as string),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const apply = db.transaction((migration: Migration) => {
    db.exec(migration.sql);
    if (migration.rebuildsTables) {
      const broken = db.pragma('foreign_key_check') as { table: string }[];
      if (broken.length > 0) {
        throw new LifecircleError('STORE_UNAVAILABLE', {
          reason: `migration ${migration.version} would break ${broken.length} foreign keys (first in ${broken[0]!.table})`,
        });
      }
    }
    record.run(migration.version, migration.name, new Date().toISOString());
  });
  for (const migration of pending) {
    // The pragma is a no-op inside a transaction, so it is switched around it.
    const keysWereOn = migration.rebuildsTables && db.pragma('foreign_keys', { simple: true }) === 1;
    if (keysWereOn) db.pragma('foreign_keys = OFF');
    try {
      apply(migration);
    } finally {
      if (keysWereOn) db.pragma('foreign_keys = ON');
    }
  }
  return pending.map((m) => m.version);
}

/** Every known migration with the time the database applied it (null when pending), in version order. */
export function sqliteMigrationStates(db: Database, migrations: readonly Migration[]): MigrationState[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  const rows = hasTable
    ? (db.prepare('SELECT version, applied_at FROM schema_migrations').all() as { version: number; applied_at: string }[])
    : [];
  const applied = new Map(rows.map((r) => [r.version, r.applied_at]));
  return [...migrations]
    .sort((a, b) => a.version - b.version)
    .map((m) => ({ version: m.version, name: m.name, appliedAt: applied.get(m.version) ?? null }));
}
