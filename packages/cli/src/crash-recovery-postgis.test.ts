// Faults against the PostgreSQL/PostGIS store: kill -9 of the real `lifecircle` CLI and server in the middle of an
// import and of an analysis run, on a real PostgreSQL server (the cluster of scripts/run-tests.mjs, or one started
// here), then a restart on the same database. The moment of the kill is read from the server's side, and so is what
// the dead client left behind: its sessions, locks and transaction.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgisStore } from '@lifecircle/store';
import {
  inspectPostgisDatabase,
  openPostgisProbe,
  testPostgres,
  TestDatabases,
  type PostgisProbe,
  type PostgisSession,
} from '@lifecircle/store/testing';
import { runCli, startCli } from './testing/cli-process.js';
import { outletsCsv } from './testing/outlets-csv.js';
import type { VanishedClientReport } from './testing/vanishing-client.js';

const postgres = await testPostgres();

/** The CLI's pool names its connections so (open-postgis-store.ts); the probe's own are `lifecircle-inspect`. */
const CLI_APPLICATION = 'lifecircle';

/** Polls `probe` every few milliseconds until it returns a value; null when `timeoutMs` passes first. */
async function until<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return null;
}

/** Waits until the server has no session of the CLI left on the database; the milliseconds that took, or null after 30 s. */
async function waitForCliSessionsToEnd(probe: PostgisProbe): Promise<number | null> {
  const started = performance.now();
  const ended = await until(
    async () => ((await probe.sessions()).some((s) => s.applicationName === CLI_APPLICATION) ? null : true),
    30_000,
  );
  return ended === null ? null : performance.now() - started;
}

describe('kill -9 against the PostgreSQL/PostGIS store', { skip: postgres.ok ? false : postgres.reason }, () => {
  if (!postgres.ok) return;
  const databases = new TestDatabases(postgres.server.adminUrl);
  let dir: string;
  let small: string;
  let big: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifecircle-crash-postgis-'));
    small = join(dir, 'small.csv');
    big = join(dir, 'big.csv');
    writeFileSync(small, outletsCsv(50, 7, '先导店'));
    writeFileSync(big, outletsCsv(100_000, 11, '大批店'));
  });
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // The import parses the whole file, then writes it in one transaction on one connection: it reads the streets
  // and the outlets nearby, draws 100,000 ids from the sequence (the transaction's first write, which gives it a
  // transaction id), computes the names' pinyin in the client while the server waits (`idle in transaction`), then
  // streams `COPY outlets … FROM STDIN` and `COPY outlet_categories …`, appends the audit entry and commits.
  // PostgreSQL shows no other session uncommitted rows, so the kill is timed by what the server reports of the
  // import's own session: its state, its statement and its transaction id (pg_stat_activity), and the outlets
  // table's size on disk, which grows as the COPY writes rows nobody else can see yet.
  const moments: {
    name: string;
    /** Whether the import's session (and the outlets table's growth) show the moment for the kill. */
    isTheMoment(session: PostgisSession, grownBytes: number): boolean;
  }[] = [
    {
      name: 'while COPY streams its rows into the outlets table',
      // Both read in one poll, the size first: the COPY was still running when the table had grown by 4 MiB
      // (of about 18 MiB for the whole file), so rows of the open transaction are on disk.
      isTheMoment: (session, grownBytes) =>
        session.state === 'active' && session.query.startsWith('COPY outlets ') && grownBytes > 4 * 2 ** 20,
    },
    {
      name: 'while the server waits for the client inside the transaction (idle in transaction)',
      // The ids are drawn (a transaction id is assigned on the first write) and the client computes before the COPY.
      isTheMoment: (session) =>
        session.state === 'idle in transaction' && session.backendXid !== null && session.query.includes('nextval'),
    },
  ];

  for (const moment of moments) {
    it(`kill -9 of an import ${moment.name} leaves everything committed before and nothing of the file, and the server holds nothing of the dead client`, async (t) => {
      const database = await databases.empty();
      const probe = await openPostgisProbe(database.url);
      try {
        const first = await runCli(['import', '--kind', 'outlets', '--file', small, '--db', database.url]);
        assert.equal(first.code, 0, first.output);
        const committed = await inspectPostgisDatabase(database.url);
        assert.equal(committed.counts.outlets, 50);
        assert.equal(committed.counts.audit_log, 1);
        const baselineBytes = await probe.relationSizeBytes('outlets');

        const importing = startCli(['import', '--kind', 'outlets', '--file', big, '--db', database.url]);
        const caught = await until(async () => {
          if (importing.child.exitCode !== null) return null;
          const grownBytes = (await probe.relationSizeBytes('outlets')) - baselineBytes;
          const session = (await probe.sessions()).find((s) => s.applicationName === CLI_APPLICATION);
          return session !== undefined && moment.isTheMoment(session, grownBytes) ? { session, grownBytes } : null;
        }, 120_000);
        importing.child.kill('SIGKILL');
        const killedAt = Date.now();
        const { signal } = await importing.exited;
        assert.ok(caught, `the import never got there:\n${importing.output()}`);
        assert.equal(signal, 'SIGKILL', `the import ended before the kill:\n${importing.output()}`);
        assert.ok(caught.session.backendXid !== null, 'the import had written: its transaction has an id');
        t.diagnostic(
          `killed ${killedAt - Date.parse(caught.session.transactionStartedAt!)} ms into the transaction ` +
            `(outlets +${(caught.grownBytes / 2 ** 20).toFixed(1)} MiB on disk, session ${caught.session.state})`,
        );

        // The kernel closes the dead process's socket; the backend reads end-of-file, rolls back and exits.
        const releasedMs = await waitForCliSessionsToEnd(probe);
        assert.ok(releasedMs !== null, 'the dead client still has a session on the server after 30 s');
        t.diagnostic(`the server ended the dead client's session ${releasedMs.toFixed(0)} ms after the kill`);
        assert.equal(await probe.transactionStatus(caught.session.backendXid), 'aborted');

        const afterKill = await inspectPostgisDatabase(database.url, { amcheck: true });
        assert.deepEqual(afterKill.sessions, []);
        assert.equal(afterKill.numLocks, 0, 'no lock left behind');
        assert.equal(afterKill.numPreparedTransactions, 0);
        assert.deepEqual(afterKill.invalidIndexes, []);
        assert.deepEqual(afterKill.amcheckProblems, []);
        assert.deepEqual(afterKill.counts, committed.counts, 'no row of the interrupted import, no audit entry, nothing lost');

        // The restarted import of the same file completes on the same database, with one more audit entry.
        const again = await runCli(['import', '--kind', 'outlets', '--file', big, '--db', database.url]);
        assert.equal(again.code, 0, again.output);
        const report = JSON.parse(again.output.slice(again.output.indexOf('{'))) as { numInserted: number };
        const finished = await inspectPostgisDatabase(database.url);
        assert.ok(report.numInserted > 90_000);
        assert.equal(finished.counts.outlets, 50 + report.numInserted);
        assert.equal(finished.counts.audit_log, committed.counts.audit_log! + 1);
        assert.deepEqual(finished.sessions, []);
      } finally {
        await probe.close();
        await database.drop();
      }
    });
  }

  it('kill -9 of `serve --demo` during its first analysis run: the restart does not seed again, marks the run interrupted and resumes it to done', async (t) => {
    const database = await databases.empty();
    const dataDir = mkdtempSync(join(dir, 'serve-'));
    const probe = await openPostgisProbe(database.url);
    const args = ['serve', '--demo', '--db', database.url, '--data-dir', dataDir, '--port', '0'];
    try {
      // The first start seeds the demo district into PostGIS (one transaction), prints the one-time credentials and
      // then runs the first analysis: the kill lands in it, as soon as another reader sees the run `running`.
      const first = startCli(args);
      await first.waitFor(/seeded the demo district/, 180_000);
      const watcher = await openPostgisStore(database.url, { migrate: false, maxConnections: 1 });
      let isRunning = false;
      const deadline = Date.now() + 60_000;
      while (!isRunning && Date.now() < deadline && first.child.exitCode === null) {
        isRunning = (await watcher.listAnalysisRuns({ status: 'running' })).length > 0;
        if (!isRunning) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      first.child.kill('SIGKILL');
      await first.exited;
      await watcher.close();
      assert.ok(isRunning, `the analysis run never showed as running:\n${first.output()}`);
      assert.doesNotMatch(first.output(), /analysed walking access/, 'the kill came after the analysis had finished');
      assert.match(first.output(), /commission\s+admin\s+\S+/, 'the one-time credentials were printed before the analysis');

      const releasedMs = await waitForCliSessionsToEnd(probe);
      assert.ok(releasedMs !== null, 'the dead server still has sessions on the database after 30 s');
      t.diagnostic(`the server ended the dead process's sessions ${releasedMs.toFixed(0)} ms after the kill`);
      const killed = await inspectPostgisDatabase(database.url, { amcheck: true });
      assert.deepEqual(killed.sessions, []);
      assert.equal(killed.numLocks, 0);
      assert.deepEqual(killed.invalidIndexes, []);
      assert.deepEqual(killed.amcheckProblems, []);
      assert.equal(killed.counts.analysis_runs, 1);
      assert.equal(killed.counts.access_results, 0, 'a run that did not finish left no results');
      assert.ok(killed.counts.compounds! > 1000 && killed.counts.outlets! > 1000, 'the seeded district is there');

      // Restart with the same arguments: no second seeding, the run is marked interrupted and resumed in the background.
      const second = startCli(args);
      try {
        await second.waitFor(/analysis run 1 was interrupted/, 120_000);
        const url = (await second.waitFor(/lifecircle is serving (\S+)/, 120_000))[1]!.replace('localhost', '127.0.0.1');
        const health = await fetch(`${url}/api/health`);
        assert.equal(health.status, 200, 'the API serves while the run resumes');
        await second.waitFor(/analysis run 1 resumed and done/, 180_000);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      assert.doesNotMatch(second.output(), /seeded the demo district|one-time credentials/);

      const resumed = await inspectPostgisDatabase(database.url);
      for (const table of ['streets', 'committees', 'circles', 'compounds', 'buildings', 'outlets', 'users', 'settings']) {
        assert.equal(resumed.counts[table], killed.counts[table], `${table} unchanged`);
      }
      assert.equal(resumed.counts.analysis_runs, 1, 'resumed under its id, not doubled');
      const exported = await runCli(['export', '--what', 'results', '--out', join(dataDir, 'results.csv'), '--db', database.url]);
      assert.equal(exported.code, 0, exported.output);
      assert.match(exported.output, new RegExp(`results\\.csv: ${resumed.counts.compounds} compounds`));
      assert.equal(resumed.counts.access_results! % resumed.counts.compounds!, 0, 'one row per compound and category');
      assert.ok(resumed.counts.access_results! >= resumed.counts.compounds! * 10);

      // start (first process), interrupt and resume (second): the run's history is in the audit log.
      const watcherAfter = await openPostgisStore(database.url, { migrate: false, maxConnections: 1 });
      try {
        const runs = await watcherAfter.listAnalysisRuns();
        assert.deepEqual(
          runs.map((run) => [run.id, run.status]),
          [[1, 'done']],
        );
        const history = await watcherAfter.listAudit({ entity: 'analysis_run', entityId: '1' });
        assert.deepEqual(history.map((entry) => entry.action).sort(), ['interrupt', 'resume', 'start']);
        assert.equal(resumed.counts.audit_log! - killed.counts.audit_log!, 2, 'interrupt and resume added, nothing else');
      } finally {
        await watcherAfter.close();
      }
    } finally {
      await probe.close();
      await database.drop();
    }
  });
});

/** Why the vanishing-client case cannot run here, or null: it needs root and veth links in a network namespace of its own. */
function whyNoPrivateNetwork(): string | null {
  if (userInfo().uid !== 0) return 'needs root to make network namespaces';
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'add', 'lc-probe0', 'type', 'veth', 'peer', 'name', 'lc-probe1'], {
    encoding: 'utf8',
  });
  return probe.status === 0
    ? null
    : `no veth link in a private network namespace: ${(probe.stderr || String(probe.error)).trim()}`;
}

describe('a client machine that vanishes in the middle of an import', () => {
  const reason = postgres.ok ? whyNoPrivateNetwork() : postgres.reason;
  it(
    'has the server end its session and roll its transaction back about 25 s after its last packet (TCP keepalives), not hours later',
    { skip: reason ?? false },
    (t) => {
      // vanishing-client.ts runs in a network namespace of its own: its own cluster, the CLI behind a veth link that
      // goes down before the kill, so no FIN reaches the server. Without the store's keepalive settings the session
      // stayed idle in its transaction, holding 15 locks, past any cap tried (40 s here; Linux's default is 2 h 11 min).
      const script = fileURLToPath(new URL('./testing/vanishing-client.js', import.meta.url));
      const capS = 90;
      const run = spawnSync('unshare', ['-n', process.execPath, script, String(capS)], { encoding: 'utf8', timeout: 300_000 });
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as VanishedClientReport;
      t.diagnostic(JSON.stringify(report));
      assert.ok(report.wasThereAfterExit, 'the session outlived its client: no FIN reached the server');
      assert.ok(report.endedAfterMs !== null, `the session was still there ${capS} s after the kill`);
      assert.equal(report.transactionStatus, 'aborted');
      assert.ok(report.isUnchanged, 'nothing of the import');
      assert.equal(report.numLocks, 0);
    },
  );
});
