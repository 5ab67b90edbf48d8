// The real server for the benchmarks: `npm start`'s entry point (scripts/start.mjs) as its own process on a
// data folder, on a free loopback port. Its log goes to `logFile` (or nowhere), as a deployment's would.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * Starts the server on `dataDir` (seeding the demo district when the folder is new); resolves once it prints
 * its URL, with the milliseconds that took; `nodeArgs` go to node (e.g. --cpu-prof). The public-read rate limit is per client, and a load generator is
 * one client, so it is lifted for benchmarks.
 */
export async function startServer(dataDir, { logLevel = 'warn', logFile = null, env = {}, nodeArgs = [] } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'scripts/start.mjs'), '--port', '0'], {
    env: {
      ...process.env,
      LIFECIRCLE_DATA_DIR: dataDir,
      LOG_LEVEL: logLevel,
      LIFECIRCLE_PUBLIC_READS_PER_MINUTE: '1000000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = logFile === null ? null : createWriteStream(logFile);
  let output = '';
  const { url, ms } = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log?.write(chunk);
      if (output === null) return;
      output += chunk;
      const match = /lifecircle is serving (\S+) \(/.exec(output);
      if (match) {
        output = null;
        resolve({ url: match[1].replace('localhost', '127.0.0.1'), ms: performance.now() - started });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited ${code}:\n${output}`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
    log?.end();
  };
  return { child, url, ms, stop };
}
