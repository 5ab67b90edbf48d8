// A client machine that vanishes in the middle of an import: run as root in a network namespace of its own
// (`unshare -n node vanishing-client.js`), so that nothing here touches the host's network. It starts a
// throwaway PostgreSQL cluster in that namespace and runs `lifecircle import` in a second namespace joined to it by
// a veth pair (the cable); once the import's transaction has written, the client's end of the cable goes down and
// the client is killed. Its kernel cannot send a FIN any more, so the server learns of the death only from its own
// TCP keepalive probes, as after a power cut or a network partition. Prints one JSON line: what the server did.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectPostgisDatabase, openPostgisProbe, startTestCluster, TestDatabases } from '@lifecircle/store/testing';
import { CLI_BIN } from './cli-process.js';
import { outletsCsv } from './outlets-csv.js';

/** What the server did about a client that vanished inside its transaction. */
export interface VanishedClientReport {
  /** How far into its transaction the client was when its cable went down, ms. */
  msIntoTransaction: number;
  /** The session was still on the server once the killed client had exited (no FIN reached it). */
  wasThereAfterExit: boolean;
  /** Milliseconds from the kill until the server ended the session; null when it had not after `capS`. */
  endedAfterMs: number | null;
  capS: number;
  /** `pg_xact_status` of the client's transaction afterwards. */
  transactionStatus: string | null;
  /** Every table's count equal to before the import. */
  isUnchanged: boolean;
  numLocks: number;
}

const SERVER_ADDRESS = '10.231.0.1';
const CLIENT_ADDRESS = '10.231.0.2';

const sh = (command: string, args: string[]): void => {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

async function main(capS: number): Promise<VanishedClientReport> {
  const namespace = `lifecircle-client-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-vanish-'));
  sh('ip', ['link', 'set', 'lo', 'up']);
  sh('ip', ['link', 'add', 'lc-server', 'type', 'veth', 'peer', 'name', 'lc-client']);
  sh('ip', ['netns', 'add', namespace]);
  const inClient = (command: string, args: string[]) => sh('ip', ['netns', 'exec', namespace, command, ...args]);
  let stopCluster = () => {};
  try {
    sh('ip', ['link', 'set', 'lc-client', 'netns', namespace]);
    sh('ip', ['addr', 'add', `${SERVER_ADDRESS}/30`, 'dev', 'lc-server']);
    sh('ip', ['link', 'set', 'lc-server', 'up']);
    inClient('ip', ['addr', 'add', `${CLIENT_ADDRESS}/30`, 'dev', 'lc-client']);
    inClient('ip', ['link', 'set', 'lc-client', 'up']);
    inClient('ip', ['link', 'set', 'lo', 'up']);
    const cluster = await startTestCluster({ listenAddresses: [SERVER_ADDRESS], trustedNetworks: [`${SERVER_ADDRESS}/30`] });
    if (!cluster.ok) throw new Error(cluster.reason);
    stopCluster = () => cluster.server.stop();
    const databases = new TestDatabases(cluster.server.adminUrl);
    const database = await databases.empty();
    const remoteUrl = new URL(database.url);
    remoteUrl.hostname = SERVER_ADDRESS;
    const small = join(dir, 'small.csv');
    const big = join(dir, 'big.csv');
    writeFileSync(small, outletsCsv(50, 7, '先导店'));
    writeFileSync(big, outletsCsv(20_000, 11, '大批店'));
    const cli = (args: string[]) =>
      spawn('ip', ['netns', 'exec', namespace, process.execPath, CLI_BIN, ...args, '--db', remoteUrl.toString()], {
        stdio: 'ignore',
        env: { ...process.env, LOG_LEVEL: 'warn' },
      });
    const first = cli(['import', '--kind', 'outlets', '--file', small]);
    const firstCode = await new Promise((resolve) => first.once('close', resolve));
    if (firstCode !== 0) throw new Error(`the first import over the veth link exited ${String(firstCode)}`);
    const before = await inspectPostgisDatabase(database.url);

    const probe = await openPostgisProbe(database.url);
    try {
      const importing = cli(['import', '--kind', 'outlets', '--file', big]);
      const exited = new Promise((resolve) => importing.once('close', resolve));
      // Its ids drawn (the transaction has written: it has an id), the client computing before the COPY.
      let session = null;
      while (session === null && importing.exitCode === null) {
        session =
          (await probe.sessions()).find(
            (s) => s.clientPort !== null && s.state === 'idle in transaction' && s.backendXid !== null,
          ) ?? null;
        if (session === null) await new Promise((resolve) => setTimeout(resolve, 2));
      }
      if (session === null) throw new Error('the import ended before its transaction had written');
      inClient('ip', ['link', 'set', 'lc-client', 'down']);
      const msIntoTransaction = Date.now() - Date.parse(session.transactionStartedAt!);
      importing.kill('SIGKILL');
      const killedAt = performance.now();
      await exited;
      const { pid } = session;
      const isThere = async () => (await probe.sessions()).some((s) => s.pid === pid);
      const wasThereAfterExit = await isThere();
      let endedAfterMs: number | null = null;
      while (endedAfterMs === null && performance.now() - killedAt < capS * 1000) {
        if (!(await isThere())) endedAfterMs = performance.now() - killedAt;
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const after = await inspectPostgisDatabase(database.url);
      return {
        msIntoTransaction,
        wasThereAfterExit,
        endedAfterMs,
        capS,
        transactionStatus: await probe.transactionStatus(session.backendXid!),
        isUnchanged: JSON.stringify(after.counts) === JSON.stringify(before.counts),
        numLocks: after.numLocks,
      };
    } finally {
      await probe.close();
      await database.drop();
      await databases.dispose();
    }
  } finally {
    stopCluster();
    sh('ip', ['netns', 'del', namespace]);
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(`${JSON.stringify(await main(Number(process.argv[2] ?? 60)))}\n`);
