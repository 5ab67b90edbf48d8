import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Outlet } from '@lifecircle/shared';
import { exportOutlets, OSM_ATTRIBUTION } from './export-records.js';

const outlet = (id: number, name: string, source: string): Outlet => ({
  id,
  name,
  categoryIds: ['breakfast', 'convenience_store'],
  address: '长寿路 1 号, "东门"',
  location: [121.43 + id * 1e-4, 31.24],
  openingHours: 'Mo-Su 06:00-10:00',
  services: ['代收代发', '打印复印'],
  phone: '021-52000000',
  status: 'active',
  rejectReason: null,
  source,
  externalId: null,
  lastVerified: '2026-11-01',
  merchantId: null,
  streetId: 3,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

describe('exportOutlets', () => {
  const outlets = [outlet(1, '早餐店（长寿路店）', 'osm'), outlet(2, 'Fresh, "quoted"\nname', 'import:x.csv')];

  it('writes CSV that a CSV parser reads back field for field', async () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await exportOutlets(outlets, 'csv'));
    assert.ok(text.startsWith('\uFEFF'));
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 2);
    assert.equal(rows[1]!.name, 'Fresh, "quoted"\nname');
    assert.equal(rows[0]!.address, '长寿路 1 号, "东门"');
    assert.equal(rows[0]!.categories, 'breakfast;convenience_store');
    assert.equal(Number(rows[0]!.lng), outlets[0]!.location[0]);
    assert.equal(rows[0]!.services, '代收代发;打印复印');
  });

  it('writes GeoJSON points with the OpenStreetMap attribution when OSM data is in it', async () => {
    const json = JSON.parse(new TextDecoder().decode(await exportOutlets(outlets, 'geojson')));
    assert.equal(json.type, 'FeatureCollection');
    assert.equal(json.attribution, OSM_ATTRIBUTION);
    assert.deepEqual(json.features[1].geometry, { type: 'Point', coordinates: outlets[1]!.location });
    assert.equal(json.features[0].properties.name, '早餐店（长寿路店）');
    const noOsm = JSON.parse(new TextDecoder().decode(await exportOutlets([outlets[1]!], 'geojson')));
    assert.equal(noOsm.attribution, undefined);
  });

  it('writes XLSX that exceljs reads back', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportOutlets(outlets, 'xlsx')).buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.rowCount, 3);
    assert.equal(sheet.getRow(2).getCell(2).value, '早餐店（长寿路店）');
    assert.equal(workbook.worksheets[1]!.getRow(1).getCell(1).value, OSM_ATTRIBUTION);
  });
});
