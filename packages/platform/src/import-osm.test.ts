import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { walkGraphFromBuffer } from '@lifecircle/engine';
import { isLifecircleError } from '@lifecircle/shared';
import { openSqliteStore } from '@lifecircle/store';
import { importOsmFile, osmUploadImporter } from './import-osm.js';
import { bboxPolygon } from './partition-by-population.js';

const osmDir = join(fileURLToPath(new URL('../../../', import.meta.url)), '..', 'shared', 'data', 'osm');
const NO_DATA = existsSync(osmDir)
  ? false
  : 'needs ../shared/data/osm beside the repository (real OpenStreetMap extracts), absent on a fresh clone';
const context = { userId: null, requestId: null };

describe('importOsmFile on real OpenStreetMap extracts', () => {
  for (const name of ['monaco-2021-12-03.osm.pbf', 'shanghai-baoshan-shu-campus-2021.osm']) {
    it(
      `imports ${name} once, updates instead of doubling on a second import, and assigns streets by boundary`,
      { skip: NO_DATA },
      async () => {
        const store = await openSqliteStore(':memory:');
        const file = join(osmDir, name);
        const first = await importOsmFile(store, file, defaultTaxonomy(), context);
        assert.ok(first.numOutletsInserted > 0, 'the extract has outlets');
        assert.equal(await store.countOutlets(), first.numOutletsInserted);
        const stored = await store.getLatestNetwork();
        const graph = walkGraphFromBuffer(new Uint8Array(stored!.graph).buffer);
        assert.equal(graph.numNodes, first.numNetworkNodes);
        assert.equal(graph.numEdges, first.numNetworkEdges);

        // A street covering the western half of the outlets' extent.
        const outlets = await store.listOutlets();
        const lngs = outlets.map((o) => o.location[0]).sort((a, b) => a - b);
        const lats = outlets.map((o) => o.location[1]);
        // Cut halfway between two outlets, so none lies on the border.
        let k = lngs.length >> 1;
        while (k > 1 && lngs[k - 1] === lngs[k]) k--;
        const midLng = (lngs[k - 1]! + lngs[k]!) / 2;
        const district = await store.insertDistrict({ code: null, name: 'test', boundary: null });
        const west = await store.insertStreet({
          districtId: district.id,
          code: null,
          name: '西街道',
          kind: 'subdistrict',
          boundary: bboxPolygon([lngs[0]! - 1, Math.min(...lats) - 1, midLng, Math.max(...lats) + 1]),
        });
        const second = await importOsmFile(store, file, defaultTaxonomy(), context);
        assert.equal(second.numOutletsInserted, 0);
        assert.equal(second.numOutletsUpdated, first.numOutletsInserted);
        assert.equal(second.numCompoundsInserted, 0);
        const after = await store.listOutlets();
        assert.equal(after.length, outlets.length);
        for (const outlet of after)
          assert.equal(outlet.streetId, outlet.location[0] <= midLng ? west.id : null, `outlet ${outlet.externalId}`);
        await store.close();
      },
    );
  }

  it('writes nothing for a truncated file', { skip: NO_DATA }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-'));
    const broken = join(dir, 'broken.osm');
    const text = readFileSync(join(osmDir, 'shanghai-baoshan-shu-campus-2021.osm'), 'utf8');
    writeFileSync(broken, text.slice(0, Math.floor(text.length / 2)));
    const store = await openSqliteStore(':memory:');
    await assert.rejects(importOsmFile(store, broken, defaultTaxonomy(), context), (error) =>
      isLifecircleError(error, 'OSM_PARSE'),
    );
    assert.equal(await store.countOutlets(), 0);
    assert.equal(await store.getLatestNetwork(), null);
    assert.deepEqual(await store.listAudit(), []);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

// Found by the OSM import fuzzing (import-osm.fuzz.test.ts): a refused upload stayed in data/imports, and its error
// named the server's path (/…/imports/1795828978174-d.osm) instead of the uploaded file.
describe('osmUploadImporter fuzz regressions', () => {
  it('removes a refused upload and names the file as uploaded; keeps an imported one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-upload-'));
    const store = await openSqliteStore(':memory:');
    try {
      const upload = osmUploadImporter(store, defaultTaxonomy(), dataDir);
      for (const bytes of [
        new Uint8Array(0),
        new TextEncoder().encode('<osm><node id="1" lat="0" lon="0"/></osm>'),
        Uint8Array.of(1, 2, 3),
      ]) {
        await assert.rejects(upload(bytes, 'd.osm', context), (error: unknown) => {
          assert.ok(isLifecircleError(error), String(error));
          assert.equal(error.details.file, 'd.osm');
          assert.doesNotMatch(error.message, new RegExp(dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
          return true;
        });
        assert.deepEqual(readdirSync(join(dataDir, 'imports')), [], 'nothing is left of a refused upload');
      }
      const district =
        '<osm><node id="1" lat="31.2" lon="121.4"/><node id="2" lat="31.201" lon="121.4"/>' +
        '<way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way></osm>';
      await upload(new TextEncoder().encode(district), 'd.osm', context);
      assert.equal(readdirSync(join(dataDir, 'imports')).length, 1, 'the imported file is kept as its record');
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
