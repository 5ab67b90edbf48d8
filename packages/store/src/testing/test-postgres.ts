import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A real PostgreSQL server for tests, never a mock. Three ways to get one, in
 * this order:
 *
 * 1. `LIFECIRCLE_TEST_DATABASE_URL` names a server (and a database on it whose
 *    user may CREATE DATABASE); tests make their own databases there.
 * 2. Otherwise PostgreSQL's own binaries (`initdb`, `pg_ctl`; Debian puts them
 *    in /usr/lib/postgresql/<version>/bin) start a throwaway cluster in a
 *    temporary folder on a free loopback port. initdb refuses to run as root,
 *    so as root the cluster runs as the `postgres` system user that Debian's
 *    package creates.
 * 3. Neither: the caller skips and says why — unless
 *    `LIFECIRCLE_REQUIRE_POSTGRES=1` (CI sets it), which makes a missing server
 *    an error, so CI can never pass by skipping the PostgreSQL suite.
 *
 * scripts/run-tests.mjs starts one cluster for the whole run and passes its
 * address to every test file through (1).
 */
export interface TestPostgres {
  /** Connection string for the maintenance database (`postgres`). */
  readonly adminUrl: string;
  /** Stops the cluster this process started (nothing for an outside server). */
  stop(): void;
}

export type TestPostgresResult = { ok: true; server: TestPostgres } | { ok: false; reason: string };

const ENV_URL = 'LIFECIRCLE_TEST_DATABASE_URL';
const ENV_REQUIRE = 'LIFECIRCLE_REQUIRE_POSTGRES';

/** Finds PostgreSQL's server binaries: PATH first, then Debian's versioned folders (newest first). */
function findBinDir(): string | null {
  const fromPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (fromPath.status === 0 && fromPath.stdout.trim() !== '') {
    const initdb = fromPath.stdout.trim();
    return initdb.slice(0, initdb.lastIndexOf('/'));
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(debian, versions[0]!, 'bin') : null;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function systemUserIds(name: string): { uid: number; gid: number } | null {
  const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (id.status !== 0 || group.status !== 0) return null;
  return { uid: Number(id.stdout.trim()), gid: Number(group.stdout.trim()) };
}

/** Where a throwaway cluster listens besides 127.0.0.1, and which networks may connect without a password. */
export interface TestClusterOptions {
  /** More addresses to listen on (default none). */
  listenAddresses?: readonly string[];
  /** CIDRs trusted besides loopback, e.g. a test network namespace's link (default none). */
  trustedNetworks?: readonly string[];
}

/** Starts a throwaway cluster of its own, whatever the environment names; returns why not when it cannot. */
export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestPostgresResult> {
  const binDir = findBinDir();
  if (binDir === null) {
    return { ok: false, reason: 'PostgreSQL server binaries (initdb) not found; install postgresql and postgresql-postgis' };
  }
  const isRoot = userInfo().uid === 0;
  const runAs = isRoot ? systemUserIds('postgres') : null;
  if (isRoot && runAs === null) {
    return { ok: false, reason: 'running as root and there is no postgres system user to run the test cluster' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-pg-'));
  const dataDir = join(dir, 'data');
  if (runAs !== null) {
    chownSync(dir, runAs.uid, runAs.gid);
    chmodSync(dir, 0o700);
  }
  // As root, the binaries run as `postgres` through runuser (util-linux).
  const run = (bin: string, args: readonly string[]): void => {
    const command = runAs !== null ? 'runuser' : join(binDir, bin);
    const argv = runAs !== null ? ['-u', 'postgres', '--', join(binDir, bin), ...args] : [...args];
    execFileSync(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const port = await freePort();
  try {
    run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    for (const network of options.trustedNetworks ?? []) {
      appendFileSync(join(dataDir, 'pg_hba.conf'), `host all all ${network} trust\n`);
    }
    const listen = ['127.0.0.1', ...(options.listenAddresses ?? [])].join(',');
    // fsync off: a test cluster trades durability for speed; the fault tests
    // that need durability run against their own settings.
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=${listen} -c fsync=off -c full_page_writes=off -c max_connections=200`;
    run('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    return { ok: false, reason: `could not start a test PostgreSQL cluster: ${stderr.trim()}` };
  }
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { ok: true, server: { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, stop } };
}

/**
 * A PostgreSQL server for this process's tests: the one named by the
 * environment, else a cluster started here. Throws when none can be had and
 * the environment requires one.
 */
export async function testPostgres(env: NodeJS.ProcessEnv = process.env): Promise<TestPostgresResult> {
  const url = env[ENV_URL];
  if (url !== undefined && url !== '') return { ok: true, server: { adminUrl: url, stop: () => {} } };
  const started = await startTestCluster();
  if (!started.ok && env[ENV_REQUIRE] === '1') {
    throw new Error(`${ENV_REQUIRE}=1 but no PostgreSQL server for the tests: ${started.reason}`);
  }
  return started;
}

export const TEST_DATABASE_URL_ENV = ENV_URL;
