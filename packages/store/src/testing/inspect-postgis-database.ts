import pg from 'pg';

/** A session connected to the inspected database, as `pg_stat_activity` shows it. */
export interface PostgisSession {
  pid: number;
  applicationName: string;
  /** The client's TCP port (null over a Unix socket). */
  clientPort: number | null;
  /** `active`, `idle`, `idle in transaction`, … (null for a background process). */
  state: string | null;
  /** The transaction id it holds, once its transaction has written something; null before (or without a transaction). */
  backendXid: string | null;
  /** When its current transaction started (ISO 8601), or null outside one. */
  transactionStartedAt: string | null;
  /** Its current (or, when idle, last) statement. */
  query: string;
}

/** What a crash left in a PostgreSQL database, read by a fresh connection; the fault tests compare it before and after a kill -9. */
export interface PostgisDatabaseReport {
  /** Row count of every table (schema-qualified unless in `public`; the PostGIS extension's own tables left out). */
  counts: Record<string, number>;
  /** Every session on the database but the inspections' own (application name `lifecircle-inspect`). */
  sessions: PostgisSession[];
  /** Locks on the database held or awaited by anything but the inspections, prepared transactions included. */
  numLocks: number;
  /** Transactions prepared for two-phase commit and never finished (they hold their locks forever). */
  numPreparedTransactions: number;
  /** Indexes PostgreSQL marks invalid or not ready. */
  invalidIndexes: string[];
  /**
   * amcheck's findings (`bt_index_check` with `heapallindexed` on every B-tree index, `verify_heapam` on every
   * table): empty when sound; null unless `amcheck` was asked for.
   */
  amcheckProblems: string[] | null;
}

/** One connection to a database for watching and inspecting it from outside, as an operator would. */
export interface PostgisProbe {
  /** The full report (`amcheck`: also run amcheck, creating the extension for the check and dropping it after). */
  report(options?: { amcheck?: boolean }): Promise<PostgisDatabaseReport>;
  /** The client sessions on the database right now (not autovacuum), the inspections' own left out. */
  sessions(): Promise<PostgisSession[]>;
  /** The size of a table's main fork on disk, bytes: it grows as rows are written, committed or not. */
  relationSizeBytes(table: string): Promise<number>;
  /** `pg_xact_status` of a transaction id seen as a session's `backendXid`: 'in progress', 'committed' or 'aborted'. */
  transactionStatus(backendXid: string): Promise<string | null>;
  close(): Promise<void>;
}

const APPLICATION_NAME = 'lifecircle-inspect';

/** Opens a probe on the database at `url` (its own connection, named `lifecircle-inspect`). */
export async function openPostgisProbe(url: string): Promise<PostgisProbe> {
  const client = new pg.Client({ connectionString: url, application_name: APPLICATION_NAME });
  await client.connect();
  const sessions = async (): Promise<PostgisSession[]> => {
    const result = await client.query<PostgisSession>(
      `SELECT pid, application_name AS "applicationName", client_port AS "clientPort", state, backend_xid::text AS "backendXid",
              to_char(xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "transactionStartedAt", query
         FROM pg_stat_activity
        WHERE datname = current_database() AND application_name <> $1
          -- Clients only: autovacuum workers come and go on their own (one analysing spatial_ref_sys is no leftover).
          AND backend_type = 'client backend'
        ORDER BY pid`,
      [APPLICATION_NAME],
    );
    return result.rows;
  };
  const report = async (options: { amcheck?: boolean } = {}): Promise<PostgisDatabaseReport> => {
    // Ordinary and partitioned tables outside the system schemas that no extension owns (PostGIS's spatial_ref_sys).
    const tables = await client.query<{ name: string }>(
      `SELECT c.oid::regclass::text AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                           WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      counts[name] = (await client.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${name}`)).rows[0]!.n;
    }
    const locks = await client.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM pg_locks
        WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND (pid IS NULL OR pid IN (SELECT pid FROM pg_stat_activity
                                      WHERE backend_type = 'client backend' AND application_name <> $1))`,
      [APPLICATION_NAME],
    );
    const prepared = await client.query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM pg_prepared_xacts WHERE database = current_database()',
    );
    const invalid = await client.query<{ name: string }>(
      'SELECT indexrelid::regclass::text AS name FROM pg_index WHERE NOT (indisvalid AND indisready) ORDER BY 1',
    );
    return {
      counts,
      sessions: await sessions(),
      numLocks: locks.rows[0]!.n,
      numPreparedTransactions: prepared.rows[0]!.n,
      invalidIndexes: invalid.rows.map((r) => r.name),
      amcheckProblems: options.amcheck
        ? await amcheck(
            client,
            tables.rows.map((r) => r.name),
          )
        : null,
    };
  };
  return {
    report,
    sessions,
    async relationSizeBytes(table) {
      return Number((await client.query<{ n: string }>('SELECT pg_relation_size($1::regclass) AS n', [table])).rows[0]!.n);
    },
    async transactionStatus(backendXid) {
      // backend_xid is the 32-bit xid; as an xid8 it is right while the cluster is in its first xid epoch (a test cluster).
      const result = await client.query<{ status: string | null }>('SELECT pg_xact_status($1::text::xid8) AS status', [
        backendXid,
      ]);
      return result.rows[0]!.status;
    },
    close: () => client.end(),
  };
}

/** Runs amcheck over the tables and their B-tree indexes; the extension is created for the check and dropped after when it was not there. */
async function amcheck(client: pg.Client, tables: string[]): Promise<string[]> {
  const hadIt = (await client.query("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")).rows.length > 0;
  if (!hadIt) await client.query('CREATE EXTENSION amcheck');
  const problems: string[] = [];
  try {
    const indexes = await client.query<{ name: string }>(
      `SELECT i.indexrelid::regclass::text AS name
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
        WHERE am.amname = 'btree' AND i.indrelid::regclass::text = ANY($1) AND i.indisvalid AND i.indisready
        ORDER BY 1`,
      [tables],
    );
    for (const { name } of indexes.rows) {
      try {
        await client.query('SELECT bt_index_check($1::regclass, true)', [name]);
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    for (const table of tables) {
      const found = await client.query<{ blkno: string; offnum: number; msg: string }>(
        'SELECT blkno::text, offnum, msg FROM verify_heapam($1::regclass)',
        [table],
      );
      for (const row of found.rows) problems.push(`${table} block ${row.blkno} item ${row.offnum}: ${row.msg}`);
    }
  } finally {
    if (!hadIt) await client.query('DROP EXTENSION amcheck');
  }
  return problems;
}

/**
 * Reads a PostgreSQL database the way an operator would after a client died:
 * the row count of every table, the sessions, locks and prepared
 * transactions left on it, invalid indexes and (when asked) amcheck's
 * verdict. The PostgreSQL counterpart of `inspectSqliteFile`; foreign keys
 * need no check, the server enforces them in every transaction.
 */
export async function inspectPostgisDatabase(url: string, options: { amcheck?: boolean } = {}): Promise<PostgisDatabaseReport> {
  const probe = await openPostgisProbe(url);
  try {
    return await probe.report(options);
  } finally {
    await probe.close();
  }
}
