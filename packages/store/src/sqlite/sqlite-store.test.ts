import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isLifecircleError } from '@lifecircle/shared';
import { assertReadOnly } from '../testing/assert-read-only.js';
import { describeStore } from '../testing/describe-store.js';
import { minimalOutlet } from '../testing/fixtures.js';
import { applyMigrations } from './apply-migrations.js';
import { MIGRATIONS } from './migrations.js';
import { openSqliteDatabase, openSqliteStore } from './open-sqlite-store.js';
import { keywordMatchQuery } from '../keyword-grams.js';
import { outletListQuery } from './outlet-rows.js';
import { createSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-store-'));
let fileNumber = 0;
/** A path for a new database file in this run's temporary directory. */
const freshPath = (): string => join(dir, `store-${fileNumber++}.sqlite`);

describeStore('sqlite in memory', () => openSqliteStore(':memory:'));
describeStore('sqlite file', () => openSqliteStore(freshPath()));

const unavailable = (error: unknown) => isLifecircleError(error, 'STORE_UNAVAILABLE');
const readOnly = (error: unknown) => isLifecircleError(error, 'STORE_READ_ONLY');
const full = (error: unknown) => isLifecircleError(error, 'STORE_FULL');

describe('openSqliteStore', () => {
  it('keeps the data of a file across reopening and does not run migrations again', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    assert.equal(store.kind, 'sqlite');
    const [id] = await store.insertOutlets([minimalOutlet({ name: '全家' })]);
    await store.close();
    const raw = new Database(path);
    const firstRun = raw.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
    raw.close();
    assert.equal(firstRun.length, MIGRATIONS.length);

    const reopened = await openSqliteStore(path);
    assert.equal((await reopened.getOutlet(id!))?.name, '全家');
    assert.equal(await reopened.countOutlets({ keyword: 'qj' }), 1);
    await reopened.close();
    const again = new Database(path);
    assert.deepEqual(again.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all(), firstRun);
    again.close();
  });

  it('applies only the migrations a database lacks, in version order', () => {
    const db = new Database(':memory:');
    assert.deepEqual(
      applyMigrations(db, MIGRATIONS),
      MIGRATIONS.map((m) => m.version),
    );
    assert.deepEqual(applyMigrations(db, MIGRATIONS), []);
    const later = [
      ...MIGRATIONS,
      { version: 1001, name: 'second', sql: 'ALTER TABLE probe ADD COLUMN b TEXT' },
      { version: 1000, name: 'first', sql: 'CREATE TABLE probe (a TEXT)' },
    ];
    assert.deepEqual(applyMigrations(db, later), [1000, 1001]);
    assert.deepEqual(
      db
        .prepare('PRAGMA table_info(probe)')
        .all()
        .map((c) => (c as { name: string }).name),
      ['a', 'b'],
    );
    // A failing migration leaves no trace and is not recorded.
    assert.throws(() =>
      applyMigrations(db, [...later, { version: 1002, name: 'bad', sql: 'CREATE TABLE t (x); SELECT * FROM nowhere' }]),
    );
    assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get() as { n: number }).n, 0);
    assert.equal((db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v, 1001);
    db.close();
  });

  it('uses WAL journaling for files, enforces foreign keys and has the R*Tree module', () => {
    const db = openSqliteDatabase(freshPath());
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL');
    assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'outlet_rtree'").get());
    db.close();
    const memory = openSqliteDatabase(':memory:');
    assert.equal(memory.pragma('foreign_keys', { simple: true }), 1);
    memory.close();
  });

  it('refuses UPDATE and DELETE on the audit log, even from raw SQL', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    await store.appendAudit({
      userId: null,
      action: 'a',
      entity: 'e',
      entityId: null,
      before: null,
      after: null,
      requestId: null,
    });
    await store.close();
    const raw = new Database(path);
    assert.throws(() => raw.exec("UPDATE audit_log SET action = 'forged'"), /append-only/);
    assert.throws(() => raw.exec('DELETE FROM audit_log'), /append-only/);
    // issue 6: INSERT OR REPLACE deletes without firing DELETE triggers, and rewrote entries in place.
    assert.throws(
      () =>
        raw.exec(
          "INSERT OR REPLACE INTO audit_log (id, at, user_id, action, entity, entity_id) SELECT id, at, user_id, 'forged', entity, entity_id FROM audit_log",
        ),
      /append-only/,
    );
    assert.throws(() => raw.exec('REPLACE INTO audit_log SELECT * FROM audit_log'), /append-only/);
    assert.throws(
      () =>
        raw.exec(
          "INSERT INTO audit_log (id, at, action, entity) VALUES (1, 'now', 'forged', 'e') ON CONFLICT (id) DO UPDATE SET action = 'forged'",
        ),
      /append-only/,
    );
    assert.equal((raw.prepare('SELECT action FROM audit_log').get() as { action: string }).action, 'a');
    raw.exec("INSERT INTO audit_log (at, action, entity) VALUES ('now', 'b', 'e')");
    assert.equal((raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n, 2, 'appending still works');
    raw.close();
  });

  it('migration 4 keeps every analysis run and its results, and foreign keys stay enforced', async () => {
    const path = freshPath();
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    applyMigrations(old, MIGRATIONS.slice(0, 3));
    old.exec(`INSERT INTO analysis_runs (id, kind, status, params, started_at) VALUES (7, 'access', 'done', '{}', 't');
      INSERT INTO compounds (id, name, lng, lat, gates, households, residents, is_estimated, source)
        VALUES (1, 'c', 121, 31, '[]', 1, 1, 0, 's');
      INSERT INTO access_results (run_id, compound_id, category_id, walk_m, num_within_15) VALUES (7, 1, 'breakfast', 10, 1);`);
    old.close();
    const db = openSqliteDatabase(path);
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.deepEqual(db.prepare('SELECT id, status FROM analysis_runs').all(), [{ id: 7, status: 'done' }]);
    assert.equal((db.prepare('SELECT count(*) AS n FROM access_results WHERE run_id = 7').get() as { n: number }).n, 1);
    assert.throws(() => db.exec('DELETE FROM analysis_runs WHERE id = 7'), /FOREIGN KEY/);
    db.exec("UPDATE analysis_runs SET status = 'interrupted' WHERE id = 7");
    assert.throws(() => db.exec("UPDATE analysis_runs SET status = 'lost' WHERE id = 7"), /CHECK/);
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    db.close();
  });

  it('migration 5 indexes the outlets written before it, the keyword query uses the index, and a raw DELETE leaves it', async () => {
    const path = freshPath();
    const old = new Database(path);
    applyMigrations(old, MIGRATIONS.slice(0, 4));
    old.exec(`INSERT INTO outlets (id, name, name_pinyin, name_initials, address, lng, lat, services, status, source, created_at, updated_at) VALUES
      (1, '全家便利店', 'quanjiabianlidian', 'qjbld', '长寿路1号', 121.4, 31.2, '[]', 'active', 'osm', 't', 't'),
      (2, 'KFC早餐', 'kfczaocan', 'kfczc', NULL, 121.4, 31.2, '[]', 'closed', 'osm', 't', 't'),
      (3, '修鞋', 'xiuxie', 'xx', 'Jiangning Rd 5号', 121.4, 31.2, '[]', 'active', 'osm', 't', 't')`);
    old.close();
    const db = openSqliteDatabase(path);
    // The index alone, without the LIKE test, finds each outlet by its name, address, pinyin and initials.
    const indexed = (keyword: string): unknown[] =>
      db
        .prepare('SELECT rowid FROM outlet_search WHERE outlet_search MATCH ? ORDER BY rowid')
        .pluck()
        .all(keywordMatchQuery(keyword, keyword.toLowerCase()));
    assert.deepEqual(indexed('便利'), [1]);
    assert.deepEqual(indexed('寿路'), [1]);
    assert.deepEqual(indexed('kfc'), [2]);
    assert.deepEqual(indexed('zc'), [2]);
    assert.deepEqual(indexed('JIANGNING'), [3]);
    assert.deepEqual(indexed('xiux'), [3]);
    const { sql, params } = outletListQuery({ keyword: '便利' });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
    // The candidates come from the index in id order, without a sort: a page stops at its last match.
    assert.match(plan, /SCAN s VIRTUAL TABLE/, plan);
    assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
    const store = createSqliteStore(db);
    assert.deepEqual(
      (await store.listOutlets({ keyword: 'Kfc' })).map((o) => o.id),
      [2],
    );
    db.exec('DELETE FROM outlets WHERE id = 1');
    assert.deepEqual(indexed('便利'), []);
    assert.equal((db.prepare('SELECT count(*) AS n FROM outlet_search').get() as { n: number }).n, 2);
    await store.close();
  });

  it('reads a read-only store and answers writes with STORE_READ_ONLY', async () => {
    // Tests run as root, whom file permission bits do not stop: the readonly option opens the file with SQLITE_OPEN_READONLY.
    const path = freshPath();
    const writer = await openSqliteStore(path);
    await writer.setSetting('k', 'v');
    await writer.close();
    const reader = await openSqliteStore(path, { readonly: true });
    await assertReadOnly(reader);
  });

  it('answers STORE_FULL when the database cannot grow, keeps what was committed and writes again once there is room', async () => {
    // SQLite's page cap stands in for a full disk here (it raises the same SQLITE_FULL); the CLI's fault
    // tests fill a real tmpfs when the sandbox allows mounting one.
    const path = freshPath();
    const db = openSqliteDatabase(path);
    const store = createSqliteStore(db);
    const [kept] = await store.insertOutlets([minimalOutlet({ name: '留存' })]);
    const pages = (db.pragma('page_count', { simple: true }) as number) + 8;
    db.pragma(`max_page_count = ${pages}`);
    const many = Array.from({ length: 5000 }, (_, k) => minimalOutlet({ name: `填满${k}`.repeat(20) }));
    const before = await store.countOutlets();
    await assert.rejects(store.insertOutlets(many), full);
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.appendAudit({
          userId: null,
          action: 'x',
          entity: 'e',
          entityId: '1',
          before: null,
          after: null,
          requestId: null,
        });
        await tx.insertOutlets(many);
      }),
      full,
    );
    assert.equal(await store.countOutlets(), before, 'the failed inserts left no rows');
    assert.equal((await store.listAudit()).length, 0, 'nor their audit entry');
    assert.equal((await store.getOutlet(kept!))?.name, '留存');
    db.pragma('max_page_count = 1073741823');
    await store.insertOutlets(many.slice(0, 10));
    assert.equal(await store.countOutlets(), before + 10);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    await store.close();
  });

  it('names the read-only folder when a WAL database cannot create its files beside it', async (t) => {
    // Root ignores permission bits, so the folder is made read-only by a read-only bind mount; elsewhere, by chmod.
    const path = freshPath();
    const writer = await openSqliteStore(path);
    await writer.setSetting('k', 'v');
    await writer.close();
    const folder = join(dir, `read-only-${fileNumber++}`);
    mkdirSync(folder);
    renameSync(path, join(folder, 'db.sqlite'));
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      const mounted = spawnSync('sh', ['-c', `mount --bind "${folder}" "${folder}" && mount -o remount,ro,bind "${folder}"`]);
      if (mounted.status !== 0) return t.skip(`cannot make a read-only bind mount here: ${String(mounted.stderr).trim()}`);
    } else chmodSync(folder, 0o555);
    try {
      await assert.rejects(
        openSqliteStore(join(folder, 'db.sqlite')),
        (error) => readOnly(error) && String((error as Error).message).includes(folder),
      );
    } finally {
      if (isRoot) spawnSync('umount', [folder]);
      else chmodSync(folder, 0o755);
    }
  });

  it('answers STORE_UNAVAILABLE for paths it cannot open instead of crashing', async () => {
    await assert.rejects(openSqliteStore(join(dir, 'missing-dir', 'x.sqlite')), unavailable);
    await assert.rejects(openSqliteStore(freshPath(), { readonly: true }), unavailable, 'a missing file opened read-only');
    const notADatabase = freshPath();
    writeFileSync(notADatabase, 'this is not a database file, just some text that is long enough'.repeat(20));
    await assert.rejects(openSqliteStore(notADatabase), unavailable);
    const directory = join(dir, 'a-directory');
    mkdirSync(directory);
    await assert.rejects(openSqliteStore(directory), unavailable);
  });

  it('answers STORE_UNAVAILABLE when another connection holds the write lock past the busy timeout', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path, { busyTimeoutMs: 20 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    await assert.rejects(store.setSetting('k', 'v'), unavailable);
    await assert.rejects(
      store.transaction(async () => 1),
      unavailable,
    );
    other.exec('ROLLBACK');
    other.close();
    await store.setSetting('k', 'v');
    assert.equal(await store.getSetting('k'), 'v');
    await store.close();
  });

  it('answers STORE_UNAVAILABLE after close, and close twice is harmless', async () => {
    const store = await openSqliteStore(':memory:');
    await store.close();
    await store.close();
    await assert.rejects(store.getSetting('k'), unavailable);
    await assert.rejects(
      store.transaction(async () => 1),
      unavailable,
    );
  });
});
