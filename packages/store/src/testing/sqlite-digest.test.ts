import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../sqlite/open-sqlite-store.js';
import { changedTables, sqliteDatabaseDigest, watchDatabase } from './sqlite-digest.js';

test('the database digest changes exactly in the tables a commit changes, and not for a rolled-back transaction', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-digest-'));
  const path = join(dir, 'db.sqlite');
  const store = await openSqliteStore(path);
  try {
    const empty = sqliteDatabaseDigest(path);
    assert.deepEqual(changedTables(empty, sqliteDatabaseDigest(path)), []);
    assert.equal(empty.districts?.numRows, 0);
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.insertDistrict({ code: null, name: '甲区', boundary: null });
        throw new Error('roll back');
      }),
    );
    assert.deepEqual(changedTables(empty, sqliteDatabaseDigest(path)), [], 'a rolled-back insert leaves every table as it was');
    await store.insertDistrict({ code: null, name: '甲区', boundary: null });
    const one = sqliteDatabaseDigest(path);
    assert.equal(one.districts?.numRows, 1);
    // sqlite_sequence holds the AUTOINCREMENT counter when the table has one.
    assert.ok(changedTables(empty, one).includes('districts'));
    assert.ok(changedTables(empty, one).every((table) => ['districts', 'sqlite_sequence'].includes(table)));
    // The same row count with a different value still differs.
    await store.setSetting('fuzz', '1');
    const before = sqliteDatabaseDigest(path);
    await store.setSetting('fuzz', '2');
    const after = sqliteDatabaseDigest(path);
    assert.equal(after.settings?.numRows, before.settings?.numRows);
    assert.deepEqual(changedTables(before, after), ['settings']);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the database watch sees exactly the commits of other connections, and digests as a fresh connection does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-watch-'));
  const path = join(dir, 'db.sqlite');
  const store = await openSqliteStore(path);
  const watch = watchDatabase(path);
  try {
    const start = watch.version();
    await store.listDistricts();
    assert.equal(watch.version(), start, 'reading commits nothing');
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.insertDistrict({ code: null, name: '甲区', boundary: null });
        throw new Error('roll back');
      }),
    );
    assert.equal(watch.version(), start, 'a rolled-back transaction commits nothing');
    await store.insertDistrict({ code: null, name: '甲区', boundary: null });
    const after = watch.version();
    assert.notEqual(after, start, 'a commit is seen');
    assert.equal(watch.version(), after);
    assert.deepEqual(watch.digest(), sqliteDatabaseDigest(path));
  } finally {
    watch.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
