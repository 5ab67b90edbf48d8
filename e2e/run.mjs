// Runs the browser tests: starts the real server on a fresh data directory and a free port, waits for its
// URL line, runs e2e/*.e2e.mjs against it with node:test, then stops it. Expects packages/web/dist (npm run
// build -w @lifecircle/web); skips everything, saying why, when /usr/bin/chromium is absent.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, DIST } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

if (!existsSync(CHROMIUM)) {
  console.log(`e2e: skipped, ${CHROMIUM} is absent (apt-get install chromium)`);
  process.exit(0);
}
if (!existsSync(join(DIST, 'index.html'))) {
  console.error('e2e: packages/web/dist is missing; build it first: npm run build -w @lifecircle/web');
  process.exit(1);
}

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-e2e-'));
const port = await freePort();
const server = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
  cwd: root,
  env: { ...process.env, LIFECIRCLE_DATA_DIR: dataDir, PORT: String(port) },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverLog = '';
server.stderr.on('data', (chunk) => (serverLog += chunk));

const stopServer = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
};

// The first start seeds the demo district and prints one-time credentials, then "serving http://…".
const { baseUrl, credentials } = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`the server did not start within 120 s:\n${serverLog}`)), 120_000);
  const credentials = {};
  let buffer = '';
  server.stdout.on('data', (chunk) => {
    buffer += chunk;
    serverLog += chunk;
    for (const match of buffer.matchAll(/^\s+(commission|street_office|merchant)\s+(\S+)\s+(\S+)/gm)) {
      credentials[match[1]] = { username: match[2], password: match[3] };
    }
    const url = /serving (http:\/\/\S+)/.exec(buffer);
    if (url) {
      clearTimeout(timer);
      resolve({ baseUrl: url[1].replace('localhost', '127.0.0.1'), credentials });
    }
  });
  server.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${serverLog}`)));
}).catch((error) => {
  stopServer();
  console.error(`e2e: ${error.message}`);
  process.exit(1);
});

const files = readdirSync(here)
  .filter((name) => name.endsWith('.e2e.mjs'))
  .sort()
  .map((name) => join(here, name));
console.log(`e2e: server at ${baseUrl}, data in ${dataDir}; running ${files.length} files`);
const tests = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
  cwd: root,
  env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_CREDENTIALS: JSON.stringify(credentials) },
  stdio: 'inherit',
});
const code = await new Promise((resolve) => tests.once('exit', (exitCode) => resolve(exitCode ?? 1)));
stopServer();
process.exit(code);
