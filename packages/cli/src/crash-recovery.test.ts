// Faults, issue 6 item 5: kill -9 of real CLI and server processes in the middle of an import and of an
// analysis run, then a restart on the same database file. Nothing here is simulated: the processes are the
// `lifecircle` executable, the kill is SIGKILL, and the database is read afterwards by a fresh connection.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@lifecircle/store';
import { inspectSqliteFile } from '@lifecircle/store/testing';
import { runCli, startCli } from './testing/cli-process.js';
import { outletsCsv } from './testing/outlets-csv.js';

const walSize = (db: string) => (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);

/** Polls `probe` every few milliseconds until it is true; false when `timeoutMs` passes first. */
async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return false;
}

describe('kill -9 in the middle of an import', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'lifecircle-crash-import-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves a sound database with everything committed before and nothing of the interrupted file', async () => {
    const db = join(dir, 'lifecircle.db');
    const small = join(dir, 'small.csv');
    const big = join(dir, 'big.csv');
    writeFileSync(small, outletsCsv(50, 7, '先导店'));
    writeFileSync(big, outletsCsv(100_000, 11, '大批店'));

    const first = await runCli(['import', '--kind', 'outlets', '--file', small, '--db', db]);
    assert.equal(first.code, 0, first.output);
    const committed = inspectSqliteFile(db);
    assert.equal(committed.counts.outlets, 50);
    assert.equal(committed.counts.audit_log, 1);

    // The import parses the whole file, then writes it in one transaction. Once the write-ahead log has grown by
    // 8 MB the transaction is under way (its pages spill from the cache into the log long before it commits,
    // and the whole file is about ten times that): kill it there.
    const baseline = walSize(db);
    const importing = startCli(['import', '--kind', 'outlets', '--file', big, '--db', db]);
    const grew = await until(() => walSize(db) > baseline + 8 * 2 ** 20 || importing.child.exitCode !== null, 60_000);
    importing.child.kill('SIGKILL');
    const { signal } = await importing.exited;
    assert.ok(grew, `the write-ahead log never grew:\n${importing.output()}`);
    assert.equal(signal, 'SIGKILL', `the import ended before the kill:\n${importing.output()}`);

    const afterKill = inspectSqliteFile(db);
    assert.equal(afterKill.integrity, 'ok');
    assert.equal(afterKill.numForeignKeyViolations, 0);
    assert.deepEqual(afterKill.counts, committed.counts, 'no row of the interrupted import, no audit entry, nothing lost');

    // The restarted import of the same file completes on the same database.
    const again = await runCli(['import', '--kind', 'outlets', '--file', big, '--db', db]);
    assert.equal(again.code, 0, again.output);
    const report = JSON.parse(again.output.slice(again.output.indexOf('{'))) as { numInserted: number; numUpdated: number };
    const finished = inspectSqliteFile(db);
    assert.equal(finished.integrity, 'ok');
    assert.equal(finished.counts.outlets, 50 + report.numInserted);
    assert.ok(report.numInserted > 90_000);
    assert.equal(finished.counts.audit_log, 2);
  });
});

describe('kill -9 in the middle of an analysis run', () => {
  let dataDir: string;
  before(() => (dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-crash-analysis-'))));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('marks the run interrupted at the next start, resumes it to completion, and loses nothing seeded', async () => {
    const db = join(dataDir, 'lifecircle.db');
    // The first start seeds the demo district (one transaction), prints the one-time credentials and then runs
    // the first analysis (about 1.5 s on this machine): the kill lands in it.
    const first = startCli(['serve', '--demo', '--data-dir', dataDir, '--port', '0']);
    await first.waitFor(/seeded the demo district/);
    // Watch the database as another reader would, and kill as soon as the run is recorded as running.
    const watcher = await openSqliteStore(db, { readonly: true });
    let isRunning = false;
    const deadline = Date.now() + 30_000;
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

    const killed = inspectSqliteFile(db);
    assert.equal(killed.integrity, 'ok');
    assert.equal(killed.numForeignKeyViolations, 0);
    assert.equal(killed.counts.analysis_runs, 1);
    assert.equal(killed.counts.access_results, 0, 'a run that did not finish left no results');
    assert.ok(killed.counts.compounds! > 1000 && killed.counts.outlets! > 1000, 'the seeded district is there');

    // Restart on the same folder: no second seeding, the run is marked interrupted and resumed in the background.
    const second = startCli(['serve', '--demo', '--data-dir', dataDir, '--port', '0']);
    try {
      await second.waitFor(/analysis run 1 was interrupted/);
      const url = (await second.waitFor(/lifecircle is serving (\S+)/))[1]!.replace('localhost', '127.0.0.1');
      const health = await fetch(`${url}/api/health`);
      assert.equal(health.status, 200, 'the API serves while the run resumes');
      await second.waitFor(/analysis run 1 resumed and done/);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    assert.doesNotMatch(second.output(), /seeded the demo district|one-time credentials/);

    const resumed = inspectSqliteFile(db);
    assert.equal(resumed.integrity, 'ok');
    assert.equal(resumed.numForeignKeyViolations, 0);
    for (const table of ['streets', 'committees', 'circles', 'compounds', 'buildings', 'outlets', 'users']) {
      assert.equal(resumed.counts[table], killed.counts[table], `${table} unchanged`);
    }
    assert.equal(resumed.counts.analysis_runs, 1, 'resumed under its id, not doubled');
    const exported = await runCli(['export', '--what', 'results', '--out', join(dataDir, 'results.csv'), '--data-dir', dataDir]);
    assert.equal(exported.code, 0, exported.output);
    assert.match(exported.output, new RegExp(`results\\.csv: ${resumed.counts.compounds} compounds`));
    assert.equal(resumed.counts.access_results! % resumed.counts.compounds!, 0, 'one row per compound and category');
    assert.ok(resumed.counts.access_results! >= resumed.counts.compounds! * 10);
    // start (first process), interrupt and resume (second): the run's history is in the audit log.
    assert.equal(resumed.counts.audit_log! - killed.counts.audit_log!, 2);
  });
});
