import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LifecircleError } from '@lifecircle/shared';
import { parseBoundaries } from './parse-boundaries.js';
import { isPointInArea } from './assign-street.js';
import { NO_SHARED_DATA, sharedDataDir } from './testing/shared-data.js';

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const square: [number, number][] = [
  [121.4, 31.2],
  [121.41, 31.2],
  [121.41, 31.21],
  [121.4, 31.21],
  [121.4, 31.2],
];
const feature = (properties: Record<string, unknown>, geometry: unknown): unknown => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]): Uint8Array => encode({ type: 'FeatureCollection', features });

function assertImportRow(fn: () => unknown, row: number, field: string, reason?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof LifecircleError, String(error));
    assert.equal(error.code, 'IMPORT_ROW');
    assert.equal(error.details.row, row);
    assert.equal(error.details.field, field);
    if (reason) assert.match(String(error.details.reason), reason);
    return true;
  });
}

test('reads polygons and multipolygons with level from the option or a level property', () => {
  const bytes = collection(
    feature(
      { name: '长寿路街道', code: '310107015', level: 'street', district: '普陀区' },
      { type: 'Polygon', coordinates: [square] },
    ),
    feature({ 名称: '一号生活圈', level: 'circle' }, { type: 'MultiPolygon', coordinates: [[square]] }),
  );
  const parsed = parseBoundaries(bytes, 'b.geojson', 'wgs84', 'auto');
  assert.deepEqual(
    parsed.map((b) => [b.row, b.level, b.name, b.code, b.district, b.boundary.type]),
    [
      [1, 'street', '长寿路街道', '310107015', '普陀区', 'Polygon'],
      [2, 'circle', '一号生活圈', null, null, 'MultiPolygon'],
    ],
  );
  assert.equal(parseBoundaries(bytes, 'b.geojson', 'wgs84', 'district')[1]!.level, 'district');
});

test('unclosed, short or non-finite rings and wrong geometries are rejected with the feature number as row', () => {
  const ok = feature({ name: 'a' }, { type: 'Polygon', coordinates: [square] });
  const unclosed = feature({ name: 'b' }, { type: 'Polygon', coordinates: [square.slice(0, 4).concat([[121.4, 31.205]])] });
  assertImportRow(() => parseBoundaries(collection(ok, unclosed), 'b.geojson', 'wgs84', 'district'), 2, 'geometry', /not closed/);
  const short = feature({ name: 'b' }, { type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] });
  assertImportRow(() => parseBoundaries(collection(short), 'b.geojson', 'wgs84', 'district'), 1, 'geometry', /at least 4/);
  const infinite = feature({ name: 'b' }, { type: 'Polygon', coordinates: [[square[0], [null, 31.2], square[2], square[0]]] });
  assertImportRow(() => parseBoundaries(collection(infinite), 'b.geojson', 'wgs84', 'district'), 1, 'geometry');
  const point = feature({ name: 'b' }, { type: 'Point', coordinates: [121.4, 31.2] });
  assertImportRow(() => parseBoundaries(collection(ok, ok, point), 'b.geojson', 'wgs84', 'district'), 3, 'geometry');
  assertImportRow(
    () => parseBoundaries(collection(feature({}, { type: 'Polygon', coordinates: [square] })), 'b.geojson', 'wgs84', 'district'),
    1,
    'name',
  );
  assertImportRow(() => parseBoundaries(collection(ok), 'b.geojson', 'wgs84', 'auto'), 1, 'level');
});

test('not GeoJSON fails with UNSUPPORTED_FORMAT', () => {
  assert.throws(() => parseBoundaries(new TextEncoder().encode('name,lat'), 'b.csv', 'wgs84', 'district'), {
    code: 'UNSUPPORTED_FORMAT',
  });
  assert.throws(() => parseBoundaries(encode({ type: 'Polygon' }), 'b.json', 'wgs84', 'district'), {
    code: 'UNSUPPORTED_FORMAT',
  });
});

const dataDir = sharedDataDir();
test(
  'the real Shanghai district file gives 17 districts; 普陀区 holds a point on 长寿路',
  { skip: dataDir === null ? NO_SHARED_DATA : false },
  () => {
    const bytes = readFileSync(join(dataDir!, 'boundaries', 'shanghai-districts-pre2016.geojson'));
    const districts = parseBoundaries(bytes, 'shanghai-districts-pre2016.geojson', 'wgs84', 'district');
    assert.equal(districts.length, 17);
    const putuo = districts.find((d) => d.name === '普陀区');
    assert.equal(putuo?.code, '310107');
    // 长寿路/西康路 crossing (WGS-84) is in Putuo and not in Huangpu.
    assert.ok(isPointInArea(121.4387, 31.2434, putuo!.boundary));
    assert.ok(!isPointInArea(121.4387, 31.2434, districts.find((d) => d.name === '黄浦区')!.boundary));
  },
);
