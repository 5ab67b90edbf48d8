import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { DEMO_SEED_SETTING, seedDemoDistrict, startStoredAnalysis } from '@lifecircle/platform';
import { hashPassword } from '@lifecircle/server';
import { seededRng } from '@lifecircle/shared';
import { openPostgisStore, openSqliteStore, type Store } from '@lifecircle/store';
import { TestDatabases, storeSnapshot, testPostgres } from '@lifecircle/store/testing';
import type { CommandIo } from './command-io.js';
import { main } from './main.js';

const postgres = await testPostgres();
const bin = fileURLToPath(new URL('../bin/lifecircle.js', import.meta.url));

/** Runs the CLI in process; returns its exit code and what it printed. */
async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isInteractive: false,
    env,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Starts `lifecircle serve` as a real process; resolves with its base URL once it listens. */
function serve(args: string[]): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /is serving (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

/** Everything a copy must carry, read through the Store interface. */
async function readAll(store: Store): Promise<unknown> {
  return { everything: await storeSnapshot(store), demoSeed: await store.getSetting(DEMO_SEED_SETTING) };
}

describe('PostgreSQL through the command line', { skip: postgres.ok ? false : postgres.reason }, () => {
  if (!postgres.ok) return;
  const databases = new TestDatabases(postgres.server.adminUrl);
  const taxonomy = defaultTaxonomy();
  let dataDir: string;
  let sqlitePath: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-pg-cli-'));
    sqlitePath = join(dataDir, 'lifecircle.db');
    // The demo district as `serve --demo` makes it: seeded, then analysed.
    const store = await openSqliteStore(sqlitePath);
    assert.ok(await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword }));
    await (
      await startStoredAnalysis(store, taxonomy, { userId: null, requestId: null })
    ).done;
    await store.close();
  });
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists pending migrations, applies them once and reports the version, on PostgreSQL and on SQLite', async () => {
    const database = await databases.empty();
    try {
      for (const db of [database.url, join(dataDir, 'fresh.db')]) {
        const status = await run(['migrate', '--status', '--db', db]);
        assert.equal(status.code, 0, status.stderr);
        assert.match(status.stdout, /schema version 0/);
        assert.match(status.stdout, /1 {2}initial schema\s+pending/);
        const first = await run(['migrate', '--db', db]);
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /applied migrations? 1\b/);
        const again = await run(['migrate'], { DATABASE_URL: db });
        assert.match(again.stdout, /the schema is up to date/);
        assert.doesNotMatch((await run(['migrate', '--status', '--db', db])).stdout, /pending/);
      }
    } finally {
      await database.drop();
    }
  });

  it('copies the demo district: every table reads back the same through the Store interface, and a second copy is refused', async () => {
    const database = await databases.empty();
    try {
      const copied = await run(['copy', '--from', sqlitePath, '--to', database.url]);
      assert.equal(copied.code, 0, copied.stderr);
      assert.match(copied.stdout, /outlets\s+\d+ rows/);
      assert.match(copied.stdout, /every table matched its source/);
      const sqlite = await openSqliteStore(sqlitePath);
      const postgis = await openPostgisStore(database.url);
      try {
        const expected = (await readAll(sqlite)) as { everything: { outlets: unknown[]; access: unknown[][] } };
        assert.ok(expected.everything.outlets.length > 3000);
        assert.ok(expected.everything.access[0]!.length > 10000, 'the analysis results are part of the copy');
        assert.deepEqual(await readAll(postgis), expected);
      } finally {
        await sqlite.close();
        await postgis.close();
      }
      const again = await run(['copy', '--from', sqlitePath], { DATABASE_URL: database.url });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /error CONFLICT/);
    } finally {
      await database.drop();
    }
  });

  it('serves the demo district seeded on PostgreSQL with the same nearby answers as on SQLite', async () => {
    const database = await databases.empty();
    const onPostgres = serve(['--demo', '--db', database.url, '--data-dir', mkdtempSync(join(dataDir, 'served-'))]);
    const onSqlite = serve(['--db', sqlitePath, '--data-dir', dataDir]);
    try {
      const [postgresUrl, sqliteUrl] = await Promise.all([onPostgres.url, onSqlite.url]);
      const rng = seededRng(81);
      let numResults = 0;
      for (let trial = 0; trial < 12; trial++) {
        const query = new URLSearchParams({
          lng: String(121.39 + rng() * 0.03),
          lat: String(31.24 + rng() * 0.03),
          category: ['breakfast', 'wet_market', 'repair_point', 'pharmacy'][trial % 4]!,
          profile: trial % 2 ? 'elderly' : 'adult',
        });
        const answers = await Promise.all(
          [postgresUrl, sqliteUrl].map(async (base) => {
            const response = await fetch(`${base}/api/outlets/nearby?${query}`);
            assert.equal(response.status, 200, `${base}: ${await response.clone().text()}`);
            const body = (await response.json()) as { results: Record<string, unknown>[] };
            // Seeding times and the minute of the request differ between the two servers.
            return body.results.map(({ updatedAt: _updatedAt, isOpenNow: _isOpenNow, ...rest }) => rest);
          }),
        );
        assert.deepEqual(answers[0], answers[1], `trial ${trial}: ${query}`);
        numResults += answers[0]!.length;
      }
      assert.ok(numResults > 12, `nearby found outlets (${numResults})`);
    } finally {
      onPostgres.child.kill('SIGTERM');
      onSqlite.child.kill('SIGTERM');
      await database.drop();
    }
  });

  it('exits 1 with STORE_UNAVAILABLE, not a crash, when the PostgreSQL server cannot be reached', async () => {
    const result = await run(['serve', '--db', 'postgres://lifecircle:secret@127.0.0.1:9/none', '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error STORE_UNAVAILABLE/);
    assert.doesNotMatch(result.stderr, /secret/);
  });
});
