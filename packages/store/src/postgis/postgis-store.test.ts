import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isLifecircleError, seededRng } from '@lifecircle/shared';
import { INCOMPRESSIBLE_TEXT } from '@lifecircle/shared/testing';
import type { AreaGeometry } from '@lifecircle/shared';
import { assertReadOnly } from '../testing/assert-read-only.js';
import { describeOutletQueries } from '../testing/describe-outlet-queries.js';
import { describeStore } from '../testing/describe-store.js';
import { minimalOutlet, randomCompounds, randomOutlets } from '../testing/fixtures.js';
import { TestDatabases } from '../testing/postgres-databases.js';
import { freePort, testPostgres } from '../testing/test-postgres.js';
import { applyPostgresMigrations } from './apply-migrations.js';
import { POSTGIS_MIGRATIONS } from './migrations.js';
import { migratePostgis, openPostgisPool, openPostgisStore, postgisMigrationStatus } from './open-postgis-store.js';
import { outletCountQuery, outletListQuery } from './outlet-rows.js';

const postgres = await testPostgres();
const unavailable = (error: unknown) => isLifecircleError(error, 'STORE_UNAVAILABLE');

/** Runs `fn` with a plain connection to `url` (raw SQL, as an administrator would). */
async function withRaw<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

if (!postgres.ok) {
  describe('Store conformance: postgis', { skip: postgres.reason }, () => {});
} else {
  const databases = new TestDatabases(postgres.server.adminUrl);
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
  });

  describeStore('postgis', () => databases.store());
  // Keyword pages take one of two paths by the table's size; both must give the scan's answers.
  describe('Store conformance of outlet queries: postgis, keyword pages always walking the head of the table', () =>
    describeOutletQueries(() => databases.store({ keywordHeadWalkMinOutlets: 0 })));
  describe('Store conformance of outlet queries: postgis, keyword pages never walking the head of the table', () =>
    describeOutletQueries(() => databases.store({ keywordHeadWalkMinOutlets: Number.POSITIVE_INFINITY })));

  describe('openPostgisStore', () => {
    it('refreshes the planner statistics of a freshly loaded table with refreshStatistics', async () => {
      const database = await databases.migrated();
      const store = await openPostgisStore(database.url);
      try {
        const stats = () =>
          withRaw(database.url, async (client) => {
            const { rows } = await client.query<{ tuples: number; analysed: boolean }>(
              `SELECT c.reltuples::float8 AS tuples, s.last_analyze IS NOT NULL AS analysed
                 FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'outlets'::regclass`,
            );
            return rows[0]!;
          });
        // Autovacuum off for this table, so only the store's call can have analysed it.
        await withRaw(database.url, (client) => client.query('ALTER TABLE outlets SET (autovacuum_enabled = false)'));
        const cases = randomOutlets(seededRng(52), 1200, [], []);
        await store.insertOutlets(cases.map((c) => c.outlet));
        const before = await stats();
        assert.notEqual(before.tuples, 1200);
        assert.equal(before.analysed, false);
        assert.equal(await store.refreshStatistics(), true);
        assert.deepEqual(await stats(), { tuples: 1200, analysed: true });
        // VACUUM runs outside any transaction of the store's: inside one it is refused, as on SQLite.
        await assert.rejects(
          store.transaction(() => store.refreshStatistics()),
          (error: unknown) => isLifecircleError(error, 'INTERNAL'),
        );
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('uses the GiST index of outlet locations for a bbox query over many outlets', async () => {
      const database = await databases.migrated();
      const store = await openPostgisStore(database.url);
      try {
        const cases = randomOutlets(seededRng(51), 20_000, [], []);
        await store.insertOutlets(cases.map((c) => c.outlet));
        const bbox: [number, number, number, number] = [121.43, 31.23, 121.432, 31.232];
        const { text, params } = outletListQuery({ bbox });
        const plan = await withRaw(database.url, async (client) => {
          await client.query('ANALYZE outlets');
          const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
          return result.rows.map((r) => r['QUERY PLAN']).join('\n');
        });
        assert.match(plan, /outlets_location/, plan);
        // The index narrows; the exact test decides: the same answer as a linear scan.
        const inside = (await store.listOutlets()).filter(
          (o) => o.location[0] >= bbox[0] && o.location[0] <= bbox[2] && o.location[1] >= bbox[1] && o.location[1] <= bbox[3],
        );
        assert.ok(inside.length > 0);
        assert.deepEqual(await store.listOutlets({ bbox }), inside);
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('counts keyword matches over many outlets through the GIN index of outlet bigrams, scans for one-character keywords, and pages like a scan', async () => {
      const database = await databases.migrated();
      const store = await openPostgisStore(database.url);
      try {
        const cases = randomOutlets(seededRng(53), 20_000, [], []);
        await store.insertOutlets(cases.map((c) => c.outlet));
        const explain = (keyword: string) =>
          withRaw(database.url, async (client) => {
            await client.query('ANALYZE outlets');
            const { text, params } = outletCountQuery({ keyword, status: ['active'] });
            const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
            return result.rows.map((r) => r['QUERY PLAN']).join('\n');
          });
        for (const keyword of ['修鞋', 'xiuxie', 'XX']) {
          const plan = await explain(keyword);
          assert.match(plan, /outlets_search/, plan);
        }
        const plan = await explain('鞋');
        assert.doesNotMatch(plan, /outlets_search/, plan);
        // Whichever plan the planner picks for a page, it is the linear scan's page.
        const all = await store.listOutlets();
        for (const keyword of ['修鞋', '全家', '修鞋全家', '寿路9', 'Jiangning Rd 1', '不存在']) {
          const expected = all.filter((o) => o.name.includes(keyword) || (o.address ?? '').includes(keyword));
          for (const [offset, limit] of [
            [0, 20],
            [37, 5],
            [Math.max(0, expected.length - 3), 20],
          ] as const) {
            const page = await store.listOutlets({ keyword, limit, offset });
            assert.deepEqual(page, expected.slice(offset, offset + limit), `${keyword} offset ${offset} limit ${limit}`);
          }
        }
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('migration 5 indexes the outlets written before it, and a raw DELETE leaves the index', async () => {
      const database = await databases.empty();
      try {
        await withRaw(database.url, async (client) => {
          const pool = { query: client.query.bind(client) } as unknown as pg.PoolClient;
          await applyPostgresMigrations(pool, POSTGIS_MIGRATIONS.slice(0, 4));
          await client.query(`INSERT INTO outlets (id, name, name_pinyin, name_initials, address, location, services, status, source, created_at, updated_at) VALUES
            (1, '全家便利店', 'quanjiabianlidian', 'qjbld', '长寿路1号', ST_SetSRID(ST_MakePoint(121.4, 31.2), 4326), '[]', 'active', 'osm', 't', 't'),
            (2, 'KFC早餐', 'kfczaocan', 'kfczc', NULL, ST_SetSRID(ST_MakePoint(121.4, 31.2), 4326), '[]', 'closed', 'osm', 't', 't'),
            (3, '修鞋', 'xiuxie', 'xx', 'Jiangning Rd 5号', ST_SetSRID(ST_MakePoint(121.4, 31.2), 4326), '[]', 'active', 'osm', 't', 't')`);
          await applyPostgresMigrations(pool, POSTGIS_MIGRATIONS);
          // The index alone, without the LIKE test (sequential scans off, so the answer comes from it).
          const indexed = async (keyword: string) => {
            await client.query('SET enable_seqscan = off');
            const { rows } = await client.query<{ id: number }>(
              `SELECT id FROM outlets WHERE outlet_search_grams(name, address, name_pinyin, name_initials) @> outlet_search_grams($1, NULL, NULL, NULL) ORDER BY id`,
              [keyword],
            );
            await client.query('RESET enable_seqscan');
            return rows.map((r) => r.id);
          };
          assert.deepEqual(await indexed('便利'), [1]);
          assert.deepEqual(await indexed('寿路'), [1]);
          assert.deepEqual(await indexed('KFC'), [2]);
          assert.deepEqual(await indexed('zc'), [2]);
          assert.deepEqual(await indexed('JIANGNING'), [3]);
          assert.deepEqual(await indexed('xiux'), [3]);
          await client.query('DELETE FROM outlets WHERE id = 1');
          assert.deepEqual(await indexed('便利'), []);
        });
        const store = await openPostgisStore(database.url);
        try {
          assert.deepEqual(
            (await store.listOutlets({ keyword: 'Kfc' })).map((o) => o.id),
            [2],
          );
        } finally {
          await store.close();
        }
      } finally {
        await database.drop();
      }
    });

    it('keeps coordinates exact where decimal GeoJSON would round them (tiny and 17-digit values)', async () => {
      const store = await databases.store();
      try {
        // Doubles needing all 17 significant digits, some of them far below 1 (20 decimals and more).
        const first: [number, number] = [Math.PI * 1e-5, Math.E / 10];
        const tricky: AreaGeometry = {
          type: 'Polygon',
          coordinates: [[first, [121 + Math.SQRT2 / 3, -(31 + Math.LN2 / 7)], [-(180 - 2 ** -45), 90 - 2 ** -46], first]],
        };
        const district = await store.insertDistrict({ code: null, name: 'x', boundary: tricky });
        assert.deepEqual((await store.listDistricts())[0], district);
        const [compound] = randomCompounds(seededRng(52), 1, { streetIds: [], committeeIds: [], circleIds: [] });
        const input = { ...compound!, location: [5e-324, -0.0] as [number, number], gates: [[1e-7, 2e-7] as [number, number]] };
        const [id] = await store.insertCompounds([input]);
        const stored = await store.getCompound(id!);
        assert.deepEqual(stored, { ...input, id });
        assert.ok(Object.is(stored!.location[1], -0), 'the sign of zero survives');
      } finally {
        await store.close();
      }
    });

    it('applies migrations once when several processes start together, and not again', async () => {
      const database = await databases.empty();
      try {
        const results = await Promise.all(Array.from({ length: 4 }, () => migratePostgis(database.url)));
        const applied = results.flatMap((r) => r.applied).sort((a, b) => a - b);
        assert.deepEqual(
          applied,
          POSTGIS_MIGRATIONS.map((m) => m.version),
          'each migration applied by exactly one of them',
        );
        const states = await postgisMigrationStatus(database.url);
        assert.ok(states.every((s) => s.appliedAt !== null));
        assert.deepEqual((await migratePostgis(database.url)).applied, []);
        assert.deepEqual(await postgisMigrationStatus(database.url), states);
      } finally {
        await database.drop();
      }
    });

    it('lists every migration as pending on an empty database, and refuses to open it unmigrated', async () => {
      const database = await databases.empty();
      try {
        const states = await postgisMigrationStatus(database.url);
        assert.deepEqual(
          states.map((s) => [s.version, s.appliedAt]),
          POSTGIS_MIGRATIONS.map((m) => [m.version, null]),
        );
        await assert.rejects(openPostgisStore(database.url, { migrate: false }), unavailable);
      } finally {
        await database.drop();
      }
    });

    it('rolls a failing migration back whole and does not record it', async () => {
      const database = await databases.migrated();
      try {
        const bad = { version: 1000, name: 'bad', sql: 'CREATE TABLE probe (a text); SELECT * FROM nowhere' };
        await withRaw(database.url, async (client) => {
          const pool = { query: client.query.bind(client) } as unknown as pg.PoolClient;
          await assert.rejects(applyPostgresMigrations(pool, [...POSTGIS_MIGRATIONS, bad]), /nowhere/);
          const probe = await client.query("SELECT to_regclass('probe') AS t");
          assert.equal(probe.rows[0].t, null);
          const versions = await client.query('SELECT max(version) AS v FROM schema_migrations');
          assert.equal(versions.rows[0].v, Math.max(...POSTGIS_MIGRATIONS.map((m) => m.version)));
          // The advisory lock was released: another migrator is not blocked.
          assert.deepEqual(await applyPostgresMigrations(pool, POSTGIS_MIGRATIONS), []);
        });
      } finally {
        await database.drop();
      }
    });

    it('refuses UPDATE, DELETE and TRUNCATE on the audit log, even from raw SQL', async () => {
      const database = await databases.migrated();
      const store = await openPostgisStore(database.url);
      try {
        await store.appendAudit({
          userId: null,
          action: 'a',
          entity: 'e',
          entityId: null,
          before: null,
          after: null,
          requestId: null,
        });
        await withRaw(database.url, async (client) => {
          await assert.rejects(client.query("UPDATE audit_log SET action = 'forged'"), /append-only/);
          await assert.rejects(client.query('DELETE FROM audit_log'), /append-only/);
          await assert.rejects(client.query('TRUNCATE audit_log'), /append-only/);
          assert.equal((await client.query('SELECT action FROM audit_log')).rows[0].action, 'a');
        });
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('names the field and item of a missing reference in a bulk insert, and the field of a refused value', async () => {
      const store = await databases.store();
      try {
        const outlets = Array.from({ length: 12 }, () => minimalOutlet());
        outlets[7] = minimalOutlet({ streetId: 4242 });
        await assert.rejects(
          store.insertOutlets(outlets),
          (error) =>
            isLifecircleError(error, 'VALIDATION') &&
            error.details.field === 'streetId' &&
            /item 7/.test(String(error.details.reason)),
        );
        await assert.rejects(
          store.insertOutlets([minimalOutlet({ status: 'bogus' as 'active' })]),
          (error) => isLifecircleError(error, 'VALIDATION') && error.details.field === 'status',
        );
        await assert.rejects(
          store.insertOutlets([minimalOutlet({ location: [121.4] as unknown as [number, number] })]),
          (error) => isLifecircleError(error, 'VALIDATION') && error.details.field === 'location',
        );
        assert.equal(await store.countOutlets(), 0);
      } finally {
        await store.close();
      }
    });

    it('refuses a text value too long for a btree index entry (SQLSTATE 54000) with VALIDATION naming the field, not INTERNAL', async () => {
      // Found by the PostGIS import fuzz run: 3,000 characters that do not compress as a compound's external id.
      const store = await databases.store();
      try {
        const [compound] = randomCompounds(seededRng(53), 1, { streetIds: [], committeeIds: [], circleIds: [] });
        await assert.rejects(
          store.insertCompounds([{ ...compound!, externalId: INCOMPRESSIBLE_TEXT }]),
          (error) =>
            isLifecircleError(error, 'VALIDATION') &&
            error.details.field === 'externalId' &&
            /too long to index/.test(String(error.details.reason)),
        );
        assert.deepEqual(await store.listCompounds(), []);
      } finally {
        await store.close();
      }
    });

    it('keeps a transaction usable after one of its calls fails, as SQLite does', async () => {
      const store = await databases.store();
      try {
        const result = await store.transaction(async (tx) => {
          await tx.setSetting('a', '1');
          await assert.rejects(tx.updateOutlet(9999, { name: 'x' }), (e) => isLifecircleError(e, 'NOT_FOUND'));
          await assert.rejects(tx.insertOutlets([minimalOutlet({ merchantId: 5 })]), (e) => isLifecircleError(e, 'VALIDATION'));
          await tx.setSetting('b', '2');
          return 'committed';
        });
        assert.equal(result, 'committed');
        assert.equal(await store.getSetting('a'), '1');
        assert.equal(await store.getSetting('b'), '2');
        assert.equal(await store.countOutlets(), 0);
      } finally {
        await store.close();
      }
    });

    it('answers STORE_UNAVAILABLE when nothing listens and for a missing database, without the password, and STORE_READ_ONLY for writes to a read-only one', async () => {
      const port = await freePort();
      await assert.rejects(
        openPostgisStore(`postgres://lifecircle:s3cret@127.0.0.1:${port}/lifecircle`, { connectionTimeoutMs: 2000 }),
        (error) =>
          unavailable(error) &&
          !String(error.details.reason).includes('s3cret') &&
          /ECONNREFUSED/.test(String(error.details.reason)),
      );
      await assert.rejects(openPostgisStore(databases.urlOf('no_such_database')), unavailable);

      const database = await databases.migrated();
      try {
        const writer = await openPostgisStore(database.url);
        await writer.setSetting('k', 'v');
        await writer.close();
        await withRaw(postgres.server.adminUrl, (client) =>
          client.query(`ALTER DATABASE ${database.name} SET default_transaction_read_only = on`),
        );
        const reader = await openPostgisStore(database.url);
        await assertReadOnly(reader);
      } finally {
        await database.drop();
      }
    });

    it('has the server probe its connections with TCP keepalives (10 s idle, every 5 s, 3 tries) unless the operator set them', async () => {
      // Without them a client whose machine vanished keeps its session idle in a transaction, holding its locks, for
      // the operating system's default of over two hours (crash-recovery-postgis.test.ts shows the session ending).
      const database = await databases.migrated();
      const settingsOf = async (url: string) => {
        const pool = await openPostgisPool(url);
        try {
          const result = await pool.query<{ name: string; setting: string; source: string }>(
            "SELECT name, setting, source FROM pg_settings WHERE name LIKE 'tcp_keepalives%' ORDER BY name",
          );
          return Object.fromEntries(
            result.rows.map((r) => [r.name.replace('tcp_keepalives_', ''), `${r.setting} (${r.source})`]),
          );
        } finally {
          await pool.end();
        }
      };
      try {
        assert.deepEqual(await settingsOf(database.url), {
          count: '3 (session)',
          idle: '10 (session)',
          interval: '5 (session)',
        });
        const url = new URL(database.url);
        url.searchParams.set('options', '-c tcp_keepalives_idle=42');
        assert.deepEqual(await settingsOf(url.toString()), {
          count: '3 (session)',
          idle: '42 (client)',
          interval: '5 (session)',
        });
      } finally {
        await database.drop();
      }
    });

    it('reconnects after the server ends its connections, and answers STORE_UNAVAILABLE after close', async () => {
      const database = await databases.migrated();
      const store = await openPostgisStore(database.url);
      try {
        await store.setSetting('k', 'v');
        await withRaw(postgres.server.adminUrl, (client) =>
          client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database.name]),
        );
        // The pool drops the dead idle connection; a call that still meets it fails cleanly, and the next one works.
        let value: string | null = null;
        for (let attempt = 0; attempt < 3 && value === null; attempt++) {
          value = await store.getSetting('k').catch((error: unknown) => {
            assert.ok(unavailable(error), String(error));
            return null;
          });
        }
        assert.equal(value, 'v');
      } finally {
        await store.close();
        await store.close();
        await assert.rejects(store.getSetting('k'), unavailable);
        await database.drop();
      }
    });
  });
}
