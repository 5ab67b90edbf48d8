import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LngLat } from '@lifecircle/shared';
import { fuzzTally } from '@lifecircle/shared/testing';
import type { Crs } from './coordinate-system.js';
import { COMPOUND_COLUMNS, DEFAULT_PERSONS_PER_M2 } from './parse-compounds.js';
import { BAD_AREA_GEOMETRIES } from './testing/garbage-inputs.js';
import { assertFields, assertRowByRow, FUZZ_STREETS, fuzzStreetAt } from './testing/import-fixture.js';
import { headerAlias, positionIn, textCell, xlsxSafe, type TableModel } from './testing/table-files.js';
import {
  runBadCellProperty,
  runBadGeometryProperty,
  runGarbageProperty,
  runValidFileProperty,
  type TableFormat,
  type TableImporter,
} from './testing/table-properties.js';
import { postgisFixtures, POSTGIS_GARBAGE_RUNS } from './testing/postgis-fixtures.js';

// Property-based fuzzing of compound imports (runImport kind 'compounds'):
// points and outlines, counted and estimated residents, age bands as counts
// or shares, street cells, in CSV, XLSX and GeoJSON and every CRS.

type Band = { kind: 'count'; share: number } | { kind: 'share'; percent: number } | null;

/** One generated compound, WGS-84: a rectangle around a grid cell's centre (cells ~330 m apart). */
interface CompoundModel {
  name: string;
  centre: LngLat;
  halfSize: LngLat;
  /** Where its position comes from: a point, the outline's centroid, or a point given with the outline. */
  shape: 'point' | 'outline' | 'both';
  /** Outline ring order: the first corner and the direction, as files differ. */
  firstCorner: number;
  isClockwise: boolean;
  hasHole: boolean;
  households: number | null;
  residents: { kind: 'count'; value: number } | { kind: 'estimate'; footprintM2: number; levels: number };
  bands: [Band, Band, Band];
  /** The street cell: empty, or a street of the fixture by name or code. */
  street: { index: number; by: 'name' | 'code' } | null;
  externalId: string;
}

const band: fc.Arbitrary<Band> = fc.oneof(
  fc.constant(null),
  fc.record({ kind: fc.constant('count' as const), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('share' as const), percent: fc.integer({ min: 0, max: 10000 }).map((n) => n / 100) }),
);

const compoundModel = (cell: number): fc.Arbitrary<CompoundModel> =>
  fc.record({
    name: textCell,
    centre: fc
      .tuple(fc.double({ min: -0.0003, max: 0.0003, noNaN: true }), fc.double({ min: -0.0003, max: 0.0003, noNaN: true }))
      .map(([dLng, dLat]): LngLat => [121.4015 + (cell % 10) * 0.003 + dLng, 31.2015 + Math.floor(cell / 10) * 0.003 + dLat]),
    halfSize: fc.tuple(
      fc.double({ min: 0.0001, max: 0.0008, noNaN: true }),
      fc.double({ min: 0.0001, max: 0.0008, noNaN: true }),
    ),
    shape: fc.constantFrom('point' as const, 'outline' as const, 'both' as const),
    firstCorner: fc.nat({ max: 3 }),
    isClockwise: fc.boolean(),
    hasHole: fc.boolean(),
    households: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
    residents: fc.oneof(
      fc.record({ kind: fc.constant('count' as const), value: fc.integer({ min: 0, max: 100_000 }) }),
      fc.record({
        kind: fc.constant('estimate' as const),
        footprintM2: fc.integer({ min: 1, max: 10_000_000 }).map((n) => n / 100),
        levels: fc.integer({ min: 1, max: 60 }),
      }),
    ),
    bands: fc.tuple(band, band, band),
    street: fc.option(
      fc.record({ index: fc.nat({ max: FUZZ_STREETS.length - 1 }), by: fc.constantFrom('name' as const, 'code' as const) }),
      {
        nil: null,
      },
    ),
    externalId: fc.oneof(fc.constant(''), textCell),
  });

interface CompoundFile {
  compounds: CompoundModel[];
  aliases: Record<string, string>;
  format: TableFormat;
  crs: Crs;
  /** persons per m² for estimates, or undefined for the default. */
  personsPerM2: number | undefined;
}

const FIELDS = [
  'name',
  'lng',
  'lat',
  'outline',
  'households',
  'residents',
  'footprintM2',
  'levels',
  'age0to14',
  'age15to59',
  'age60plus',
  'street',
  'externalId',
] as const;

const compoundFile: fc.Arbitrary<CompoundFile> = fc
  .record({
    cells: fc.uniqueArray(fc.nat({ max: 79 }), { minLength: 1, maxLength: 15 }),
    // `geometry` is also an outline alias, but in a GeoJSON file that name is the feature's own.
    aliases: fc.record(
      Object.fromEntries(
        FIELDS.map((field) => [field, headerAlias(COMPOUND_COLUMNS[field].filter((alias) => alias !== 'geometry'))]),
      ),
    ),
    format: fc.constantFrom<TableFormat>('csv', 'csv', 'csv', 'geojson', 'geojson', 'xlsx'),
    crs: fc.constantFrom<Crs>('wgs84', 'gcj02', 'bd09'),
    personsPerM2: fc.option(fc.double({ min: 0.005, max: 0.05, noNaN: true }), { nil: undefined }),
  })
  .chain(({ cells, ...rest }) =>
    fc.tuple(...cells.map(compoundModel)).map((compounds) => ({
      ...rest,
      compounds:
        rest.format === 'xlsx'
          ? compounds.map((c) => ({
              ...c,
              name: xlsxSafe(c.name) ? c.name : '小区',
              externalId: xlsxSafe(c.externalId) ? c.externalId : '',
            }))
          : compounds,
    })),
  );

/** The outline's rings in WGS-84: the rectangle (and a centred hole half its size), in the generated order. */
function outlineRings(compound: CompoundModel): LngLat[][] {
  const ring = (scale: number, isClockwise: boolean): LngLat[] => {
    const [x, y] = compound.centre;
    const [w, h] = [compound.halfSize[0] * scale, compound.halfSize[1] * scale];
    const corners: LngLat[] = [
      [x - w, y - h],
      [x + w, y - h],
      [x + w, y + h],
      [x - w, y + h],
    ];
    if (isClockwise) corners.reverse();
    const start = corners.slice(compound.firstCorner).concat(corners.slice(0, compound.firstCorner));
    return [...start, start[0]!];
  };
  return compound.hasHole ? [ring(1, compound.isClockwise), ring(0.5, !compound.isClockwise)] : [ring(1, compound.isClockwise)];
}

/** The point given for a compound: a little off the centre, so a test can tell it from the centroid. */
const pointOf = (compound: CompoundModel): LngLat => [compound.centre[0] + compound.halfSize[0] / 3, compound.centre[1]];

function bandCell(value: Band, residents: number): string {
  if (value === null) return '';
  return value.kind === 'share' ? `${value.percent}%` : String(Math.floor(value.share * residents));
}

/** Residents as the importer must compute them: the count, or footprint × levels × persons per m², rounded. */
function residentsOf(file: CompoundFile, compound: CompoundModel): number {
  const { residents } = compound;
  return residents.kind === 'count'
    ? residents.value
    : Math.round(residents.footprintM2 * residents.levels * (file.personsPerM2 ?? DEFAULT_PERSONS_PER_M2));
}

function compoundTable(file: CompoundFile): TableModel {
  const isGeoJson = file.format === 'geojson';
  const fields = FIELDS.filter((field) => !(isGeoJson && field === 'outline'));
  const records = file.compounds.map((compound) => {
    const hasPoint = compound.shape !== 'outline';
    const hasOutline = compound.shape !== 'point';
    const rings = outlineRings(compound).map((ring) => ring.map(([lng, lat]) => positionIn(file.crs, lng, lat)));
    const [x, y] = positionIn(file.crs, ...pointOf(compound));
    const residents = residentsOf(file, compound);
    const streetCell = compound.street === null ? '' : FUZZ_STREETS[compound.street.index]![compound.street.by];
    const value: Record<string, string | number> = {
      name: compound.name,
      // GeoJSON: a Point geometry, or the point in lng/lat beside a Polygon geometry.
      lng: hasPoint && !(isGeoJson && compound.shape === 'point') ? x : '',
      lat: hasPoint && !(isGeoJson && compound.shape === 'point') ? y : '',
      outline: hasOutline ? JSON.stringify({ type: 'Polygon', coordinates: rings }) : '',
      households: compound.households ?? '',
      residents: compound.residents.kind === 'count' ? compound.residents.value : '',
      footprintM2: compound.residents.kind === 'estimate' ? compound.residents.footprintM2 : '',
      levels: compound.residents.kind === 'estimate' ? compound.residents.levels : '',
      age0to14: bandCell(compound.bands[0], residents),
      age15to59: bandCell(compound.bands[1], residents),
      age60plus: bandCell(compound.bands[2], residents),
      street: streetCell,
      externalId: compound.externalId,
    };
    const geometry = !isGeoJson
      ? undefined
      : compound.shape === 'point'
        ? { type: 'Point', coordinates: [x, y] }
        : { type: 'Polygon', coordinates: rings };
    return { cells: fields.map((field) => (file.format === 'xlsx' ? value[field]! : String(value[field]))), geometry };
  });
  return { header: fields.map((field) => file.aliases[field]!), records };
}

/** The stored compound a row should become, worked out from the model (positions compared apart). */
function expectedCompound(file: CompoundFile, compound: CompoundModel, streetIds: number[]) {
  const residents = residentsOf(file, compound);
  const location = compound.shape === 'outline' ? compound.centre : pointOf(compound);
  const street = compound.street !== null ? compound.street.index : fuzzStreetAt(location[0], location[1]);
  const bandValue = (value: Band) =>
    value === null
      ? null
      : value.kind === 'share'
        ? Math.round((value.percent / 100) * residents)
        : Math.floor(value.share * residents);
  return {
    name: compound.name.trim(),
    streetId: street < 0 ? null : streetIds[street]!,
    committeeId: null,
    circleId: null,
    gates: [],
    households: compound.households,
    residents,
    isEstimated: compound.residents.kind === 'estimate',
    age0to14: bandValue(compound.bands[0]),
    age15to59: bandValue(compound.bands[1]),
    age60plus: bandValue(compound.bands[2]),
    source: `import:compounds.${file.format}`,
    externalId: compound.externalId.trim() === '' ? null : compound.externalId.trim(),
  };
}

const near = (a: readonly number[], b: readonly number[]) => Math.abs(a[0]! - b[0]!) < 1e-5 && Math.abs(a[1]! - b[1]!) < 1e-5;

const compoundImporter: TableImporter<CompoundFile> = {
  kind: 'compounds',
  file: compoundFile,
  format: (file) => file.format,
  table: compoundTable,
  options: (file) => ({ crs: file.crs, ...(file.personsPerM2 === undefined ? {} : { personsPerM2: file.personsPerM2 }) }),
};

test('a generated valid compound file (points, outlines, estimates, shares; CSV, XLSX, GeoJSON; any CRS) imports exactly its rows', async (t) => {
  const count = await runValidFileProperty(
    compoundImporter,
    async (fixture, file) => {
      const streetIds = fixture.streets.map((street) => street.id);
      assertRowByRow(await fixture.store.listCompounds(), file.compounds, (compound, model, row) => {
        assertFields(compound, expectedCompound(file, model, streetIds), row);
        const location = model.shape === 'outline' ? model.centre : pointOf(model);
        assert.ok(near(compound.location, location), `${row} at ${compound.location}, expected ${location}`);
        if (model.shape === 'point') assert.equal(compound.outline, null);
        else {
          assert.equal(compound.outline?.type, 'Polygon');
          const rings = compound.outline!.coordinates as LngLat[][];
          const modelRings = outlineRings(model);
          assert.equal(rings.length, modelRings.length);
          rings.forEach((ring, r) => ring.forEach((position, k) => assert.ok(near(position, modelRings[r]![k]!))));
        }
      });
    },
    100,
  );
  t.diagnostic(fuzzTally('import compounds: valid files', count));
});

const badNumber = ['NaN', 'abc', '1e999', '-1', '0x10', '0b11', '1.2.3', 'Infinity', '１０'];
const BAD_VALUES: Record<string, fc.Arbitrary<string>> = {
  name: fc.constantFrom('', ' ', '\u3000'),
  lng: fc.constantFrom('NaN', '181', '0x79', '1e999', 'abc'),
  lat: fc.constantFrom('-90.5', 'NaN', '0o7', '..'),
  households: fc.constantFrom(...badNumber, '1000001'),
  residents: fc.constantFrom(...badNumber, '10000001'),
  footprintM2: fc.constantFrom(...badNumber, '10000001'),
  levels: fc.constantFrom(...badNumber, '201'),
  age60plus: fc.constantFrom('101%', '-5%', 'abc%', 'abc', '0x1', '-1', '%', '1e999', '99999999'),
  street: fc.constantFrom('不存在街道', '310107', '甲', '310107003'),
  outline: fc.constantFrom('not json', 'null', '[]', '"Polygon"', ...BAD_AREA_GEOMETRIES),
};

/** The header of a field a row of this file reads, or null where a bad value there would not be read. */
function compoundColumn(file: CompoundFile, field: string): string | null {
  // A GeoJSON feature's geometry takes the place of the outline and point cells.
  if (file.format === 'geojson' && ['outline', 'lng', 'lat'].includes(field)) return null;
  // Footprint and levels are read only without residents.
  if ((field === 'footprintM2' || field === 'levels') && file.compounds.some((c) => c.residents.kind === 'count')) return null;
  // A row without a point reads lng first, so a bad latitude alone would be reported as the missing longitude.
  if ((field === 'lng' || field === 'lat') && file.compounds.some((c) => c.shape === 'outline')) return null;
  return file.aliases[field]!;
}

test('one bad cell of a compound file fails with IMPORT_ROW naming its row and column, and writes nothing', async (t) => {
  let count = await runBadCellProperty(compoundImporter, BAD_VALUES, compoundColumn, 300);
  // A GeoJSON feature's own geometry: broken outlines are named 'geometry'.
  const asGeoJson = (file: CompoundFile): CompoundFile => ({
    ...file,
    format: 'geojson',
    // A Point geometry is read as the position, so every feature here has an outline.
    compounds: file.compounds.map((compound) => ({ ...compound, shape: 'outline' })),
  });
  count += await runBadGeometryProperty(compoundImporter, asGeoJson, BAD_AREA_GEOMETRIES, 80);
  t.diagnostic(fuzzTally('import compounds: bad cells', count));
});

test('any garbage in a compound file is imported whole or rejected with a located error, never half', async (t) => {
  t.diagnostic(fuzzTally('import compounds: garbage files', await runGarbageProperty(compoundImporter, 400)));
});

const postgis = await postgisFixtures();

test(
  'on PostGIS, any garbage in a compound file is imported whole or rejected with a located error, never half',
  { skip: postgis.skip },
  async (t) => {
    const count = await runGarbageProperty(compoundImporter, POSTGIS_GARBAGE_RUNS, postgis.fixtureStore!);
    t.diagnostic(fuzzTally('import compounds on PostGIS: garbage files', count));
  },
);
