import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy, loadDistrict } from '@lifecircle/analysis';
import { generateDistrict, OUTLET_CATALOGUE, PRESETS } from '@lifecircle/generator';

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-gen-'));

describe('generateDistrict', () => {
  it('writes the same file for the same seed and a different one for another seed', () => {
    const params = { ...PRESETS.neighbourhood, seed: 42 };
    generateDistrict(params, join(dir, 'a.osm'));
    generateDistrict(params, join(dir, 'b.osm'));
    generateDistrict({ ...params, seed: 43 }, join(dir, 'c.osm'));
    assert.ok(readFileSync(join(dir, 'a.osm')).equals(readFileSync(join(dir, 'b.osm'))));
    assert.ok(!readFileSync(join(dir, 'a.osm')).equals(readFileSync(join(dir, 'c.osm'))));
  });

  it('makes a district whose outlets, compounds, gates and residents read back through the taxonomy', async () => {
    const file = join(dir, 'n.osm');
    const stats = generateDistrict({ ...PRESETS.neighbourhood, seed: 7 }, file);
    const taxonomy = defaultTaxonomy();
    const { features, network } = await loadDistrict(file, taxonomy);
    // Every generated outlet is classified, and as the category it was made for.
    assert.equal(features.outlets.length, stats.numOutlets);
    const made = new Set(OUTLET_CATALOGUE.map((k) => k.categoryId));
    for (const category of taxonomy.categories.filter((c) => c.walkEvaluated)) {
      assert.ok(made.has(category.id), `the generator makes ${category.id}`);
      assert.ok(
        features.outlets.some((o) => o.categoryIds.includes(category.id)),
        `an outlet of ${category.id} reads back`,
      );
    }
    // Residents add up to the preset, and all of them come with age bands.
    const residents = features.buildings.reduce((s, b) => s + b.population, 0);
    assert.equal(residents, stats.numResidents);
    assert.ok(Math.abs(residents - PRESETS.neighbourhood.targetResidents) / PRESETS.neighbourhood.targetResidents < 0.02);
    // Elderly shares differ between compounds: some old ones above 40 %, some young ones below 20 %.
    const byCompound = new Map<number, { old: number; all: number }>();
    for (const b of features.buildings) {
      const entry = byCompound.get(b.compound) ?? { old: 0, all: 0 };
      entry.old += b.ages!.age60plus;
      entry.all += b.population;
      byCompound.set(b.compound, entry);
    }
    const shares = [...byCompound.values()].map((e) => e.old / e.all);
    assert.ok(
      shares.some((s) => s > 0.4),
      'an elderly-heavy compound',
    );
    assert.ok(
      shares.some((s) => s < 0.2),
      'a young compound',
    );
    // Gated compounds have one to four gates, each joined to the walk network.
    const gated = features.compounds.filter((c) => c.gateLng.length > 0);
    assert.ok(gated.length > features.compounds.length / 2);
    assert.ok(features.compounds.every((c) => c.gateLng.length <= 4));
    const networkNodes = new Set(network.osmNodeId);
    for (const c of gated) for (const id of c.gateOsmIds) assert.ok(networkNodes.has(id), `gate ${id} is on the network`);
  });
});
