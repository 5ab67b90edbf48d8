import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openSqliteStore, type SqliteStoreOptions, type Store } from '@lifecircle/store';
import type { CommandIo } from './command-io.js';

/** The options every verb that touches the database takes. */
export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
  db: { type: 'string' },
} as const;

/**
 * Opens the embedded database: `--db FILE`, else `lifecircle.db` in
 * `--data-dir`, else in $LIFECIRCLE_DATA_DIR, else in ./data (created).
 */
export async function openStore(
  options: { 'data-dir'?: string; db?: string },
  io: CommandIo,
  sqlite: SqliteStoreOptions = {},
): Promise<{ store: Store; dataDir: string; dbFile: string }> {
  const dataDir = resolve(options['data-dir'] ?? io.env.LIFECIRCLE_DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const dbFile = resolve(options.db ?? join(dataDir, 'lifecircle.db'));
  return { store: await openSqliteStore(dbFile, sqlite), dataDir, dbFile };
}
