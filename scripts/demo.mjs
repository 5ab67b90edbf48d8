// The main job until the platform server exists: generate the built-in demo
// district (Putuo-sized, seed 1) once, then analyse walking access for every
// residential building and print coverage per category.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../packages/cli/dist/main.js';

const dataDir = process.env.LIFECIRCLE_DATA_DIR ?? join(process.cwd(), 'data');
mkdirSync(dataDir, { recursive: true });
const osm = join(dataDir, 'demo-district.osm');
const preset = process.env.LIFECIRCLE_DEMO_PRESET ?? 'district';
if (!existsSync(osm)) {
  process.stderr.write(`generating the demo district (${preset}, seed 1) into ${osm}\n`);
  const code = await main(['generate', '--preset', preset, '--seed', '1', '--out', osm]);
  if (code !== 0) process.exit(code);
}
const out = join(dataDir, 'demo-access.csv');
const code = await main(['access', '--osm', osm, '--out', out, '--counts', ...process.argv.slice(2)]);
if (code === 0) process.stderr.write(`access table: ${out}\n`);
process.exit(code);
