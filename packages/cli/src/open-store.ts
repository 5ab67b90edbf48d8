import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeTarget, isPostgresUrl, openStore as openStoreAt, type Store } from '@lifecircle/store';
import type { CommandIo } from './command-io.js';

/** The options every verb that touches the database takes. */
export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
  db: { type: 'string' },
} as const;

/**
 * Where the database is: `--db` (a `postgres://`/`postgresql://` URL or a
 * SQLite file), else $DATABASE_URL, else `lifecircle.db` in `--data-dir`,
 * else in $LIFECIRCLE_DATA_DIR, else in ./data. The data directory (created)
 * keeps generated and uploaded files whichever database is used.
 */
export function storeTarget(options: { 'data-dir'?: string; db?: string }, io: CommandIo): { target: string; dataDir: string } {
  const dataDir = resolve(options['data-dir'] ?? io.env.LIFECIRCLE_DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const given = options.db ?? (io.env.DATABASE_URL || undefined);
  if (given !== undefined && isPostgresUrl(given)) return { target: given, dataDir };
  return { target: resolve(given ?? join(dataDir, 'lifecircle.db')), dataDir };
}

/**
 * Opens the database `storeTarget` names (PostGIS for a URL, the embedded
 * SQLite otherwise), migrating it; `database` names it for messages,
 * without a password.
 */
export async function openStore(
  options: { 'data-dir'?: string; db?: string },
  io: CommandIo,
): Promise<{ store: Store; dataDir: string; database: string }> {
  const { target, dataDir } = storeTarget(options, io);
  return { store: await openStoreAt(target), dataDir, database: describeTarget(target) };
}
