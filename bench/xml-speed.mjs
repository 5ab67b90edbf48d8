// Compares the OSM XML reader with the saxes-based reference on one file: node bench/xml-speed.mjs FILE
import { createReadStream, statSync } from 'node:fs';
import { readOsmXml } from '@lifecircle/osm';
import { readOsmXmlWithSaxes } from '../packages/osm/dist/testing/read-osm-xml-saxes.js';

const file = process.argv[2];
const handler = { node() {}, way() {}, relation() {} };
for (const [label, read] of [
  ['lifecircle', readOsmXml],
  ['saxes', readOsmXmlWithSaxes],
  ['lifecircle', readOsmXml],
  ['saxes', readOsmXmlWithSaxes],
]) {
  const t = performance.now();
  await read(createReadStream(file, { highWaterMark: 1 << 20 }), file, handler);
  const s = (performance.now() - t) / 1000;
  console.log(`${label}: ${(statSync(file).size / 2 ** 20 / s).toFixed(1)} MB/s`);
}
