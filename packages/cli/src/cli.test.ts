import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';
import type { CommandIo } from './command-io.js';

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-cli-'));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isInteractive: false, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const osm = join(dir, 'n.osm');

describe('lifecircle CLI', () => {
  it('generates a district and writes the access table with one row per origin', async () => {
    assert.equal((await run(['generate', '--preset', 'neighbourhood', '--seed', '3', '--out', osm])).code, 0);
    const origins = join(dir, 'origins.csv');
    writeFileSync(origins, 'id,lon,lat,population\na,121.41,31.245,100\nb,121.415,31.25,50\nfar,122.5,32.5,10\n');
    const out = join(dir, 'access.csv');
    const result = await run(['access', '--osm', osm, '--origins', origins, '--out', out, '--workers', '0', '--counts']);
    assert.equal(result.code, 0, result.stderr);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines.length, 4);
    const header = lines[0]!.split(',');
    assert.equal(header[0], 'id');
    assert.ok(header.includes('convenience_store') && header.includes('convenience_store_n15'));
    // The far origin is off the network: every minute field is empty.
    const far = lines[3]!.split(',');
    assert.equal(far[0], 'far');
    assert.ok(far.slice(1, header.indexOf('convenience_store_n5')).every((v) => v === ''));
    assert.match(result.stderr, /off network 1/);
  });

  it('gives the same table with worker threads as on one thread', async () => {
    const one = await run(['access', '--osm', osm, '--workers', '0', '--quiet']);
    const two = await run(['access', '--osm', osm, '--workers', '2', '--quiet', '--profile', 'adult']);
    assert.equal(one.code, 0);
    assert.equal(one.stdout, two.stdout);
    const elderly = await run(['access', '--osm', osm, '--workers', '2', '--quiet', '--profile', 'elderly']);
    // At 0.8 m/s every reachable minute is 1.5 times the adult's.
    const a = one.stdout.split('\n')[1]!.split(',');
    const e = elderly.stdout.split('\n')[1]!.split(',');
    for (let i = 1; i < a.length; i++) if (a[i] && e[i]) assert.ok(Math.abs(Number(e[i]) - 1.5 * Number(a[i])) < 0.01);
  });

  it('exits 1 naming the file, line and field of a bad origins row', async () => {
    const origins = join(dir, 'bad.csv');
    writeFileSync(origins, 'id,lon,lat\na,121.4,31.2\nb,east,31.2\n');
    const result = await run(['access', '--osm', osm, '--origins', origins, '--lang', 'en']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error CSV_PARSE: .*bad\.csv line 3, field lon/m);
  });

  it('exits 1 on a taxonomy with an unknown tier, naming the element', async () => {
    const taxonomy = join(dir, 'tax.json');
    writeFileSync(
      taxonomy,
      JSON.stringify([{ id: 'x', name_zh: '甲', name_en: 'X', tier: 'luxury', default_walk_minutes: 10, osm: [] }]),
    );
    const result = await run(['access', '--osm', osm, '--taxonomy', taxonomy]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error TAXONOMY_INVALID: .*\[0\]\.tier/m);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['access'])).code, 2);
    assert.equal((await run(['access', '--osm', osm, '--speed-mps', 'fast'])).code, 2);
    assert.equal((await run(['access', '--osm', osm, '--bogus'])).code, 2);
    assert.equal((await run(['generate', '--preset', 'galaxy', '--out', 'x.osm'])).code, 2);
  });

  it('exits 1 on a missing OSM file', async () => {
    const result = await run(['access', '--osm', join(dir, 'nope.osm')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error FILE_NOT_FOUND/m);
  });
});
