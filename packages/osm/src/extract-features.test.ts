import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTaxonomy } from '@lifecircle/shared';
import { extractFeatures, DEFAULT_POPULATION_RULES } from './extract-features.js';
import { loadOsmDataset } from './osm-dataset.js';

const taxonomy = parseTaxonomy(
  [{ id: 'shop', name_zh: '店', name_en: 'Shop', tier: 'basic', default_walk_minutes: 10, osm: [] }],
  't',
);

/** A compound square with one residential building inside it carrying `tags`. */
function compoundWithBuilding(tags: Record<string, string>): string {
  const tagText = Object.entries(tags)
    .map(([k, v]) => `<tag k="${k}" v="${v}"/>`)
    .join('');
  return `<osm>
<node id="1" lat="31.2" lon="121.4"/><node id="2" lat="31.201" lon="121.4"/><node id="3" lat="31.201" lon="121.401"/><node id="4" lat="31.2" lon="121.401"/>
<node id="5" lat="31.2003" lon="121.4003"/><node id="6" lat="31.2006" lon="121.4003"/><node id="7" lat="31.2006" lon="121.4006"/>
<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="landuse" v="residential"/></way>
<way id="11"><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="5"/><tag k="building" v="residential"/>${tagText}</way>
</osm>
`;
}

// Found by the OSM import fuzzing (platform/import-osm.fuzz.test.ts): building:levels=1e308 gave a compound Infinity residents.
test('fuzz regression: building levels and counts past any real building (1e308, 1e300, 0x10) are ignored, not multiplied', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-features-'));
  try {
    const read = async (tags: Record<string, string>) => {
      const file = join(dir, 'f.osm');
      writeFileSync(file, compoundWithBuilding(tags));
      const [building] = extractFeatures(await loadOsmDataset(file, taxonomy), taxonomy).buildings;
      return building!;
    };
    const plain = await read({});
    assert.equal(plain.levels, DEFAULT_POPULATION_RULES.defaultLevels);
    for (const levels of ['1e308', '201', '0x10', 'Infinity']) {
      const building = await read({ 'building:levels': levels });
      assert.equal(building.levels, DEFAULT_POPULATION_RULES.defaultLevels, levels);
      assert.equal(building.population, plain.population, levels);
    }
    assert.equal((await read({ 'building:levels': '6' })).levels, 6);
    const counted = await read({ population: '1e300', 'lifecircle:households': '1e300', 'population:age_60_plus': '2,000,000' });
    assert.equal(counted.population, plain.population, 'a population past a million is ignored: the estimate stands');
    assert.equal(counted.isEstimated, true);
    assert.equal(counted.households, null);
    assert.equal(counted.ages, null);
    assert.equal((await read({ population: '1,200' })).population, 1200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
