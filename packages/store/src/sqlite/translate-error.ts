import { LifecircleError } from '@lifecircle/shared';
import { snakeToCamel } from '../row-values.js';

export { snakeToCamel };

/** Result codes (and their extended forms) that mean the database cannot serve writes or reads right now. */
const UNAVAILABLE_PREFIXES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
  'SQLITE_PERM',
];

/**
 * Turns a better-sqlite3 error into a LifecircleError; LifecircleErrors and
 * programming errors pass through unchanged. Foreign-key failures are not
 * handled here: SQLite does not say which key failed, so the row writers
 * (`run-row.ts`) find the field themselves.
 */
export function translateSqliteError(error: unknown): unknown {
  if (error instanceof LifecircleError) return error;
  if (!(error instanceof Error)) return error;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      // "UNIQUE constraint failed: users.username" names table and column.
      const columns = error.message.replace(/^.*constraint failed:\s*/i, '');
      return new LifecircleError('CONFLICT', { reason: `${columns} already exists` }, { cause: error });
    }
    // A full disk and a read-only file refuse writes while reads go on: each has its own code so the
    // operator sees which it is (and a client may retry reads).
    if (code === 'SQLITE_FULL') {
      return new LifecircleError('STORE_FULL', { reason: `${code}: ${error.message}` }, { cause: error });
    }
    if (code.startsWith('SQLITE_READONLY')) {
      return new LifecircleError('STORE_READ_ONLY', { reason: `${code}: ${error.message}` }, { cause: error });
    }
    if (UNAVAILABLE_PREFIXES.some((prefix) => code.startsWith(prefix))) {
      return new LifecircleError('STORE_UNAVAILABLE', { reason: `${code}: ${error.message}` }, { cause: error });
    }
    if (code.startsWith('SQLITE_CONSTRAINT')) {
      // CHECK and NOT NULL: the caller passed a value the schema refuses.
      return new LifecircleError(
        'VALIDATION',
        { field: constraintField(error.message), reason: error.message },
        { cause: error },
      );
    }
    return new LifecircleError('INTERNAL', { reason: `${code}: ${error.message}` }, { cause: error });
  }
  // better-sqlite3 throws a TypeError once the connection is closed.
  if (error instanceof TypeError && /database connection is not open/i.test(error.message)) {
    return new LifecircleError('STORE_UNAVAILABLE', { reason: 'the database is closed' }, { cause: error });
  }
  return error;
}

/** `NOT NULL constraint failed: outlets.name` → `name`; a CHECK names its expression instead. */
function constraintField(message: string): string {
  const match = /constraint failed:\s*(?:\w+\.)?(\w+)/i.exec(message);
  return match?.[1] ? snakeToCamel(match[1]) : 'unknown';
}
