// Starts the real lifecircle server (scripts/start.mjs: serve --demo) for the browser tests and waits for its URL.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server on `dataDir` (seeding the demo district on the first start) with extra `args`; resolves
 * once it prints "serving http://…", with its address, the one-time credentials it printed (first start only)
 * and `stop()`. Rejects with the server's output when it exits or stays silent for `timeoutMs`.
 */
export async function startServer({ dataDir, args = [], env = {}, timeoutMs = 120_000 }) {
  const port = await freePort();
  const server = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, ...env, LIFECIRCLE_DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stderr.on('data', (chunk) => (log += chunk));
  const stop = () =>
    new Promise((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server did not start within ${timeoutMs / 1000} s:\n${log}`)),
        timeoutMs,
      );
      const credentials = {};
      let buffer = '';
      server.stdout.on('data', (chunk) => {
        buffer += chunk;
        log += chunk;
        for (const match of buffer.matchAll(/^\s+(commission|street_office|merchant)\s+(\S+)\s+(\S+)/gm)) {
          credentials[match[1]] = { username: match[2], password: match[3] };
        }
        const url = /serving (http:\/\/\S+)/.exec(buffer);
        if (url) {
          clearTimeout(timer);
          resolve({ baseUrl: url[1].replace('localhost', '127.0.0.1'), credentials, stop, log: () => log });
        }
      });
      server.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before it was ready:\n${log}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
}
