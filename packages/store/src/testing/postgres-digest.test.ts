import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgisStore } from '../postgis/open-postgis-store.js';
import { watchPostgres } from './postgres-digest.js';
import { TestDatabases } from './postgres-databases.js';
import { changedTables } from './sqlite-digest.js';
import { testPostgres } from './test-postgres.js';

const postgres = await testPostgres();

describe('watchPostgres', { skip: postgres.ok ? false : postgres.reason }, () => {
  if (!postgres.ok) return;
  const databases = new TestDatabases(postgres.server.adminUrl);
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
  });

  it('changes its version when a write commits and not when one rolls back, and digests rows but not sequences', async () => {
    const database = await databases.migrated();
    const store = await openPostgisStore(database.url);
    const watch = await watchPostgres(database.url);
    try {
      const version = await watch.version();
      const empty = await watch.digest();
      assert.equal(empty.districts?.numRows, 0);
      assert.equal(empty.lifecircle_test_writes, undefined, 'the counter is not digested');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertDistrict({ code: null, name: '甲区', boundary: null });
          throw new Error('roll back');
        }),
      );
      // The identity sequence of districts moved on and stays moved: PostgreSQL does not roll sequences back.
      assert.equal(await watch.version(), version, 'a rolled-back insert committed nothing');
      assert.deepEqual(changedTables(empty, await watch.digest()), [], 'and changed no row');
      await store.insertDistrict({ code: null, name: '甲区', boundary: null });
      assert.notEqual(await watch.version(), version, 'a committed insert is seen');
      const one = await watch.digest();
      assert.deepEqual(changedTables(empty, one), ['districts']);
      const [district] = await store.listDistricts();
      await store.transaction(async (tx) => {
        await tx.insertStreet({ districtId: district!.id, code: null, name: '街', kind: 'subdistrict', boundary: null });
      });
      assert.deepEqual(changedTables(one, await watch.digest()), ['streets'], 'a changed table is named, the others not');
    } finally {
      await watch.close();
      await store.close();
      await database.drop();
    }
  });
});
