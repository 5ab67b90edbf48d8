import { LifecircleError } from '@lifecircle/shared';
import { snakeToCamel } from '../row-values.js';

/** The fields node-postgres copies from a server error (ErrorResponse). */
interface ServerError extends Error {
  code: string;
  detail?: string;
  table?: string;
  column?: string;
  constraint?: string;
}

/**
 * SQLSTATE classes and codes that mean the database cannot serve now, not
 * that the request was wrong (PostgreSQL manual, appendix A): connection
 * exceptions, insufficient resources (disk full, out of memory, too many
 * connections), operator intervention (shutdown, cancel, statement timeout),
 * a read-only transaction or standby, lock and serialization failures, and
 * system and configuration-file errors.
 */
const UNAVAILABLE_CLASSES = ['08', '53', '57', '58', 'F0', '40', '55'];
const UNAVAILABLE_CODES = new Set(['25006', '3D000', '28000', '28P01']);

/** Node socket errors on the way to the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

function isServerError(error: unknown): error is ServerError {
  return error instanceof Error && 'severity' in error && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * Turns a node-postgres error into a LifecircleError, as the SQLite store
 * does for its driver: unique violations are CONFLICT naming `table.column`,
 * foreign-key, not-null, check and data errors are VALIDATION naming the
 * field (a value too long for a btree index entry too), and a server that cannot be reached or cannot serve is
 * STORE_UNAVAILABLE. LifecircleErrors and the caller's own errors pass
 * through unchanged.
 */
export function translatePostgresError(error: unknown): unknown {
  if (error instanceof LifecircleError || !(error instanceof Error)) return error;
  if (isServerError(error)) return translateServerError(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new LifecircleError('STORE_UNAVAILABLE', { reason: `${code}: ${error.message}` }, { cause: error });
  }
  // node-postgres's own words for a connection that broke or a pool that was ended.
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error|pool after calling end/i.test(
      error.message,
    )
  ) {
    return new LifecircleError('STORE_UNAVAILABLE', { reason: error.message }, { cause: error });
  }
  return error;
}

function translateServerError(error: ServerError): LifecircleError {
  const { code } = error;
  const reason = `${code}: ${error.message}${error.detail ? ` (${error.detail})` : ''}`;
  if (code === '23505') {
    // detail: Key (source, external_id)=(osm, way/1) already exists.
    const columns = keyColumns(error.detail);
    const name = error.table ? `${error.table}.${columns.join(', ') || error.constraint}` : (error.constraint ?? 'a key');
    return new LifecircleError('CONFLICT', { reason: `${name} already exists` }, { cause: error });
  }
  if (code === '23503') {
    // detail: Key (merchant_id)=(4242) is not present in table "merchants".
    const column = keyColumns(error.detail)[0];
    const parent = /table "([^"]+)"/.exec(error.detail ?? '')?.[1];
    return new LifecircleError(
      'VALIDATION',
      {
        field: column ? snakeToCamel(column) : (error.table ?? 'unknown'),
        reason: parent ? `no ${parent} row with ${keyValues(error.detail)}` : reason,
      },
      { cause: error },
    );
  }
  if (code === '23502' || code === '23514' || code.startsWith('22')) {
    const field = error.column ?? checkColumn(error.constraint, error.table);
    return new LifecircleError('VALIDATION', { field: field ? snakeToCamel(field) : 'unknown', reason }, { cause: error });
  }
  if (code === '54000' && /index row/i.test(error.message)) {
    // index row size 3024 exceeds btree version 4 maximum 2704 for index "compounds_source_external": a value too long to index.
    const index = /for index "([^"]+)"/.exec(error.message)?.[1];
    return new LifecircleError(
      'VALIDATION',
      { field: index ? indexField(index) : 'unknown', reason: `a value too long to index (${reason})` },
      { cause: error },
    );
  }
  if (code === 'XX000' && /geometry|ring|points/i.test(error.message)) {
    // PostGIS refuses an unclosed ring or a ring of fewer than four positions while parsing a parameter.
    return new LifecircleError('VALIDATION', { field: 'geometry', reason }, { cause: error });
  }
  // As in SQLite: a full disk and a read-only server refuse writes while reads go on, each with its own code.
  if (code === '53100') return new LifecircleError('STORE_FULL', { reason }, { cause: error });
  if (code === '25006') return new LifecircleError('STORE_READ_ONLY', { reason }, { cause: error });
  if (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) {
    return new LifecircleError('STORE_UNAVAILABLE', { reason }, { cause: error });
  }
  return new LifecircleError('INTERNAL', { reason }, { cause: error });
}

/** The field each btree index on text guards, as the API names it (its last column: the one a caller sets). */
const INDEX_FIELDS: Record<string, string> = {
  compounds_source_external: 'externalId',
  users_username_key: 'username',
  settings_pkey: 'key',
  audit_log_entity: 'entityId',
};

/** The field an index covers (INDEX_FIELDS), else the index's name. */
function indexField(index: string): string {
  return INDEX_FIELDS[index] ?? index;
}

/** The column names of `Key (a, b)=(…)` in an error detail. */
function keyColumns(detail: string | undefined): string[] {
  const match = /Key \(([^)]*)\)=/.exec(detail ?? '');
  return match?.[1] ? match[1].split(',').map((c) => c.trim()) : [];
}

/** `merchant_id 4242` from `Key (merchant_id)=(4242)`. */
function keyValues(detail: string | undefined): string {
  const match = /Key \(([^)]*)\)=\((.*)\)/.exec(detail ?? '');
  return match ? `${match[1]} ${match[2]}` : 'that key';
}

/** The column a CHECK constraint named `<table>_<column>_check` (PostgreSQL's default name) guards. */
function checkColumn(constraint: string | undefined, table: string | undefined): string | undefined {
  if (!constraint || !table || !constraint.startsWith(`${table}_`) || !constraint.endsWith('_check')) return undefined;
  return constraint.slice(table.length + 1, -'_check'.length);
}
