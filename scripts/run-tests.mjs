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
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
