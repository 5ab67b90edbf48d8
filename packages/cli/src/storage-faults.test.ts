// Faults, issue 6 item 5: a full disk and a read-only database under the real server and CLI processes.
// The disk is a small tmpfs that really fills up; read-only is a read-only bind mount (root ignores permission
// bits) or, for other users, chmod. Where the sandbox refuses mounts, the tests skip and say so (the store's
// own tests reach SQLITE_FULL through max_page_count and open read-only files everywhere).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@lifecircle/store';
import { inspectSqliteFile } from '@lifecircle/store/testing';
import { runCli, startCli, type CliProcess } from './testing/cli-process.js';
import { bindReadOnly, mountTmpfs, unmount, type MountResult } from './testing/mounts.js';

const isRoot = process.getuid?.() === 0;
const SHOPS = 'name,lng,lat,category\n早点铺,121.401,31.201,breakfast\n便利店,121.402,31.202,convenience_store\n';

/** Starts `lifecircle serve --db FILE` on a free port; resolves with the process and its base URL. */
async function serve(db: string): Promise<{ server: CliProcess; url: string }> {
  const server = startCli(['serve', '--db', db, '--port', '0']);
  const url = (await server.waitFor(/lifecircle is serving (\S+)/))[1]!.replace('localhost', '127.0.0.1');
  return { server, url };
}

async function stop(server: CliProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

/** A resident's request for a missing service: the simplest anonymous write. */
function postRequest(url: string, need: string, message?: string): Promise<Response> {
  return fetch(`${url}/api/requests?lang=en`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ need, lng: 121.401, lat: 31.201, ...(message === undefined ? {} : { message }) }),
  });
}

async function errorCode(response: Response): Promise<string | undefined> {
  return ((await response.json()) as { error?: { code?: string } }).error?.code;
}

/** Fills the file system holding `path` with a filler file until the kernel says ENOSPC. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
    // The last partial block: fill byte by byte-ish so not even a page is left.
    for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
      try {
        for (;;) writeSync(fd, chunk.subarray(0, size));
      } catch (inner) {
        if ((inner as { code?: string }).code !== 'ENOSPC') throw inner;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full disk', () => {
  let dir: string;
  let mount: MountResult;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifecircle-full-'));
    mount = mountTmpfs(dir, 16 * 2 ** 20);
  });
  after(() => {
    if (mount.ok) unmount(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses writes with STORE_FULL from the API and the CLI, keeps serving reads, and writes again once there is room', async (t) => {
    if (!mount.ok) return t.skip(`cannot mount a tmpfs here (${mount.reason})`);
    const db = join(dir, 'lifecircle.db');
    const csv = join(tmpdir(), `lifecircle-full-${process.pid}.csv`);
    writeFileSync(csv, SHOPS);
    assert.equal((await runCli(['import', '--kind', 'outlets', '--file', csv, '--db', db])).code, 0);
    const { server, url } = await serve(db);
    try {
      assert.equal((await postRequest(url, '修鞋')).status, 201, 'a write before the disk is full');
      const filler = join(dir, 'filler');
      fillDisk(filler);

      let full: Response | null = null;
      // Small writes may still fit in pages SQLite holds already; a few more reach the disk.
      for (let k = 0; k < 20 && full === null; k++) {
        const response = await postRequest(url, `配钥匙 ${k}`, '很长的说明'.repeat(190));
        if (response.status !== 201) full = response;
      }
      assert.ok(full !== null, 'some write met the full disk');
      assert.equal(full.status, 507);
      assert.equal(await errorCode(full), 'STORE_FULL');

      const outlets = await fetch(`${url}/api/outlets`);
      assert.equal(outlets.status, 200, 'reads go on');
      assert.equal(((await outlets.json()) as { items: unknown[] }).items.length, 2);
      assert.equal((await fetch(`${url}/api/health`)).status, 200);

      const cliImport = await runCli(['import', '--kind', 'outlets', '--file', csv, '--db', db, '--lang', 'en']);
      assert.equal(cliImport.code, 1);
      assert.match(cliImport.output, /error STORE_FULL: the database disk is full/);
      assert.doesNotMatch(cliImport.output, /\n\s+at /, 'a message, not a stack trace');

      rmSync(filler);
      assert.equal((await postRequest(url, '磨刀')).status, 201, 'writes resume without a restart');
    } finally {
      await stop(server);
      rmSync(csv, { force: true });
    }
    const report = inspectSqliteFile(db);
    assert.equal(report.integrity, 'ok');
    assert.equal(report.numForeignKeyViolations, 0);
    assert.equal(report.counts.outlets, 2);
    assert.ok(report.counts.service_requests! >= 2, 'the writes before and after the full disk are kept');
  });
});

describe('a read-only database', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'lifecircle-read-only-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Makes `path` read-only for this process; returns the undo, or a reason to skip. */
  function makeReadOnly(path: string, isFolder: boolean): (() => void) | string {
    if (isRoot) {
      const mounted = bindReadOnly(path);
      return mounted.ok ? () => unmount(path) : `cannot bind-mount read-only here (${mounted.reason})`;
    }
    chmodSync(path, isFolder ? 0o555 : 0o444);
    return () => chmodSync(path, isFolder ? 0o755 : 0o644);
  }

  it('file: the server starts and serves reads; writes are STORE_READ_ONLY from the API and the CLI', async (t) => {
    const db = join(dir, 'file.db');
    const csv = join(dir, 'shops.csv');
    writeFileSync(csv, SHOPS);
    assert.equal((await runCli(['import', '--kind', 'outlets', '--file', csv, '--db', db])).code, 0);
    // A run left running by a dead process: the start would mark it interrupted, which a read-only file refuses.
    const writer = await openSqliteStore(db);
    await writer.insertAnalysisRun({
      kind: 'access',
      status: 'running',
      networkId: null,
      params: {},
      summary: null,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    });
    await writer.close();
    const before = inspectSqliteFile(db);
    const undo = makeReadOnly(db, false);
    if (typeof undo === 'string') return t.skip(undo);
    try {
      const { server, url } = await serve(db);
      try {
        const outlets = await fetch(`${url}/api/outlets`);
        assert.equal(outlets.status, 200);
        assert.equal(((await outlets.json()) as { items: unknown[] }).items.length, 2);
        const write = await postRequest(url, '修鞋');
        assert.equal(write.status, 503);
        assert.equal(await errorCode(write), 'STORE_READ_ONLY');
        assert.equal((await fetch(`${url}/api/outlets`)).status, 200, 'still serving after the refused write');
        assert.match(server.output(), /the database is read-only: serving reads only/);
      } finally {
        await stop(server);
      }
      const cliImport = await runCli(['import', '--kind', 'outlets', '--file', csv, '--db', db, '--lang', 'en']);
      assert.equal(cliImport.code, 1);
      assert.match(cliImport.output, /error STORE_READ_ONLY: the database is read-only/);
    } finally {
      undo();
    }
    assert.deepEqual(inspectSqliteFile(db).counts, before.counts);
  });

  it('folder: serve and import stop at once with STORE_READ_ONLY naming the folder, never a stack trace', async (t) => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const db = join(folder, 'lifecircle.db');
    const csv = join(dir, 'shops2.csv');
    writeFileSync(csv, SHOPS);
    assert.equal((await runCli(['import', '--kind', 'outlets', '--file', csv, '--db', db])).code, 0);
    const undo = makeReadOnly(folder, true);
    if (typeof undo === 'string') return t.skip(undo);
    try {
      for (const args of [
        ['serve', '--db', db, '--port', '0'],
        ['import', '--kind', 'outlets', '--file', csv, '--db', db],
      ]) {
        const result = await runCli([...args, '--lang', 'en']);
        assert.equal(result.code, 1, result.output);
        assert.match(result.output, new RegExp(`error STORE_READ_ONLY: .*its folder ${folder} is read-only`));
        assert.doesNotMatch(result.output, /\n\s+at /);
      }
    } finally {
      undo();
    }
    assert.equal(inspectSqliteFile(db).counts.outlets, 2);
  });
});
