import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { haversineM, LifecircleError, type Taxonomy } from '@lifecircle/shared';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { BULK_LOAD_ROWS, openSqliteStore, type Store } from '@lifecircle/store';
import { fromWgs84 } from './coordinate-system.js';
import { runImport, type ImportRequest } from './run-import.js';
import { NO_SHARED_DATA, sharedDataDir } from './testing/shared-data.js';

const taxonomy = defaultTaxonomy();
const context = { userId: null, requestId: 'test' };
const dataDir = sharedDataDir();
const skip = dataDir === null ? NO_SHARED_DATA : false;
const AMAP_FILES = ['food', 'hospital', 'bus-stops', 'metro-stations'].map((name) => `amap-shanghai-${name}.csv`);

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

/** The rows of an Amap CSV whose district (column 3) is 普陀区, with the header, written back as CSV with CRLF. */
function putuoCsv(file: string): string {
  const records = parse(readFileSync(join(dataDir!, 'poi', file), 'utf8')) as string[][];
  const kept = [records[0]!, ...records.slice(1).filter((record) => record[2] === '普陀区')];
  const quote = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return kept.map((record) => record.map(quote).join(',')).join('\r\n') + '\r\n';
}

/**
 * The taxonomy's Amap rules written out simply (string prefixes on whole
 * levels, substring keywords after dropping brackets), to count categories
 * independently of amap-classifier.
 */
function referenceCategories(type: string, name: string, taxonomy: Taxonomy): string[] {
  const stripped = name.replace(/[（(][^（()）]*[)）]/g, '').toLowerCase();
  const parts = type.split('|').filter((part) => part !== '');
  const under = (part: string, prefix: string): boolean => part === prefix || part.startsWith(prefix + ';');
  const hasKeyword = (keywords: string[]): boolean => keywords.some((keyword) => stripped.includes(keyword.toLowerCase()));
  return taxonomy.categories
    .filter((category) => {
      const strong = parts.some((part) => category.amap.types.some((prefix) => under(part, prefix)));
      const candidate =
        parts.some((part) => category.amap.candidateTypes.some((prefix) => under(part, prefix))) &&
        hasKeyword(category.nameKeywords);
      return (strong || candidate) && !hasKeyword(category.excludeNameKeywords);
    })
    .map((category) => category.id);
}

async function snapshot(store: Store): Promise<unknown> {
  return {
    outlets: await store.listOutlets(),
    compounds: await store.listCompounds(),
    audit: await store.listAudit(),
    streets: await store.listStreets(),
    districts: await store.listDistricts(),
  };
}

async function assertRejectsUnchanged(
  store: Store,
  importRequest: ImportRequest,
  code: string,
  row: number | null,
  field: string | null,
): Promise<void> {
  const before = await snapshot(store);
  await assert.rejects(runImport(store, importRequest, context), (error: unknown) => {
    assert.ok(error instanceof LifecircleError, String(error));
    assert.equal(error.code, code, error.message);
    assert.equal(error.details.file, importRequest.file);
    if (row !== null) assert.equal(error.details.row, row, error.message);
    if (field !== null) assert.equal(error.details.field, field, error.message);
    return true;
  });
  assert.deepEqual(await snapshot(store), before, 'every table is unchanged');
}

test('each whole Amap file imports; re-importing it inserts nothing and updates every outlet', { skip }, async () => {
  for (const file of AMAP_FILES) {
    const store = await openSqliteStore(':memory:');
    try {
      const bytes = readFileSync(join(dataDir!, 'poi', file));
      const first = await runImport(store, request(file, bytes), context);
      const numRows = (readFileSync(join(dataDir!, 'poi', file), 'utf8').match(/\r\n/g) ?? []).length - 1;
      assert.equal(first.numRows, numRows, file);
      assert.equal(await store.countOutlets(), first.numInserted, file);
      console.log(
        `${file}: ${first.numRows} rows, ${first.numInserted} inserted, ${first.numUnclassified} unclassified, ${first.numRows - first.numInserted - first.numUnclassified} repeated rows folded`,
      );
      const second = await runImport(store, request(file, bytes), context);
      assert.equal(second.numInserted, 0, `${file}: re-import inserts nothing`);
      assert.equal(second.numUpdated, first.numInserted, `${file}: re-import updates every outlet`);
      assert.equal(await store.countOutlets(), first.numInserted);
      const audit = await store.listAudit({ entity: 'outlets' });
      assert.equal(audit.length, 2);
      assert.equal(audit[0]!.action, 'import');
    } finally {
      await store.close();
    }
  }
});

test(
  'the Putuo rows of the Amap files give the same per-category counts as an independent pass over the CSV',
  { skip },
  async () => {
    const store = await openSqliteStore(':memory:');
    try {
      for (const file of AMAP_FILES) {
        const text = putuoCsv(file);
        const report = await runImport(store, request(`putuo-${file}`, encode(text)), context);
        const records = parse(text, { columns: true }) as Record<string, string>[];
        const expected: Record<string, number> = {};
        let numUnclassified = 0;
        for (const record of records) {
          const ids = referenceCategories(record.type!, record.name!, taxonomy);
          if (ids.length === 0) numUnclassified++;
          for (const id of ids) expected[id] = (expected[id] ?? 0) + 1;
        }
        assert.equal(report.numRows, records.length);
        assert.deepEqual(report.byCategory, expected, file);
        assert.equal(report.numUnclassified, numUnclassified, file);
        assert.equal(report.unclassifiedExamples.length, Math.min(20, numUnclassified));
        console.log(
          `Putuo ${file}: ${report.numRows} rows, unclassified ${report.numUnclassified}, inserted ${report.numInserted}, by category ${JSON.stringify(report.byCategory)}`,
        );
      }
    } finally {
      await store.close();
    }
  },
);

/** A valid outlet table of `count` rows in Putuo (row n+1 holds outlet n). */
function outletCsv(count: number, edit: (cells: string[], row: number) => void = () => {}): string {
  const lines = ['name,lng,lat,category'];
  for (let i = 0; i < count; i++) {
    const cells = [`药房${i}号`, String(121.4 + i * 0.001), String(31.24 + (i % 7) * 0.001), 'pharmacy'];
    edit(cells, i + 2);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

test('a broken file throws IMPORT_ROW or UNSUPPORTED_FORMAT naming row and field, and leaves every table unchanged', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const seeded = await runImport(store, request('good.csv', encode(outletCsv(30))), context);
    assert.equal(seeded.numInserted, 30);
    const badLatitude = outletCsv(60, (cells, row) => {
      if (row === 57) cells[2] = '131.2';
    });
    await assertRejectsUnchanged(store, request('bad-lat.csv', encode(badLatitude)), 'IMPORT_ROW', 57, 'lat');
    const missingName = outletCsv(10, (cells, row) => {
      if (row === 4) cells[0] = '';
    });
    await assertRejectsUnchanged(store, request('no-name.csv', encode(missingName)), 'IMPORT_ROW', 4, 'name');
    const unknownCategory = outletCsv(10, (cells, row) => {
      if (row === 9) cells[3] = 'casino';
    });
    await assertRejectsUnchanged(store, request('category.csv', encode(unknownCategory)), 'IMPORT_ROW', 9, 'category');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('outlets');
    sheet.addRow(['name', 'lng', 'lat', 'category']);
    for (let i = 0; i < 50; i++) sheet.addRow([`店${i}`, 121.4, 31.2, 'pharmacy']);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    await assertRejectsUnchanged(
      store,
      request('cut.xlsx', xlsx.slice(0, xlsx.length - 200), { format: 'xlsx' }),
      'UNSUPPORTED_FORMAT',
      null,
      null,
    );
    await assertRejectsUnchanged(
      store,
      request('b.csv', encode('name\n'), { kind: 'boundaries' }),
      'UNSUPPORTED_FORMAT',
      null,
      null,
    );
    const badCompound = 'name,lng,lat,residents,street\n甲,121.4,31.2,100,\n乙,121.4,31.2,100,不存在街道\n';
    await assertRejectsUnchanged(store, request('c.csv', encode(badCompound), { kind: 'compounds' }), 'IMPORT_ROW', 3, 'street');
    await assert.rejects(runImport(store, request('x.csv', encode(outletCsv(2)), { crs: 'utm' as never }), context), {
      code: 'VALIDATION',
    });
    await assert.rejects(runImport(store, request('x.csv', encode(outletCsv(2)), { personsPerM2: 0 }), context), {
      code: 'VALIDATION',
    });
    // The whole XLSX, uncut, imports.
    const report = await runImport(store, request('whole.xlsx', xlsx, { format: 'xlsx' }), context);
    assert.equal(report.numRows, 50);
  } finally {
    await store.close();
  }
});

test('a GCJ-02 file lands within 1 m of the known WGS-84 positions', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const wgs: [number, number][] = Array.from({ length: 20 }, (_, i) => [121.39 + i * 0.003, 31.23 + (i % 5) * 0.004]);
    const lines = [
      '名称,经度,纬度,业态',
      ...wgs.map(([lng, lat], i) => [`便利店${i}`, ...fromWgs84(lng, lat, 'gcj02'), 'convenience_store'].join(',')),
    ];
    await runImport(store, request('gcj.csv', encode(lines.join('\n')), { crs: 'gcj02' }), context);
    const outlets = await store.listOutlets();
    assert.equal(outlets.length, 20);
    for (const outlet of outlets) {
      const [lng, lat] = wgs[Number(outlet.name.slice(3))]!;
      const errorM = haversineM(lng, lat, outlet.location[0], outlet.location[1]);
      assert.ok(errorM < 1, `${outlet.name}: ${errorM} m`);
    }
  } finally {
    await store.close();
  }
});

test(
  'boundaries import as districts and streets; outlets and compounds then get their street from the boundaries',
  { skip },
  async () => {
    const store = await openSqliteStore(':memory:');
    try {
      const districtsFile = 'shanghai-districts-pre2016.geojson';
      const districts = await runImport(
        store,
        request(districtsFile, readFileSync(join(dataDir!, 'boundaries', districtsFile)), {
          kind: 'boundaries',
          format: 'geojson',
          level: 'district',
        }),
        context,
      );
      assert.equal(districts.numInserted, 17);
      assert.equal((await store.listDistricts()).length, 17);
      // Two made-up streets splitting a box in Putuo at lng 121.43.
      const box = (west: number, east: number): number[][][] => [
        [
          [west, 31.23],
          [east, 31.23],
          [east, 31.26],
          [west, 31.26],
          [west, 31.23],
        ],
      ];
      const streets = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: '西街道', district: '普陀区', level: 'street' },
            geometry: { type: 'Polygon', coordinates: box(121.4, 121.43) },
          },
          {
            type: 'Feature',
            properties: { name: '东镇', district: '310107', level: 'street' },
            geometry: { type: 'Polygon', coordinates: box(121.43, 121.46) },
          },
          {
            type: 'Feature',
            properties: { name: '一号圈', district: '普陀区', level: 'circle' },
            geometry: { type: 'Polygon', coordinates: box(121.42, 121.44) },
          },
        ],
      };
      const streetReport = await runImport(
        store,
        request('streets.geojson', encode(JSON.stringify(streets)), { kind: 'boundaries', format: 'geojson' }),
        context,
      );
      assert.equal(streetReport.numInserted, 3);
      const [west, east] = await store.listStreets();
      assert.deepEqual([west!.name, west!.kind, east!.name, east!.kind], ['西街道', 'subdistrict', '东镇', 'town']);
      assert.deepEqual((await store.listCircles())[0]!.streetIds, [west!.id, east!.id]);
      await runImport(
        store,
        request(
          'o.csv',
          encode(
            'name,lng,lat,category\n甲药房,121.41,31.24,pharmacy\n乙药房,121.45,31.24,pharmacy\n丙药房,121.5,31.24,pharmacy\n',
          ),
        ),
        context,
      );
      assert.deepEqual(
        (await store.listOutlets()).map((o) => o.streetId),
        [west!.id, east!.id, null],
      );
      const compounds = await runImport(
        store,
        request('c.csv', encode('name,lng,lat,residents,street\n甲村,121.41,31.24,100,\n乙村,121.41,31.24,200,东镇\n'), {
          kind: 'compounds',
        }),
        context,
      );
      assert.equal(compounds.numInserted, 2);
      assert.deepEqual(
        (await store.listCompounds()).map((c) => [c.name, c.streetId, c.residents]),
        [
          ['甲村', west!.id, 100],
          ['乙村', east!.id, 200],
        ],
      );
      // A second district file naming existing districts is refused.
      await assertRejectsUnchanged(
        store,
        request(districtsFile, readFileSync(join(dataDir!, 'boundaries', districtsFile)), {
          kind: 'boundaries',
          format: 'geojson',
          level: 'district',
        }),
        'IMPORT_ROW',
        1,
        'name',
      );
    } finally {
      await store.close();
    }
  },
);

test('a second file with the same shops moved a few metres and renamed by branch updates them and joins categories', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    await runImport(
      store,
      request(
        'first.csv',
        encode('名称,经度,纬度,业态,电话\n联华超市(长寿路店),121.43,31.24,综合超市,\n老王修鞋,121.44,31.25,repair_point,111\n'),
      ),
      context,
    );
    const before = await store.listOutlets();
    // 0.0001° of latitude is about 11 m; the second row repeats the first within the file.
    const second = encode(
      'name,lng,lat,category,phone,services\n世纪联华超市,121.43,31.2401,fresh_grocery;comprehensive_supermarket,62220000,\n联华超市,121.43,31.24,comprehensive_supermarket,,生鲜\n老王修鞋,121.44,31.25,repair_point,111,\n新店,121.45,31.26,pharmacy,,\n',
    );
    const report = await runImport(store, request('second.csv', second), context);
    assert.deepEqual([report.numRows, report.numInserted, report.numUpdated], [4, 1, 2]);
    const after = await store.listOutlets();
    assert.equal(after.length, 3);
    const supermarket = after.find((o) => o.id === before[0]!.id)!;
    assert.deepEqual(
      [
        supermarket.name,
        supermarket.categoryIds,
        supermarket.phone,
        supermarket.services,
        supermarket.location,
        supermarket.source,
      ],
      [
        '世纪联华超市',
        ['comprehensive_supermarket', 'fresh_grocery'],
        '62220000',
        ['生鲜'],
        [121.43, 31.2401],
        'import:first.csv',
      ],
    );
    // The unchanged shop is confirmed, not rewritten.
    assert.deepEqual(
      after.find((o) => o.id === before[1]!.id),
      before[1],
    );
  } finally {
    await store.close();
  }
});

/** A FeatureCollection of rectangles [west, south, east, north] with the given properties. */
function rectangles(features: { properties: Record<string, string>; rect: [number, number, number, number] }[]): Uint8Array {
  return encode(
    JSON.stringify({
      type: 'FeatureCollection',
      features: features.map(({ properties, rect: [w, s, e, n] }) => ({
        type: 'Feature',
        properties,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
      })),
    }),
  );
}

// Found by the boundary fuzzing (import-boundaries.fuzz.test.ts), its shrunk counterexample: the circle got streetIds [].
test('fuzz regression: a circle after a redrawn street in the same file is placed by the street’s new boundary', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const setup = rectangles([
      { properties: { name: '测试区', level: 'district' }, rect: [121.3, 31.1, 121.5, 31.3] },
      { properties: { name: '甲街道', level: 'street' }, rect: [121.4, 31.2, 121.415, 31.215] },
    ]);
    await runImport(store, request('setup.geojson', setup, { kind: 'boundaries', format: 'geojson', level: 'auto' }), context);
    const file = rectangles([
      { properties: { name: '甲街道', level: 'street' }, rect: [121.4, 31.19, 121.41, 31.2] },
      { properties: { name: '圈', level: 'circle' }, rect: [121.3925, 31.1825, 121.4025, 31.1925] },
    ]);
    await runImport(store, request('b.geojson', file, { kind: 'boundaries', format: 'geojson', level: 'auto' }), context);
    const [street] = await store.listStreets();
    assert.deepEqual(
      (await store.listCircles()).map((circle) => circle.streetIds),
      [[street!.id]],
    );
  } finally {
    await store.close();
  }
});

// Found by the boundary fuzzing: the error said field "district" for a property the file calls "DISTRICT".
test('fuzz regression: an unknown district is reported under the property name the file uses', async () => {
  const store = await openSqliteStore(':memory:');
  try {
    const file = rectangles([
      { properties: { name: '圈', level: 'circle', DISTRICT: '不存在区' }, rect: [121.4, 31.2, 121.41, 31.21] },
    ]);
    await assertRejectsUnchanged(
      store,
      request('b.geojson', file, { kind: 'boundaries', format: 'geojson', level: 'auto' }),
      'IMPORT_ROW',
      1,
      'DISTRICT',
    );
  } finally {
    await store.close();
  }
});

test('asks the store to refresh its statistics after an import of BULK_LOAD_ROWS rows or more, and only then', async () => {
  const store = await openSqliteStore(':memory:');
  let refreshed = 0;
  const refreshStatistics = store.refreshStatistics.bind(store);
  store.refreshStatistics = async () => {
    refreshed++;
    return refreshStatistics();
  };
  try {
    const csv = (count: number, from: number) =>
      encode(
        'name,category,lng,lat\n' +
          Array.from({ length: count }, (_, i) => `店${from + i},pharmacy,${121.4 + (from + i) * 1e-3},31.2`).join('\n'),
      );
    const small = await runImport(store, request('small.csv', csv(BULK_LOAD_ROWS - 1, 0)), context);
    assert.equal(small.numInserted, BULK_LOAD_ROWS - 1);
    assert.equal(refreshed, 0);
    const bulk = await runImport(store, request('bulk.csv', csv(BULK_LOAD_ROWS, 10_000)), context);
    assert.equal(bulk.numInserted, BULK_LOAD_ROWS);
    assert.equal(refreshed, 1);
    // A refused import writes nothing and refreshes nothing.
    await assert.rejects(
      runImport(
        store,
        request(
          'bad.csv',
          encode(`name,category,lng,lat\n${'甲,pharmacy,121.4,31.2\n'.repeat(BULK_LOAD_ROWS)}乙,pharmacy,999,31.2\n`),
        ),
        context,
      ),
    );
    assert.equal(refreshed, 1);
    assert.equal(await store.countOutlets(), 2 * BULK_LOAD_ROWS - 1);
  } finally {
    await store.close();
  }
});
