import pg from 'pg';
import type { DatabaseDigest } from './sqlite-digest.js';
import type { StoreWatch } from './store-watch.js';

/** The table of the write counter the watch adds to a test database (not a table of the store's schema). */
const COUNTER = 'lifecircle_test_writes';

/**
 * Watches a PostGIS test database at `url` (one that nothing else uses after
 * the test): adds a one-row counter table and, on every other table of the
 * public schema, a row trigger (and a TRUNCATE trigger) that adds one to it.
 * A rolled-back transaction rolls its increments back too, so `version()`
 * changes exactly when a write committed — the PostgreSQL counterpart of
 * SQLite's `PRAGMA data_version` (see watchDatabase). Call it once the
 * store's migrations have run, so every table has its trigger.
 *
 * `digest()` is each table's row count and the md5 of its rows as text,
 * ordered (PostGIS's own `spatial_ref_sys` and the counter left out).
 * Sequences (identity columns) are not in it: PostgreSQL never rolls back a
 * sequence, so a refused insert may advance one, which is allowed; a refused
 * change must leave every row as it was. For tests.
 */
export async function watchPostgres(url: string): Promise<StoreWatch> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`
    CREATE TABLE ${COUNTER} (n bigint NOT NULL);
    INSERT INTO ${COUNTER} VALUES (0);
    CREATE FUNCTION lifecircle_test_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE ${COUNTER} SET n = n + 1;
      RETURN NULL;
    END $$;`);
  const tables = await listTables(client);
  for (const table of tables) {
    const quoted = quoteIdent(table);
    await client.query(`
      CREATE TRIGGER lifecircle_test_rows AFTER INSERT OR UPDATE OR DELETE ON ${quoted}
        FOR EACH ROW EXECUTE FUNCTION lifecircle_test_count_write();
      CREATE TRIGGER lifecircle_test_truncate AFTER TRUNCATE ON ${quoted}
        FOR EACH STATEMENT EXECUTE FUNCTION lifecircle_test_count_write();`);
  }
  return {
    version: async () => Number((await client.query<{ n: string }>(`SELECT n FROM ${COUNTER}`)).rows[0]!.n),
    digest: async () => {
      const digest: DatabaseDigest = {};
      // Tables made since the watch started (none in these tests) are digested too.
      for (const table of await listTables(client)) {
        const quoted = quoteIdent(table);
        const { rows } = await client.query<{ num_rows: string; hash: string | null }>(
          `SELECT count(*) AS num_rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) AS hash FROM ${quoted} t`,
        );
        digest[table] = { numRows: Number(rows[0]!.num_rows), sha256: rows[0]!.hash ?? '' };
      }
      return digest;
    },
    close: async () => {
      await client.end();
    },
  };
}

/** The store's tables in the public schema, by name (PostGIS's spatial_ref_sys and the counter left out). */
async function listTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('spatial_ref_sys', $1) ORDER BY tablename`,
    [COUNTER],
  );
  return rows.map((row) => row.name);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
