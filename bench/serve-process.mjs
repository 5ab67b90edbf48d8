// The real server for the benchmarks: `npm start`'s entry point (scripts/start.mjs) as its own process on a
// data folder, on a free loopback port. Its output goes straight to `logFile` (a file descriptor, not a pipe:
// a pipe the benchmark drained late would block the server's synchronous log writes), as a deployment's would.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * Starts the server on `dataDir` (seeding the demo district when the folder is new); resolves once it prints
 * its URL, with the milliseconds that took; `nodeArgs` go to node (e.g. --cpu-prof). The public-read rate
 * limit is per client, and a load generator is one client, so it is lifted for benchmarks.
 */
export async function startServer(dataDir, { logLevel = 'warn', logFile = null, env = {}, nodeArgs = [] } = {}) {
  const started = performance.now();
  const scratch = logFile === null ? mkdtempSync(join(tmpdir(), 'lifecircle-log-')) : null;
  const path = logFile ?? join(scratch, 'server.log');
  const fd = openSync(path, 'w');
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'scripts/start.mjs'), '--port', '0'], {
    env: {
      ...process.env,
      LIFECIRCLE_DATA_DIR: dataDir,
      LOG_LEVEL: logLevel,
      LIFECIRCLE_PUBLIC_READS_PER_MINUTE: '1000000000',
      ...env,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let hasExited = false;
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => (hasExited = true));
  let url = null;
  while (url === null) {
    const output = readFileSync(path, 'utf8');
    const match = /lifecircle is serving (\S+) \(/.exec(output);
    if (match) url = match[1].replace('localhost', '127.0.0.1');
    else if (hasExited) throw new Error(`the server exited ${await exited}:\n${output}`);
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ms = performance.now() - started;
  const stop = async () => {
    if (!hasExited) child.kill('SIGTERM');
    await exited;
    if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
  };
  return { child, url, ms, stop };
}
