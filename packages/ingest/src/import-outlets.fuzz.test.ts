import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fuzzTally } from '@lifecircle/shared/testing';
import type { Crs } from './coordinate-system.js';
import { OUTLET_COLUMNS } from './parse-outlets.js';
import { BAD_POINT_GEOMETRIES } from './testing/garbage-inputs.js';
import { assertFields, assertRowByRow, fuzzStreetAt, taxonomy } from './testing/import-fixture.js';
import { headerAlias, positionIn, textCell, xlsxSafe, type TableCell, type TableModel } from './testing/table-files.js';
import {
  runBadCellProperty,
  runBadGeometryProperty,
  runGarbageProperty,
  runValidFileProperty,
  type TableFormat,
  type TableImporter,
} from './testing/table-properties.js';
import { postgisFixtures, POSTGIS_GARBAGE_RUNS } from './testing/postgis-fixtures.js';

// Property-based fuzzing of outlet imports (runImport kind 'outlets') in CSV,
// XLSX and GeoJSON, in every coordinate system, against a real SQLite store.

type Format = TableFormat;
const CRS: Crs[] = ['wgs84', 'gcj02', 'bd09'];
const OPTIONAL = ['address', 'openingHours', 'phone', 'services', 'lastVerified', 'externalId'] as const;
type Optional = (typeof OPTIONAL)[number];

/** One generated outlet: a grid cell ~330 m from any other (no two rows are one outlet), WGS-84. */
interface OutletModel {
  name: string;
  lng: number;
  lat: number;
  /** Taxonomy categories and how the cell names each (id, Chinese name, upper-case id). */
  categories: { id: string; text: string }[];
  separator: string;
  address: string;
  openingHours: string;
  phone: string;
  services: string[];
  lastVerified: { year: number; month: number; day: number } | null;
  dateStyle: 'dash' | 'slash' | 'date';
  externalId: string;
}

const categoryText = fc
  .tuple(fc.constantFrom(...taxonomy.categories), fc.constantFrom('id', 'name', 'upper'))
  .map(([category, how]) => ({
    id: category.id,
    text: how === 'id' ? category.id : how === 'name' ? category.nameZh : category.id.toUpperCase(),
  }));
const optionalText = fc.oneof(fc.constant(''), textCell);
const serviceItem = textCell.filter((text) => !/[;；|、,，]/.test(text));

const outletModel = (cell: number): fc.Arbitrary<OutletModel> =>
  fc.record({
    name: textCell,
    lng: fc.double({ min: -0.0004, max: 0.0004, noNaN: true }).map((d) => 121.4015 + (cell % 10) * 0.003 + d),
    lat: fc.double({ min: -0.0004, max: 0.0004, noNaN: true }).map((d) => 31.2015 + Math.floor(cell / 10) * 0.003 + d),
    categories: fc.array(categoryText, { minLength: 1, maxLength: 3 }),
    separator: fc.constantFrom(';', '；', '|', '、', ',', '，'),
    address: optionalText,
    openingHours: fc.oneof(optionalText, fc.constantFrom('Mo-Su 06:00-22:00', '24/7', 'Mo-Fr 08:00-12:00,13:00-17:30')),
    phone: optionalText,
    services: fc.array(serviceItem, { maxLength: 3 }),
    lastVerified: fc.option(
      fc.record({
        year: fc.integer({ min: 1990, max: 2035 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
      }),
      { nil: null },
    ),
    dateStyle: fc.constantFrom('dash' as const, 'slash' as const, 'date' as const),
    externalId: optionalText,
  });

/** A whole outlet file: rows, which optional columns it has, header spellings and column order. */
interface OutletFile {
  outlets: OutletModel[];
  optional: Optional[];
  aliases: Record<string, string>;
  order: number[];
  format: Format;
  crs: Crs;
}

const FIELD_ALIASES: Record<string, readonly string[]> = {
  name: OUTLET_COLUMNS.name,
  lng: OUTLET_COLUMNS.lng,
  lat: OUTLET_COLUMNS.lat,
  category: OUTLET_COLUMNS.category,
  address: OUTLET_COLUMNS.address,
  openingHours: OUTLET_COLUMNS.openingHours,
  phone: OUTLET_COLUMNS.phone,
  services: OUTLET_COLUMNS.services,
  lastVerified: OUTLET_COLUMNS.lastVerified,
  externalId: OUTLET_COLUMNS.externalId,
};

const outletFile: fc.Arbitrary<OutletFile> = fc
  .record({
    cells: fc.uniqueArray(fc.nat({ max: 79 }), { minLength: 1, maxLength: 20 }),
    optional: fc.subarray([...OPTIONAL]),
    aliases: fc.record(Object.fromEntries(Object.entries(FIELD_ALIASES).map(([field, list]) => [field, headerAlias(list)]))),
    // XLSX round trips cost ten times a CSV's: fewer of them.
    format: fc.constantFrom<Format>('csv', 'csv', 'csv', 'geojson', 'geojson', 'xlsx'),
    crs: fc.constantFrom(...CRS),
    shuffle: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 11, maxLength: 11 }),
  })
  .chain(({ cells, shuffle, ...rest }) =>
    fc.tuple(...cells.map(outletModel)).map((outlets) => ({
      ...rest,
      outlets: rest.format === 'xlsx' ? outlets.map(xlsxSafeOutlet) : outlets,
      order: shuffle
        .map((key, index) => [key, index] as const)
        .sort(([a], [b]) => a - b)
        .map(([, index]) => index),
    })),
  );

/** XLSX (XML) cannot hold control characters: they are replaced by spaces in an XLSX file's texts. */
function xlsxSafeOutlet(outlet: OutletModel): OutletModel {
  const clean = (text: string) => (xlsxSafe(text) ? text : [...text].map((c) => (xlsxSafe(c) ? c : ' ')).join(''));
  const name = clean(outlet.name).trim() === '' ? '店' : clean(outlet.name);
  return {
    ...outlet,
    name,
    address: clean(outlet.address),
    openingHours: clean(outlet.openingHours),
    phone: clean(outlet.phone),
    services: outlet.services.map(clean).filter((item) => item.trim() !== ''),
    externalId: clean(outlet.externalId),
  };
}

function dateCell(outlet: OutletModel): TableCell {
  const date = outlet.lastVerified;
  if (date === null) return '';
  if (outlet.dateStyle === 'date') return new Date(Date.UTC(date.year, date.month - 1, date.day));
  const pad = (n: number) => String(n).padStart(2, '0');
  return outlet.dateStyle === 'dash'
    ? `${date.year}-${pad(date.month)}-${pad(date.day)}`
    : `${date.year}/${date.month}/${date.day}`;
}

/** The table of a generated file: columns in the generated order, Point geometries for GeoJSON. */
function outletTable(file: OutletFile): TableModel {
  const isGeoJson = file.format === 'geojson';
  const fields = ['name', ...(isGeoJson ? [] : ['lng', 'lat']), 'category', ...file.optional, 'note'];
  const ordered = file.order.filter((index) => index < fields.length).map((index) => fields[index]!);
  const header = ordered.map((field) => (field === 'note' ? '备注' : file.aliases[field]!));
  const records = file.outlets.map((outlet) => {
    const [x, y] = positionIn(file.crs, outlet.lng, outlet.lat);
    const value: Record<string, TableCell> = {
      name: outlet.name,
      lng: file.format === 'xlsx' ? x : String(x),
      lat: file.format === 'xlsx' ? y : String(y),
      category: outlet.categories.map((category) => category.text).join(outlet.separator),
      address: outlet.address,
      openingHours: outlet.openingHours,
      phone: outlet.phone,
      services: outlet.services.join(outlet.separator),
      lastVerified:
        file.format === 'xlsx' || outlet.dateStyle !== 'date' ? dateCell(outlet) : dateCell({ ...outlet, dateStyle: 'dash' }),
      externalId: outlet.externalId,
      note: 'x',
    };
    return {
      cells: ordered.map((field) => value[field]!),
      geometry: isGeoJson ? { type: 'Point', coordinates: [x, y] } : undefined,
    };
  });
  return { header, records };
}

/** The outlet a row should become, worked out from the model alone. */
function expectedOutlet(file: OutletFile, outlet: OutletModel, streetIds: number[]) {
  const has = (field: Optional) => file.optional.includes(field);
  const text = (field: Optional, value: string) => (has(field) && value.trim() !== '' ? value.trim() : null);
  const date = outlet.lastVerified;
  const pad = (n: number) => String(n).padStart(2, '0');
  const street = fuzzStreetAt(outlet.lng, outlet.lat);
  return {
    name: outlet.name.trim(),
    categoryIds: [...new Set(outlet.categories.map((category) => category.id))],
    address: text('address', outlet.address),
    openingHours: text('openingHours', outlet.openingHours),
    phone: text('phone', outlet.phone),
    services: has('services') ? outlet.services.map((item) => item.trim()) : [],
    lastVerified: has('lastVerified') && date !== null ? `${date.year}-${pad(date.month)}-${pad(date.day)}` : null,
    externalId: text('externalId', outlet.externalId),
    status: 'active',
    streetId: street < 0 ? null : streetIds[street]!,
  };
}

const outletImporter: TableImporter<OutletFile> = {
  kind: 'outlets',
  file: outletFile,
  format: (file) => file.format,
  table: outletTable,
  options: (file) => ({ crs: file.crs }),
};

test('a generated valid outlet file (CSV, XLSX, GeoJSON; WGS-84, GCJ-02, BD-09) imports exactly its rows', async (t) => {
  const count = await runValidFileProperty(
    outletImporter,
    async (fixture, file) => {
      const streetIds = fixture.streets.map((street) => street.id);
      assertRowByRow(await fixture.store.listOutlets(), file.outlets, (outlet, model, row) => {
        const expected = { ...expectedOutlet(file, model, streetIds), source: `import:outlets.${file.format}` };
        assertFields(outlet, { ...expected, rejectReason: null, merchantId: null }, row);
        // GCJ-02 and BD-09 are converted back within centimetres (gcoord's inverse is iterative).
        const [lng, lat] = outlet.location;
        assert.ok(Math.abs(lng - model.lng) < 1e-5 && Math.abs(lat - model.lat) < 1e-5, `${row} at ${outlet.location}`);
      });
    },
    100,
  );
  t.diagnostic(fuzzTally('import outlets: valid files', count));
});

/** Values a checked cell must refuse, by field (the file's other cells stay valid). */
const BAD_VALUES: Record<string, fc.Arbitrary<string>> = {
  name: fc.constantFrom('', ' ', '\t', '\u3000'),
  lng: fc.constantFrom(
    'NaN',
    'abc',
    '1e999',
    '-1e999',
    '181',
    '-180.5',
    '0x79',
    '0b1',
    '0o7',
    '',
    'Infinity',
    '1.2.3',
    '１２１.４',
    '1e',
    '--1',
    '.',
    '-',
    '121.4.',
  ),
  lat: fc.constantFrom('NaN', 'abc', '1e999', '90.0001', '-91', '0x1F', '', 'Infinity', '31..2', '+'),
  category: fc.constantFrom('casino', '不存在的业态', 'breakfast;casino', 'shop', '便利'),
  lastVerified: fc.constantFrom(
    '2024-02-30',
    '2024-13-01',
    'yesterday',
    '2024-1-1x',
    '20240101',
    '0000-00-00',
    '2023-02-29',
    '1e3',
  ),
};

/** The header of a field in a generated file, or null when the file does not read it. */
function outletColumn(file: OutletFile, field: string): string | null {
  if (file.format === 'geojson' && (field === 'lng' || field === 'lat')) return null; // positions come from the geometry
  const isOptional = (OPTIONAL as readonly string[]).includes(field);
  return isOptional && !file.optional.includes(field as Optional) ? null : file.aliases[field]!;
}

test('one bad cell (CSV, XLSX, GeoJSON) fails with IMPORT_ROW naming its row and column, and writes nothing', async (t) => {
  // Every file has a last_verified column here, so a bad date has a cell to go in.
  const withDates = {
    ...outletImporter,
    file: outletFile.map((file) => ({ ...file, optional: [...new Set([...file.optional, 'lastVerified' as const])] })),
  };
  let count = await runBadCellProperty(withDates, BAD_VALUES, outletColumn, 250);
  // GeoJSON: a bad geometry names the feature and 'geometry'.
  const asGeoJson = (file: OutletFile): OutletFile => ({ ...file, format: 'geojson' });
  count += await runBadGeometryProperty(outletImporter, asGeoJson, BAD_POINT_GEOMETRIES, 100);
  t.diagnostic(fuzzTally('import outlets: bad cells', count));
});

test('any garbage in an outlet file (bytes, cells, headers) is imported whole or rejected with a located error, never half', async (t) => {
  t.diagnostic(fuzzTally('import outlets: garbage files', await runGarbageProperty(outletImporter, 500)));
});

const postgis = await postgisFixtures();

test(
  'on PostGIS, any garbage in an outlet file is imported whole or rejected with a located error, never half',
  { skip: postgis.skip },
  async (t) => {
    const count = await runGarbageProperty(outletImporter, POSTGIS_GARBAGE_RUNS, postgis.fixtureStore!);
    t.diagnostic(fuzzTally('import outlets on PostGIS: garbage files', count));
  },
);
