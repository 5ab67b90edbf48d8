// Runs every compiled test file with Node's own test runner. Node 20 does not
// expand `**` globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js')) files.push(relative(root, path));
  }
}
// dist: each package's compiled output; dist-node: the web app's DOM-free core compiled for Node.
for (const pkg of readdirSync(join(root, 'packages'))) {
  for (const out of ['dist', 'dist-node']) {
    try {
      walk(join(root, 'packages', pkg, out));
    } catch {
      // A package without compiled output has no tests to run.
    }
  }
}
files.sort();
const filter = process.argv[2];
const selected = filter ? files.filter((f) => f.includes(filter)) : files;

// One PostgreSQL cluster for the whole run (the tests of the PostGIS store, the
// job queue and the other PostgreSQL checks each make their own databases on
// it), instead of one initdb per test file. Without PostgreSQL those tests skip
// and say why, unless LIFECIRCLE_REQUIRE_POSTGRES=1.
const { testPostgres, TEST_DATABASE_URL_ENV } = await import('../packages/store/dist/testing/index.js');
const postgres = await testPostgres();
const env = { ...process.env };
if (postgres.ok) env[TEST_DATABASE_URL_ENV] = postgres.server.adminUrl;
else console.log(`# PostgreSQL tests will skip: ${postgres.reason}`);
let status = 1;
try {
  const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], {
    stdio: 'inherit',
    cwd: root,
    env,
  });
  status = result.status ?? 1;
} finally {
  if (postgres.ok) postgres.server.stop();
}
process.exit(status);
