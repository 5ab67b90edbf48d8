import pg from 'pg';
import type { PoolClient } from 'pg';
import { LifecircleError } from '@lifecircle/shared';
import type { Store } from '../store.js';
import { applyPostgresMigrations, assertCurrent, postgresMigrationStates } from './apply-migrations.js';
import type { MigrationState } from './apply-migrations.js';
import { fromEwkbHex } from './ewkb.js';
import { POSTGIS_MIGRATIONS } from './migrations.js';
import { createPostgisStore } from './postgis-store.js';
import { translatePostgresError } from './translate-error.js';

/** Options of `openPostgisStore`. */
export interface PostgisStoreOptions {
  /** Apply pending migrations on open (default true); when false, a schema that is behind is refused with STORE_UNAVAILABLE. */
  migrate?: boolean;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection before STORE_UNAVAILABLE, ms (default 10000). */
  connectionTimeoutMs?: number;
  /**
   * From how many outlets a keyword page walks the head of the table before using the keyword index
   * (default KEYWORD_HEAD_WALK_MIN_OUTLETS; 0 always, Infinity never). Results are the same either way.
   */
  keywordHeadWalkMinOutlets?: number;
}

/** `postgres://user@host:port/db` without the password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL at all: say nothing of what it holds.
    return '(an unparsable connection string)';
  }
}

/**
 * Connects to the PostgreSQL database named by `url` (`postgres://` or
 * `postgresql://`), brings its schema up to date (creating the PostGIS
 * extension, which needs a role allowed to create it or an administrator
 * to have done so) and returns the Store. Throws STORE_UNAVAILABLE when the
 * server cannot be reached or the schema cannot be brought up to date.
 */
export async function openPostgisStore(url: string, options: PostgisStoreOptions = {}): Promise<Store> {
  const pool = await openPostgisPool(url, options);
  return createPostgisStore(
    pool,
    options.keywordHeadWalkMinOutlets === undefined ? {} : { keywordHeadWalkMinOutlets: options.keywordHeadWalkMinOutlets },
  );
}

/**
 * The pool behind `openPostgisStore`: connected, migrated (unless told not
 * to) and reading geometry columns as GeoJSON. Package-internal: the copy
 * from SQLite writes through it.
 */
export async function openPostgisPool(url: string, options: PostgisStoreOptions = {}): Promise<pg.Pool> {
  const pool = createPool(url, options);
  try {
    await withClient(pool, url, async (client) => {
      if (options.migrate ?? true) await applyPostgresMigrations(client, POSTGIS_MIGRATIONS);
      else assertCurrent(await postgresMigrationStates(client, POSTGIS_MIGRATIONS));
      await learnGeometryType(pool, client);
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** Applies pending migrations to the database at `url`; returns the versions applied and the state of every migration after. */
export async function migratePostgis(url: string): Promise<{ applied: number[]; states: MigrationState[] }> {
  const pool = createPool(url, { maxConnections: 1 });
  try {
    return await withClient(pool, url, async (client) => {
      const applied = await applyPostgresMigrations(client, POSTGIS_MIGRATIONS);
      return { applied, states: await postgresMigrationStates(client, POSTGIS_MIGRATIONS) };
    });
  } finally {
    await pool.end();
  }
}

/** The state of every migration of the database at `url`, changing nothing. */
export async function postgisMigrationStatus(url: string): Promise<MigrationState[]> {
  const pool = createPool(url, { maxConnections: 1 });
  try {
    return await withClient(pool, url, (client) => postgresMigrationStates(client, POSTGIS_MIGRATIONS));
  } finally {
    await pool.end();
  }
}

/**
 * TCP keepalives the server sends on each of this pool's connections, unless
 * the operator set them (postgresql.conf, ALTER ROLE/DATABASE, or
 * `?options=-c tcp_keepalives_idle=…` in the URL): probe after 10 s of
 * silence, every 5 s, give up after 3 unanswered. A client whose machine
 * vanishes (power cut, network partition) sends no FIN, and without probes
 * its session stays `idle in transaction`, holding its locks and its
 * transaction open, until the operating system's default keepalive gives up
 * (Linux: 2 h 11 min); with these it ends about 25 s after the last packet.
 * A killed process needs none of this: its kernel closes the socket.
 */
export const SERVER_KEEPALIVE = { idleS: 10, intervalS: 5, count: 3 } as const;

const SERVER_KEEPALIVE_SQL = `SELECT set_config(d.name, d.value, false)
  FROM (VALUES ('tcp_keepalives_idle', '${SERVER_KEEPALIVE.idleS}'), ('tcp_keepalives_interval', '${SERVER_KEEPALIVE.intervalS}'),
               ('tcp_keepalives_count', '${SERVER_KEEPALIVE.count}')) AS d(name, value)
  JOIN pg_settings s ON s.name = d.name
 WHERE s.source = 'default'`;

/** The geometry type's OID per pool (the extension's types get their OIDs when it is created; -1 until learnt). */
const geometryTypes = new WeakMap<pg.Pool, { oid: number }>();

function createPool(url: string, options: PostgisStoreOptions): pg.Pool {
  const geometry = { oid: -1 };
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === geometry.oid ? fromEwkbHex : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    application_name: 'lifecircle',
    types,
  });
  geometryTypes.set(pool, geometry);
  pool.on('connect', (client) => {
    // Queued before any other statement of the new connection. A failure here means the connection is broken,
    // and the caller's first statement reports it.
    client.query(SERVER_KEEPALIVE_SQL).catch(() => {});
  });
  // An idle connection the server closed (restart, failover) is dropped by
  // the pool and replaced on the next call; without a listener the error
  // would end the process.
  pool.on('error', () => {});
  return pool;
}

/** Geometry columns arrive as hex EWKB; from now on this pool reads them as GeoJSON. */
async function learnGeometryType(pool: pg.Pool, client: PoolClient): Promise<void> {
  const result = await client.query<{ oid: number }>("SELECT 'geometry'::regtype::oid::integer AS oid");
  geometryTypes.get(pool)!.oid = result.rows[0]!.oid;
}

/** Runs `fn` on one connection of `pool`, translating failures; the reason names the server without its password. */
async function withClient<T>(pool: pg.Pool, url: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    const translated = translatePostgresError(error);
    if (translated instanceof LifecircleError) {
      throw new LifecircleError(
        'STORE_UNAVAILABLE',
        { reason: `cannot connect to ${redactUrl(url)}: ${String(translated.details.reason)}` },
        { cause: error },
      );
    }
    throw new LifecircleError(
      'STORE_UNAVAILABLE',
      { reason: `cannot connect to ${redactUrl(url)}: ${String(error)}` },
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } catch (error) {
    // Whatever stops the schema from being read or brought up to date (a refused CREATE EXTENSION, a failed
    // migration) leaves the store unusable: STORE_UNAVAILABLE, with the server's words as the reason.
    const translated = translatePostgresError(error);
    if (translated instanceof LifecircleError && translated.code === 'STORE_UNAVAILABLE') throw translated;
    const reason =
      translated instanceof LifecircleError ? String(translated.details.reason ?? translated.message) : String(error);
    throw new LifecircleError('STORE_UNAVAILABLE', { reason: `${redactUrl(url)}: ${reason}` }, { cause: error });
  } finally {
    client.release();
  }
}
