import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haversineM, LifecircleError } from '@lifecircle/shared';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { parseOutletRows, type OutletParseOptions } from './parse-outlets.js';
import { readCsv } from './read-table.js';
import { readGeoJson } from './read-geojson.js';
import { fromWgs84 } from './coordinate-system.js';

const taxonomy = defaultTaxonomy();
const options: OutletParseOptions = { file: 'o.csv', crs: 'wgs84', taxonomy, status: 'active' };

function parseCsvText(text: string, overrides: Partial<OutletParseOptions> = {}): ReturnType<typeof parseOutletRows> {
  const table = readCsv(new TextEncoder().encode(text), 'o.csv');
  return parseOutletRows(table.rows, { ...options, ...overrides });
}

function assertImportRow(fn: () => unknown, row: number, field: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof LifecircleError, String(error));
    assert.equal(error.code, 'IMPORT_ROW');
    assert.equal(error.details.file, 'o.csv');
    assert.equal(error.details.row, row);
    assert.equal(error.details.field, field);
    return true;
  });
}

test('reads Chinese headers, category ids and names, services and dates', () => {
  const parsed = parseCsvText(
    '名称,经度,纬度,业态,地址,营业时间,电话,服务,核实日期\n' +
      '老王修鞋,121.43,31.24,repair_point,长寿路1号,Mo-Su 08:00-18:00,021-1234,修鞋、配钥匙;磨刀,2026-11-1\n' +
      '联华超市,121.44,31.25,综合超市|生鲜超市（菜店）,,,,,\n',
  );
  assert.equal(parsed.numRows, 2);
  assert.equal(parsed.numUnclassified, 0);
  const [first, second] = parsed.outlets;
  assert.deepEqual(first!.outlet, {
    name: '老王修鞋',
    categoryIds: ['repair_point'],
    address: '长寿路1号',
    location: [121.43, 31.24],
    openingHours: 'Mo-Su 08:00-18:00',
    services: ['修鞋', '配钥匙', '磨刀'],
    phone: '021-1234',
    status: 'active',
    rejectReason: null,
    source: 'import:o.csv',
    externalId: null,
    lastVerified: '2026-11-01',
    merchantId: null,
    streetId: null,
  });
  assert.equal(first!.row, 2);
  assert.deepEqual(second!.outlet.categoryIds, ['comprehensive_supermarket', 'fresh_grocery']);
});

test('an Amap type classifies the row; an unclassifiable type is counted, not imported', () => {
  const parsed = parseCsvText(
    'name,address,adname,pname,type,lat,lon\r\n' +
      '鲍师傅糕点(人民广场店),西藏中路211号,黄浦区,上海市,餐饮服务;糕饼店;糕饼店,31.2339,121.4712\r\n' +
      'Me&Joe(鲁班路店),鲁班路100号,黄浦区,上海市,餐饮服务;快餐厅;快餐厅,31.2086,121.4688\r\n',
  );
  assert.deepEqual(
    parsed.outlets.map((o) => o.outlet.categoryIds),
    [['bakery_cake']],
  );
  assert.equal(parsed.numUnclassified, 1);
  assert.deepEqual(parsed.unclassifiedExamples, [{ row: 3, name: 'Me&Joe(鲁班路店)', type: '餐饮服务;快餐厅;快餐厅' }]);
});

test('bad rows fail with IMPORT_ROW naming the row and column', () => {
  const header = 'name,lng,lat,category\n';
  assertImportRow(() => parseCsvText(header + '甲,121.4,31.2,pharmacy\n乙,121.4,95,pharmacy\n'), 3, 'lat');
  assertImportRow(() => parseCsvText(header + '甲,121.4,abc,pharmacy\n'), 2, 'lat');
  assertImportRow(() => parseCsvText(header + ',121.4,31.2,pharmacy\n'), 2, 'name');
  assertImportRow(() => parseCsvText(header + '甲,121.4,31.2,no_such_format\n'), 2, 'category');
  assertImportRow(
    () => parseCsvText('name,lng,lat,category,last_verified\n甲,121.4,31.2,pharmacy,2026-02-30\n'),
    2,
    'last_verified',
  );
  assertImportRow(() => parseCsvText('名称,纬度,业态\n甲,31.2,pharmacy\n'), 2, 'lng');
});

test('GCJ-02 positions are converted to WGS-84', () => {
  const wgs: [number, number] = [121.4321, 31.2468];
  const [gcjLng, gcjLat] = fromWgs84(wgs[0], wgs[1], 'gcj02');
  const parsed = parseCsvText(`name,lng,lat,category\n甲,${gcjLng},${gcjLat},pharmacy\n`, { crs: 'gcj02' });
  const [lng, lat] = parsed.outlets[0]!.outlet.location;
  assert.ok(haversineM(lng, lat, wgs[0], wgs[1]) < 1);
});

test('GeoJSON Point features take their position from the geometry; other geometries fail', () => {
  const collection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [121.43, 31.24] },
        properties: { name: '甲药房', category: 'pharmacy', id: 7 },
      },
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [121.44, 31.25] },
        properties: { name: '乙', type: '医疗保健服务;医药保健销售店;药房' },
      },
    ],
  };
  const table = readGeoJson(new TextEncoder().encode(JSON.stringify(collection)), 'o.geojson');
  const parsed = parseOutletRows(table.rows, options);
  assert.deepEqual(
    parsed.outlets.map((o) => [o.row, o.outlet.location, o.outlet.categoryIds, o.outlet.externalId]),
    [
      [1, [121.43, 31.24], ['pharmacy'], '7'],
      [2, [121.44, 31.25], ['pharmacy'], null],
    ],
  );
  const line = {
    ...collection,
    features: [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: { name: 'x', category: 'pharmacy' } },
    ],
  };
  const bad = readGeoJson(new TextEncoder().encode(JSON.stringify(line)), 'o.csv');
  assertImportRow(() => parseOutletRows(bad.rows, options), 1, 'geometry');
});

// Found by the import fuzzing (import-outlets.fuzz.test.ts): Number() read these as 7, 121 and 1.
test('fuzz regression: a longitude written 0o7, 0x79 or 0b1 is IMPORT_ROW naming the cell, not a position', () => {
  for (const value of ['0o7', '0x79', '0b1']) {
    assertImportRow(() => parseCsvText(`name,lng,lat,category\n!,${value},31.2015,convenience_store\n`), 2, 'lng');
  }
  // A decimal comma reads as a thousands separator (1214), which is out of range, not 121.4.
  assertImportRow(() => parseCsvText('name,lng,lat,category\n!,"121,4",31.2,pharmacy\n'), 2, 'lng');
  assert.deepEqual(parseCsvText('name,lng,lat,category\n!,+121.4e0,31.2,pharmacy\n').outlets[0]!.outlet.location, [121.4, 31.2]);
});
