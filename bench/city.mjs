// City scale (issue 6 item 3): the generator's `shanghai` preset (about
// 2 million walk-network nodes, 25 million residents, about a million outlets),
//  1. written as OSM XML by `lifecircle generate`, converted to PBF by
//     osmium-tool (Debian package osmium-tool) when it is installed;
//  2. read through with a counting handler: peak memory against the file size,
//     which shows the reader streams (the file is never held in memory); peer:
//     `osmium fileinfo -e`, libosmium's C++ reader, on the same file;
//  3. `lifecircle import --kind osm` of the PBF into SQLite;
//  4. the full `lifecircle access` job (every residential building through its
//     gates × 29 formats) on the PBF and on the XML: wall time, CPU time and
//     peak resident memory (from /usr/bin/time, Debian package `time`).
// Targets: ≤ 60 s and ≤ 8 GB. Usage: npm run bench:city [-- --dir DIR] (the
// generated files are kept in DIR, default bench/out/city, and reused).
import { availableParallelism, cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'packages/cli/bin/lifecircle.js');
const { values } = parseArgs({ options: { dir: { type: 'string' }, seed: { type: 'string' } } });
const dir = values.dir ?? join(root, 'bench/out/city');
mkdirSync(dir, { recursive: true });
const xml = join(dir, 'shanghai.osm');
const pbf = join(dir, 'shanghai.osm.pbf');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores, ${mib(totalmem())}; node ${process.version}; load ${spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim()}`,
);
if (!has('/usr/bin/time')) {
  console.error('needs /usr/bin/time (apt-get install time) to read peak memory');
  process.exit(2);
}

/** Runs a command under /usr/bin/time: wall and CPU seconds, peak RSS in bytes. */
function timed(label, command, args) {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = /TIME (\S+) (\S+) (\S+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !line) {
    console.error(result.stderr);
    throw new Error(`${label} failed (exit ${result.status})`);
  }
  const [, wall, user, sys, maxKb] = line;
  const figures = {
    wallS: Number(wall),
    cpuS: Number(user) + Number(sys),
    peakBytes: Number(maxKb) * 1024,
    output: `${result.stdout}\n${result.stderr}`,
  };
  console.log(`${label}: ${figures.wallS.toFixed(1)} s wall, ${figures.cpuS.toFixed(1)} s CPU, peak ${mib(figures.peakBytes)}`);
  return figures;
}

if (!existsSync(xml)) {
  const generated = timed('generate --preset shanghai', process.execPath, [
    cli,
    'generate',
    '--preset',
    'shanghai',
    '--seed',
    values.seed ?? '1',
    '--out',
    xml,
  ]);
  console.log(`  ${/wrote [^\n]*/.exec(generated.output)?.[0] ?? ''}`);
}
console.log(`XML ${mib(statSync(xml).size)}`);
let files = [xml];
if (has('osmium')) {
  if (!existsSync(pbf)) timed('osmium cat → PBF', 'osmium', ['cat', xml, '-o', pbf, '--overwrite']);
  console.log(`PBF ${mib(statSync(pbf).size)}`);
  files = [pbf, xml];
} else {
  console.log('osmium-tool not installed: PBF steps skipped (apt-get install osmium-tool)');
}

// 2. Streaming read: count elements; the peer reads the same file in C++.
const counter = join(root, 'bench/count-osm-elements.mjs');
for (const file of files) {
  const ours = timed(`read ${file.endsWith('.pbf') ? 'PBF' : 'XML'} (count elements)`, process.execPath, [counter, file]);
  console.log(
    `  ${ours.output.split('\n').find((l) => l.startsWith('elements')) ?? ''}; file ${mib(statSync(file).size)}, peak ${mib(ours.peakBytes)}`,
  );
  if (has('osmium')) {
    const peer = timed('  osmium fileinfo -e (peer)', 'osmium', ['fileinfo', '-e', file]);
    console.log(`  ratio ours / osmium: ${(ours.wallS / peer.wallS).toFixed(1)}× wall`);
  }
}

// 3. Import into the platform's database (SQLite here): network, compounds,
// buildings and outlets, all or nothing, streaming the file.
{
  const source = files[0];
  const db = join(dir, 'import.sqlite');
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  const run = timed(`lifecircle import --kind osm (${source.endsWith('.pbf') ? 'PBF' : 'XML'})`, process.execPath, [
    cli,
    'import',
    '--kind',
    'osm',
    '--file',
    source,
    '--db',
    db,
  ]);
  const report = JSON.parse(/\{[\s\S]*\}/.exec(run.output)?.[0] ?? '{}');
  console.log(
    `  ${report.numNetworkNodes} network nodes, ${report.numCompoundsInserted} compounds, ${report.numBuildingsInserted} buildings, ${report.numOutletsInserted} outlets; database ${mib(statSync(db).size)}`,
  );
}

// 4. The full access job.
for (const file of files) {
  const kind = file.endsWith('.pbf') ? 'PBF' : 'XML';
  const run = timed(`lifecircle access (${kind})`, process.execPath, [
    cli,
    'access',
    '--osm',
    file,
    '--out',
    join(dir, `access-${kind}.csv`),
    '--summary',
    join(dir, `summary-${kind}.json`),
  ]);
  for (const line of run.output.split('\n')) if (/^(walk network|computed)/.test(line)) console.log(`  ${line}`);
  console.log(
    `  targets: ≤ 60 s ${run.wallS <= 60 ? 'met' : 'MISSED'}, ≤ 8 GB ${run.peakBytes <= 8 * 2 ** 30 ? 'met' : 'MISSED'}`,
  );
}
