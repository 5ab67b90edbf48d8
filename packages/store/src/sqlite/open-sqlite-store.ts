import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LifecircleError } from '@lifecircle/shared';
import type { Store } from '../store.js';
import { applyMigrations } from './apply-migrations.js';
import { MIGRATIONS } from './migrations.js';
import { createSqliteStore } from './sqlite-store.js';
import { translateSqliteError } from './translate-error.js';

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** Open an existing database for reading only: writes fail with STORE_READ_ONLY. */
  readonly?: boolean;
  /** How long a statement waits for another process's lock before failing (ms). Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the SQLite database at `path`, or an in-memory
 * one for `':memory:'`, brings its schema up to date and returns the Store.
 * The parent directory must exist. Files use WAL journaling (readers do not
 * block the writer) with synchronous=NORMAL; foreign keys are enforced.
 * Throws STORE_READ_ONLY when its folder is read-only, STORE_UNAVAILABLE
 * when the file cannot be opened or migrated otherwise.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  return createSqliteStore(openSqliteDatabase(path, options));
}

/**
 * The configured, migrated better-sqlite3 connection behind
 * `openSqliteStore` (package-internal: tests inspect its pragmas).
 */
export function openSqliteDatabase(path: string, options: SqliteStoreOptions = {}): Database.Database {
  const readonly = options.readonly ?? false;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 5000 });
    if (!readonly && path !== ':memory:' && path !== '') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, MIGRATIONS, { readonly });
    return db;
  } catch (error) {
    db?.close();
    const folderError = readOnlyFolderError(path, error);
    if (folderError !== null) throw folderError;
    const translated = translateSqliteError(error);
    if (translated instanceof LifecircleError) throw translated;
    throw new LifecircleError('STORE_UNAVAILABLE', { reason: `cannot open ${path}: ${String(error)}` }, { cause: error });
  }
}

/**
 * SQLite says only "unable to open database file" when the database's folder
 * is read-only: a WAL database needs its `-shm` and `-wal` files beside it,
 * even for reading. That case gets STORE_READ_ONLY naming the folder; null
 * for every other failure.
 */
function readOnlyFolderError(path: string, error: unknown): LifecircleError | null {
  if (path === ':memory:' || path === '' || (error as { code?: unknown }).code !== 'SQLITE_CANTOPEN') return null;
  const folder = dirname(resolve(path));
  try {
    accessSync(folder, constants.W_OK);
    return null;
  } catch (accessError) {
    const why = (accessError as { code?: string }).code ?? 'not writable';
    if (why === 'ENOENT') return null;
    return new LifecircleError(
      'STORE_READ_ONLY',
      {
        reason: `cannot open ${path}: its folder ${folder} is read-only (${why}), and the write-ahead log needs files beside the database`,
      },
      { cause: error },
    );
  }
}
