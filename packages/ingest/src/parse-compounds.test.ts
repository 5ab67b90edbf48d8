import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haversineM, LifecircleError, type AreaGeometry, type Street } from '@lifecircle/shared';
import { areaCentroid, parseCompoundRows, type CompoundParseOptions } from './parse-compounds.js';
import { readCsv } from './read-table.js';
import { readGeoJson } from './read-geojson.js';

const streets: Street[] = [{ id: 5, districtId: 1, code: '310107015', name: '长寿路街道', kind: 'subdistrict', boundary: null }];
const options: CompoundParseOptions = { file: 'c.csv', crs: 'wgs84', personsPerM2: 0.025, streets };
const parseCsvText = (text: string): ReturnType<typeof parseCompoundRows> =>
  parseCompoundRows(readCsv(new TextEncoder().encode(text), 'c.csv').rows, options);

function assertImportRow(fn: () => unknown, row: number, field: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof LifecircleError, String(error));
    assert.equal(error.code, 'IMPORT_ROW');
    assert.deepEqual([error.details.row, error.details.field], [row, field]);
    return true;
  });
}

test('the centroid of an L-shape and of a square with an off-centre hole match hand-worked values', () => {
  // L-shape: 2×1 rectangle [0,2]×[0,1] plus 1×1 square [0,1]×[1,2]: centroid ((2·1 + 1·0.5)/3, (2·0.5 + 1·1.5)/3).
  const lShape: AreaGeometry = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [2, 0],
        [2, 1],
        [1, 1],
        [1, 2],
        [0, 2],
        [0, 0],
      ],
    ],
  };
  const [x, y] = areaCentroid(lShape);
  assert.ok(Math.abs(x - 2.5 / 3) < 1e-12 && Math.abs(y - 2.5 / 3) < 1e-12, `${x},${y}`);
  // 4×4 square minus the 2×2 hole [0,2]×[0,2] (wound the same way, as careless files do): (16·2 − 4·1)/12.
  const square = (x0: number, y0: number, s: number): [number, number][] => [
    [x0, y0],
    [x0 + s, y0],
    [x0 + s, y0 + s],
    [x0, y0 + s],
    [x0, y0],
  ];
  const [hx, hy] = areaCentroid({ type: 'Polygon', coordinates: [square(0, 0, 4), square(0, 0, 2)] });
  assert.ok(Math.abs(hx - 28 / 12) < 1e-12 && Math.abs(hy - 28 / 12) < 1e-12, `${hx},${hy}`);
});

test('reads points, tabled and estimated residents, street names and codes, counts and shares of age bands', () => {
  const parsed = parseCsvText(
    '小区名称,经度,纬度,户数,人口,基底面积,层数,0-14岁,15-59岁,60岁以上,街道\n' +
      '曹杨一村,121.41,31.24,1200,3000,,,300,1800,900,长寿路街道\n' +
      '新村,121.42,31.25,,,2000,6,,,25%,310107015\n' +
      '无街道,121.43,31.26,,10,,,,,,\n',
  );
  const [first, second, third] = parsed.map((p) => p.compound);
  assert.deepEqual(
    [first!.residents, first!.isEstimated, first!.households, first!.streetId, first!.age60plus],
    [3000, false, 1200, 5, 900],
  );
  assert.deepEqual(first!.location, [121.41, 31.24]);
  assert.deepEqual(
    [second!.residents, second!.isEstimated, second!.streetId, second!.age60plus, second!.age0to14],
    [300, true, 5, 75, null],
  );
  assert.equal(third!.streetId, null);
  assert.equal(third!.source, 'import:c.csv');
});

test('an outline alone gives its centroid as location; a GeoJSON Polygon feature likewise', () => {
  const outline = {
    type: 'Polygon',
    coordinates: [
      [
        [121.4, 31.2],
        [121.402, 31.2],
        [121.402, 31.202],
        [121.4, 31.202],
        [121.4, 31.2],
      ],
    ],
  };
  const csv = parseCsvText(`name,outline,residents\n甲,"${JSON.stringify(outline).replace(/"/g, '""')}",100\n`);
  assert.ok(haversineM(...csv[0]!.compound.location, 121.401, 31.201) < 0.01);
  assert.equal(csv[0]!.compound.outline?.type, 'Polygon');
  const bytes = new TextEncoder().encode(
    JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: outline, properties: { name: '乙', residents: 50 } }],
    }),
  );
  const geo = parseCompoundRows(readGeoJson(bytes, 'c.geojson').rows, { ...options, file: 'c.geojson' });
  assert.ok(haversineM(...geo[0]!.compound.location, 121.401, 31.201) < 0.01);
});

test('bad rows fail with IMPORT_ROW naming row and column', () => {
  assertImportRow(() => parseCsvText('name,lng,lat,residents,street\n甲,121.4,31.2,10,不存在街道\n'), 2, 'street');
  assertImportRow(() => parseCsvText('name,lng,lat,residents\n甲,121.4,31.2,10\n乙,121.4,31.2,\n'), 3, 'residents');
  assertImportRow(() => parseCsvText('name,lng,lat,residents,age_60_plus\n甲,121.4,31.2,10,11\n'), 2, 'age_60_plus');
  assertImportRow(() => parseCsvText('name,lng,lat,residents,age_60_plus\n甲,121.4,31.2,10,120%\n'), 2, 'age_60_plus');
  assertImportRow(() => parseCsvText('name,residents\n甲,10\n'), 2, 'lng');
  assertImportRow(() => parseCsvText('name,outline,residents\n甲,"{""type"":""Point""}",10\n'), 2, 'outline');
});
