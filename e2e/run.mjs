// Runs the browser tests: starts the real server on a fresh data directory and a free port, waits for its
// URL line, runs e2e/*.e2e.mjs against it with node:test, then stops it. Expects packages/web/dist (npm run
// build -w @lifecircle/web); an argument keeps only the files whose name contains it; skips everything, saying why, when /usr/bin/chromium is absent.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, DIST } from './helpers.mjs';
import { startServer } from './server.mjs';

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

const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-e2e-'));
// The first start seeds the demo district and prints one-time credentials, then "serving http://…".
const server = await startServer({ dataDir }).catch((error) => {
  rmSync(dataDir, { recursive: true, force: true });
  console.error(`e2e: ${error.message}`);
  process.exit(1);
});

// `node e2e/run.mjs planner` runs only the files whose name contains "planner".
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((name) => name.endsWith('.e2e.mjs') && name.includes(filter))
  .sort()
  .map((name) => join(here, name));
console.log(`e2e: server at ${server.baseUrl}, data in ${dataDir}; running ${files.length} files`);
const tests = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
  cwd: root,
  env: {
    ...process.env,
    E2E_BASE_URL: server.baseUrl,
    E2E_CREDENTIALS: JSON.stringify(server.credentials),
    // Tests that need a second server (another configuration) start it on the same database.
    E2E_DATA_DIR: dataDir,
  },
  stdio: 'inherit',
});
const code = await new Promise((resolve) => tests.once('exit', (exitCode) => resolve(exitCode ?? 1)));
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
