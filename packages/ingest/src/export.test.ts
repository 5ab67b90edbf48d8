import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Outlet } from '@lifecircle/shared';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { openSqliteStore, type NewOutlet, type Store } from '@lifecircle/store';
import { exportAccessResults } from './export-access-results.js';
import { exportCompounds } from './export-compounds.js';
import { exportOutlets, type ExportFormat } from './export-outlets.js';
import { runImport, type ImportRequest } from './run-import.js';
import { readCsv } from './read-table.js';
import { OSM_ATTRIBUTION } from './write-table.js';

const taxonomy = defaultTaxonomy();
const context = { userId: null, requestId: null };
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const request = (file: string, bytes: Uint8Array, overrides: Partial<ImportRequest> = {}): ImportRequest => ({
  kind: 'outlets',
  bytes,
  file,
  format: 'csv',
  crs: 'wgs84',
  taxonomy,
  ...overrides,
});

const SOURCE_CSV =
  'external_id,name,category,lng,lat,address,opening_hours,phone,services,last_verified\n' +
  'a1,"老王修鞋, 配钥匙",repair_point,121.4312345678,31.2412345678,长寿路1号,Mo-Su 08:00-18:00,021-1234,修鞋;配钥匙,2026-11-01\n' +
  ',联华超市,comprehensive_supermarket;fresh_grocery,121.44,31.25,,,,,\n' +
  'a3,"引号""店""",pharmacy,121.45,31.26," 前后空格 ",,,,\n';

/** The fields an import sets from a file (ids, times, source and status come from the store and the request). */
function comparable(outlet: Outlet): unknown {
  return [
    outlet.name,
    outlet.categoryIds,
    outlet.address,
    outlet.location,
    outlet.openingHours,
    outlet.services,
    outlet.phone,
    outlet.externalId,
    outlet.lastVerified,
  ];
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore(':memory:');
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

for (const format of ['csv', 'xlsx', 'geojson'] as ExportFormat[]) {
  test(`re-importing the exported outlets ${format} yields the same records, and into the same store updates them all`, async () => {
    await withStore(async (store) => {
      await runImport(store, request('source.csv', encode(SOURCE_CSV)), context);
      const original = await store.listOutlets();
      assert.equal(original.length, 3);
      const bytes = await exportOutlets(store, format);
      await withStore(async (copy) => {
        const report = await runImport(copy, request(`export.${format}`, bytes, { format }), context);
        assert.equal(report.numInserted, 3);
        assert.deepEqual((await copy.listOutlets()).map(comparable), original.map(comparable));
      });
      const again = await runImport(store, request(`export.${format}`, bytes, { format }), context);
      assert.deepEqual([again.numInserted, again.numUpdated], [0, 3]);
      assert.deepEqual((await store.listOutlets()).map(comparable), original.map(comparable));
    });
  });
}

test('GeoJSON exports carry the OpenStreetMap attribution exactly when some outlet comes from OSM', async () => {
  await withStore(async (store) => {
    await runImport(store, request('source.csv', encode(SOURCE_CSV)), context);
    const withoutOsm = JSON.parse(new TextDecoder().decode(await exportOutlets(store, 'geojson'))) as Record<string, unknown>;
    assert.equal(withoutOsm.attribution, undefined);
    const osmOutlet: NewOutlet = { ...(await store.listOutlets())[0]!, source: 'osm', externalId: 'node/1' };
    await store.insertOutlets([osmOutlet]);
    const withOsm = JSON.parse(new TextDecoder().decode(await exportOutlets(store, 'geojson'))) as {
      attribution: string;
      features: unknown[];
    };
    assert.equal(withOsm.attribution, OSM_ATTRIBUTION);
    assert.equal(withOsm.features.length, 4);
    const filtered = JSON.parse(
      new TextDecoder().decode(await exportOutlets(store, 'geojson', { source: 'import:source.csv' })),
    ) as Record<string, unknown>;
    assert.equal(filtered.attribution, undefined);
  });
});

test('exported compounds re-import with the same names, positions, residents, age bands and outlines', async () => {
  await withStore(async (store) => {
    const outline = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [121.4, 31.2],
          [121.402, 31.2],
          [121.402, 31.202],
          [121.4, 31.2],
        ],
      ],
    }).replace(/"/g, '""');
    const csv = `name,lng,lat,residents,households,age_60_plus,outline\n甲村,121.41,31.24,3000,1200,900,\n乙村,,,500,,20%,"${outline}"\n`;
    await runImport(store, request('c.csv', encode(csv), { kind: 'compounds' }), context);
    const pick = (c: {
      name: string;
      location: readonly number[];
      residents: number;
      households: number | null;
      age60plus: number | null;
      outline: unknown;
    }): unknown => [c.name, c.location, c.residents, c.households, c.age60plus, c.outline];
    const original = (await store.listCompounds()).map(pick);
    const bytes = await exportCompounds(store, 'csv');
    await withStore(async (copy) => {
      await runImport(copy, request('export.csv', bytes, { kind: 'compounds' }), context);
      assert.deepEqual((await copy.listCompounds()).map(pick), original);
    });
  });
});

test('access results export one line per compound and category, and one GeoJSON point per compound', async () => {
  await withStore(async (store) => {
    await runImport(
      store,
      request('c.csv', encode('name,lng,lat,residents\n甲村,121.41,31.24,3000\n乙村,121.42,31.25,100\n'), { kind: 'compounds' }),
      context,
    );
    const [first, second] = await store.listCompounds();
    const run = await store.insertAnalysisRun({
      kind: 'access',
      status: 'done',
      networkId: null,
      params: {},
      summary: null,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    });
    await store.insertAccessResults([
      { runId: run.id, compoundId: first!.id, categoryId: 'pharmacy', walkM: 412.4, numWithin15: 3 },
      { runId: run.id, compoundId: first!.id, categoryId: 'breakfast', walkM: null, numWithin15: 0 },
      { runId: run.id, compoundId: second!.id, categoryId: 'pharmacy', walkM: 80, numWithin15: 1 },
    ]);
    const table = readCsv(await exportAccessResults(store, run.id, 'csv'), 'access.csv');
    assert.deepEqual(
      table.rows.map((r) => [r.values.compound_name, r.values.category_id, r.values.walk_m, r.values.num_within_15]).sort(),
      [
        ['乙村', 'pharmacy', '80', '1'],
        ['甲村', 'breakfast', '', '0'],
        ['甲村', 'pharmacy', '412', '3'],
      ],
    );
    const geojson = JSON.parse(new TextDecoder().decode(await exportAccessResults(store, run.id, 'geojson'))) as {
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    const feature = geojson.features.find((f) => f.properties.name === '甲村')!;
    assert.deepEqual(feature.geometry.coordinates, [121.41, 31.24]);
    assert.equal(feature.properties['walk_m:pharmacy'], 412);
    assert.equal(feature.properties['walk_m:breakfast'], null);
    await assert.rejects(exportAccessResults(store, 999, 'csv'), { code: 'NOT_FOUND' });
  });
});
