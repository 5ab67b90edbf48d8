// Regressions from the second reading of issue 3: re-imports update only what the file gives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { openSqliteStore } from '@lifecircle/store';
import { runImport, type ImportRequest } from './run-import.js';

const context = { userId: null, requestId: null };
const request = (kind: ImportRequest['kind'], file: string, text: string, format: ImportRequest['format']): ImportRequest => ({
  kind,
  bytes: new TextEncoder().encode(text),
  file,
  format,
  crs: 'wgs84',
  taxonomy: defaultTaxonomy(),
});

describe('issue 3 review: re-imports', () => {
  test('a compound row matching a stored compound keeps its circle, gates, outline and source', async () => {
    const store = await openSqliteStore(':memory:');
    const district = await store.insertDistrict({ code: null, name: '区', boundary: null });
    const circle = await store.insertCircle({
      districtId: district.id,
      code: null,
      name: '圈',
      boundary: null,
      streetIds: [],
      committeeIds: [],
    });
    const ring: [number, number][] = [
      [121.4, 31.2],
      [121.401, 31.2],
      [121.401, 31.201],
      [121.4, 31.201],
      [121.4, 31.2],
    ];
    const [id] = await store.insertCompounds([
      {
        name: '曹杨一村',
        streetId: null,
        committeeId: null,
        circleId: circle.id,
        location: [121.4005, 31.2005],
        outline: { type: 'Polygon', coordinates: [ring] },
        gates: [[121.4, 31.2005]],
        households: 400,
        residents: 1000,
        age0to14: 100,
        age15to59: 500,
        age60plus: 400,
        isEstimated: false,
        source: 'osm',
        externalId: 'way/1',
      },
    ]);
    const report = await runImport(
      store,
      request('compounds', 'pop.csv', 'name,lng,lat,residents\n曹杨一村,121.4005,31.2005,1200\n', 'csv'),
      context,
    );
    assert.equal(report.numUpdated, 1);
    const after = (await store.getCompound(id!))!;
    assert.equal(after.residents, 1200);
    assert.equal(after.circleId, circle.id);
    assert.deepEqual(after.gates, [[121.4, 31.2005]]);
    assert.equal(after.outline?.type, 'Polygon');
    assert.equal(after.source, 'osm');
    assert.equal(after.households, 400);
    assert.equal(after.age60plus, 400);
    await store.close();
  });

  test('importing the same circle boundaries twice redraws them instead of doubling', async () => {
    const store = await openSqliteStore(':memory:');
    await store.insertDistrict({ code: '310107', name: '普陀区', boundary: null });
    const geojson = (size: number) =>
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: '丙生活圈', level: 'circle' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [121.4, 31.2],
                  [121.4 + size, 31.2],
                  [121.4 + size, 31.2 + size],
                  [121.4, 31.2 + size],
                  [121.4, 31.2],
                ],
              ],
            },
          },
        ],
      });
    await runImport(store, request('boundaries', 'circles.geojson', geojson(0.01), 'geojson'), context);
    const second = await runImport(store, request('boundaries', 'circles.geojson', geojson(0.02), 'geojson'), context);
    assert.equal(second.numUpdated, 1);
    const circles = await store.listCircles();
    assert.equal(circles.length, 1);
    assert.deepEqual(circles[0]!.boundary!.coordinates[0]![1], [121.42, 31.2]);
    await store.close();
  });
});
