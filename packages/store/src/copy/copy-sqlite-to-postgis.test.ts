import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { isLifecircleError, seededRng } from '@lifecircle/shared';
import { openPostgisStore } from '../postgis/open-postgis-store.js';
import { openSqliteStore } from '../sqlite/open-sqlite-store.js';
import { snapshot, writeEverything } from '../testing/everything.js';
import { randomOutlets } from '../testing/fixtures.js';
import { TestDatabases } from '../testing/postgres-databases.js';
import { testPostgres } from '../testing/test-postgres.js';
import { copySqliteToPostgis } from './copy-sqlite-to-postgis.js';
import { TABLE_COPIES } from './table-copies.js';

const postgres = await testPostgres();
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-copy-'));

/** A SQLite file holding a bit of everything (twice over, so ids are not all 1) and 300 outlets. */
async function filledSqlite(name: string): Promise<string> {
  const path = join(dir, name);
  const store = await openSqliteStore(path);
  await store.transaction((tx) => writeEverything(tx, 1));
  await store.transaction((tx) => writeEverything(tx, 2));
  await store.insertOutlets(randomOutlets(seededRng(71), 300, [1, 2], [1]).map((c) => c.outlet));
  await store.setSetting('b', 'copied');
  await store.close();
  return path;
}

async function countRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let total = 0;
    for (const copy of TABLE_COPIES) total += Number((await client.query(`SELECT count(*) AS n FROM ${copy.table}`)).rows[0].n);
    return total;
  } finally {
    await client.end();
  }
}

describe('copySqliteToPostgis', { skip: postgres.ok ? false : postgres.reason }, () => {
  if (!postgres.ok) return;
  const databases = new TestDatabases(postgres.server.adminUrl);
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
  });

  it('copies every table with its ids, so both stores read back the same, and later ids follow the copied ones', async () => {
    const path = await filledSqlite('full.sqlite');
    const database = await databases.empty();
    try {
      const reports = await copySqliteToPostgis(path, database.url);
      assert.deepEqual(
        reports.map((r) => r.table),
        TABLE_COPIES.map((t) => t.table),
      );
      assert.ok(reports.every((r) => /^[0-9a-f]{64}$/.test(r.digest)));
      assert.equal(reports.find((r) => r.table === 'outlets')!.numRows, 302);
      // The copy analysed what it loaded (a manual ANALYZE: last_analyze, where autovacuum's sets last_autoanalyze).
      const analysed = new pg.Client({ connectionString: database.url });
      await analysed.connect();
      try {
        const { rows } = await analysed.query<{ tuples: number; at: Date | null }>(
          `SELECT c.reltuples::float8 AS tuples, s.last_analyze AS at
             FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'outlets'::regclass`,
        );
        assert.equal(rows[0]!.tuples, 302);
        assert.ok(rows[0]!.at !== null);
      } finally {
        await analysed.end();
      }
      const sqlite = await openSqliteStore(path);
      const postgis = await openPostgisStore(database.url);
      try {
        assert.deepEqual(await snapshot(postgis), await snapshot(sqlite));
        for (const [i, outlet] of (await sqlite.listOutlets()).entries()) {
          assert.deepEqual(await postgis.getOutlet(outlet.id), outlet, `outlet ${i}`);
        }
        assert.deepEqual(
          await postgis.getSession('1'.padStart(64, '0'), '2026-12-01T00:00:00.000Z'),
          await sqlite.getSession('1'.padStart(64, '0'), '2026-12-01T00:00:00.000Z'),
        );
        const [nextPostgis] = await postgis.insertOutlets([(await sqlite.getOutlet(1))!]);
        const [nextSqlite] = await sqlite.insertOutlets([(await sqlite.getOutlet(1))!]);
        assert.equal(nextPostgis, nextSqlite, 'the identity sequence continues after the copied ids');
      } finally {
        await sqlite.close();
        await postgis.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('refuses a target that already holds rows, and changes nothing', async () => {
    const path = await filledSqlite('into-full.sqlite');
    const database = await databases.migrated();
    try {
      const target = await openPostgisStore(database.url);
      await target.setSetting('other', 'district');
      await target.close();
      const before = await countRows(database.url);
      await assert.rejects(
        copySqliteToPostgis(path, database.url),
        (error) => isLifecircleError(error, 'CONFLICT') && /settings/.test(String(error.details.reason)),
      );
      assert.equal(await countRows(database.url), before);
    } finally {
      await database.drop();
    }
  });

  it('rolls everything back when what it reads back differs from the source', async () => {
    const path = await filledSqlite('tampered.sqlite');
    const database = await databases.migrated();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // A trigger that changes every outlet's name as it is written: the read-back digest must catch it.
      await client.query(`CREATE FUNCTION rename() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.name := NEW.name || '!'; RETURN NEW; END; $$`);
      await client.query('CREATE TRIGGER rename BEFORE INSERT ON outlets FOR EACH ROW EXECUTE FUNCTION rename()');
      await assert.rejects(
        copySqliteToPostgis(path, database.url),
        (error) => isLifecircleError(error, 'INTERNAL') && /outlets does not match/.test(String(error.details.reason)),
      );
      assert.equal(await countRows(database.url), 0, 'nothing was copied');
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it('answers STORE_UNAVAILABLE for a source it cannot open', async () => {
    const database = await databases.empty();
    try {
      await assert.rejects(copySqliteToPostgis(join(dir, 'missing.sqlite'), database.url), (error) =>
        isLifecircleError(error, 'STORE_UNAVAILABLE'),
      );
    } finally {
      await database.drop();
    }
  });
});
