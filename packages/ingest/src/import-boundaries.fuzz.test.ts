import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AreaGeometry } from '@lifecircle/shared';
import {
  fuzzParameters,
  fuzzTally,
  JsonEntries,
  JsonRaw,
  jsonText,
  mutateBytes,
  type JsonModel,
} from '@lifecircle/shared/testing';
import { utf8 } from './testing/csv-writer.js';
import { BAD_AREA_GEOMETRIES, byteMutation } from './testing/garbage-inputs.js';
import {
  checkedImport,
  FUZZ_STREETS,
  importRequest,
  openImportFixture,
  rotatingFixture,
  squareArea,
  type FixtureStore,
} from './testing/import-fixture.js';
import { headerAlias, textCell } from './testing/table-files.js';
import { postgisFixtures, POSTGIS_GARBAGE_RUNS } from './testing/postgis-fixtures.js';

// Property-based fuzzing of boundary imports (runImport kind 'boundaries',
// GeoJSON): districts, streets and circles, by fixed level or each feature's
// `level`, against a fixture with district 测试区 (310107) and streets 甲, 乙.

/** A rectangle [west, south, east, north] in degrees. */
type Rect = [number, number, number, number];

/** Streets are drawn on a 0.01° grid; circles on the same grid shifted by 0.0025°, so no circle corner or centre lies on a street edge. */
const streetRect = fc
  .tuple(fc.nat({ max: 4 }), fc.nat({ max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))
  .map(([i, j, w, h]): Rect => [121.4 + 0.01 * i, 31.19 + 0.01 * j, 121.4 + 0.01 * (i + w), 31.19 + 0.01 * (j + h)]);
const circleRect = fc
  .tuple(fc.nat({ max: 4 }), fc.nat({ max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))
  .map(([i, j, w, h]): Rect => {
    const west = 121.3925 + 0.01 * i;
    const south = 31.1825 + 0.01 * j;
    return [west, south, west + 0.01 * w, south + 0.01 * h];
  });

function rectArea([west, south, east, north]: Rect, asMulti: boolean): AreaGeometry {
  const ring: [number, number][] = [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
  return asMulti ? { type: 'MultiPolygon', coordinates: [[ring]] } : { type: 'Polygon', coordinates: [ring] };
}

const isInside = ([west, south, east, north]: Rect, [lng, lat]: [number, number]) =>
  lng > west && lng < east && lat > south && lat < north;

type FeatureModel =
  | { level: 'district'; name: string; code: string | null }
  | { level: 'street'; name: string; code: string | null; rect: Rect; existing: number | null; byCode: boolean }
  | { level: 'circle'; name: string; code: string | null; rect: Rect };

interface BoundaryFile {
  features: FeatureModel[];
  /** 'auto': each feature says its level; otherwise the request's level (every feature of it). */
  mode: 'auto' | 'fixed';
  aliases: { name: string; code: string; level: string; district: string };
  /** The district property of streets and circles: absent, or 测试区 by name or code. */
  districtRef: null | '测试区' | '310107';
  asMulti: boolean;
  extraProperty: JsonModel;
}

const newName = (prefix: string) => textCell.map((text) => `${prefix}${text.trim()}`);
const codeOf = fc.option(fc.stringMatching(/^9\d{8}$/), { nil: null });

/** A file of new districts, or of streets (new or redrawn) and circles. */
const boundaryFile: fc.Arbitrary<BoundaryFile> = fc
  .record({
    isDistricts: fc.boolean(),
    mode: fc.constantFrom('auto' as const, 'fixed' as const),
    aliases: fc.record({
      name: headerAlias(['name', '名称']),
      code: headerAlias(['code', 'adcode', '代码']),
      level: headerAlias(['level', '级别']),
      district: headerAlias(['district', '区', '所属区']),
    }),
    districtRef: fc.constantFrom(null, '测试区' as const, '310107' as const),
    asMulti: fc.boolean(),
    extraProperty: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonModel>,
    districts: fc.uniqueArray(fc.record({ name: newName('区'), code: codeOf }), {
      minLength: 1,
      maxLength: 4,
      selector: (d) => d.name,
    }),
    fixedLevel: fc.constantFrom('street' as const, 'circle' as const),
    streets: fc.uniqueArray(
      fc.record({
        name: newName('路'),
        code: codeOf,
        rect: streetRect,
        existing: fc.option(fc.nat({ max: 1 }), { nil: null }),
        byCode: fc.boolean(),
      }),
      { maxLength: 4, selector: (s) => (s.existing === null ? s.name : `#${s.existing}`) },
    ),
    circles: fc.uniqueArray(fc.record({ name: newName('圈'), code: codeOf, rect: circleRect }), {
      maxLength: 4,
      selector: (c) => c.name,
    }),
    order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ isDistricts, districts, streets, circles, fixedLevel, order, ...rest }) => {
    let features: FeatureModel[];
    if (isDistricts) features = districts.map((d) => ({ level: 'district' as const, ...d }));
    else {
      const streetFeatures = streets.map((s) => ({ level: 'street' as const, ...s, code: s.existing !== null ? null : s.code }));
      const circleFeatures = circles.map((c) => ({ level: 'circle' as const, ...c }));
      const chosen: FeatureModel[] =
        rest.mode === 'fixed'
          ? fixedLevel === 'street'
            ? streetFeatures
            : circleFeatures
          : [...streetFeatures, ...circleFeatures];
      // Mixed order, so circles come before and after the streets they touch.
      features = chosen
        .map((feature, index) => [order[index % order.length]! + index * 1e-9, feature] as const)
        .sort(([a], [b]) => a - b)
        .map(([, feature]) => feature);
      if (features.length === 0)
        features = [{ level: 'circle', name: '圈', code: null, rect: [121.4025, 31.2025, 121.4125, 31.2125] }];
    }
    // A code names one place: a repeated one would make a later feature redraw the earlier.
    const codes = new Set<string>();
    features = features.map((feature) => {
      if (feature.code === null || !codes.has(feature.code)) {
        if (feature.code !== null) codes.add(feature.code);
        return feature;
      }
      return { ...feature, code: null };
    });
    return { ...rest, features };
  });

function featureJson(file: BoundaryFile, feature: FeatureModel): JsonEntries {
  const properties: [string, JsonModel][] = [];
  const name =
    feature.level === 'street' && feature.existing !== null && !feature.byCode
      ? FUZZ_STREETS[feature.existing]!.name
      : feature.name;
  properties.push([file.aliases.name, name]);
  if (feature.level === 'street' && feature.existing !== null && feature.byCode)
    properties.push([file.aliases.code, FUZZ_STREETS[feature.existing]!.code]);
  else if (feature.code !== null) properties.push([file.aliases.code, feature.code]);
  if (file.mode === 'auto') properties.push([file.aliases.level, feature.level]);
  if (feature.level !== 'district' && file.districtRef !== null) properties.push([file.aliases.district, file.districtRef]);
  properties.push(['备注', file.extraProperty]);
  const geometry =
    feature.level === 'district' ? rectArea([121.3, 31.1, 121.31, 31.11], file.asMulti) : rectArea(feature.rect, file.asMulti);
  return new JsonEntries([
    ['type', 'Feature'],
    ['properties', new JsonEntries(properties)],
    ['geometry', JSON.parse(JSON.stringify(geometry)) as JsonModel],
  ]);
}

function boundaryBytes(file: BoundaryFile): Uint8Array {
  return utf8(
    jsonText(
      new JsonEntries([
        ['type', 'FeatureCollection'],
        ['features', file.features.map((f) => featureJson(file, f))],
      ]),
    ),
  );
}

function levelOf(file: BoundaryFile): 'auto' | 'district' | 'street' | 'circle' {
  return file.mode === 'auto' ? 'auto' : file.features[0]!.level;
}

test('a generated valid boundary file imports its districts, redraws or adds its streets and places its circles in the streets they touch', async (t) => {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(boundaryFile, async (file) => {
      count++;
      const fixture = await openImportFixture();
      try {
        const request = importRequest('boundaries', 'boundaries.geojson', boundaryBytes(file), {
          format: 'geojson',
          level: levelOf(file),
        });
        const outcome = await checkedImport(fixture, request);
        assert.ok(outcome.report, `accepted: ${outcome.error?.message}`);
        // The streets as the file leaves them, by name: the fixture's two, then the file's in order.
        const streets = new Map<string, { rect: Rect; boundary: AreaGeometry; code: string | null; kind: string }>(
          FUZZ_STREETS.map((s) => [
            s.name,
            {
              rect: [s.west, s.south, s.west + s.size, s.south + s.size],
              boundary: squareArea(s.west, s.south, s.size),
              code: s.code,
              kind: 'subdistrict',
            },
          ]),
        );
        const circles: { name: string; code: string | null; rect: Rect; streetNames: string[] }[] = [];
        const districts: { name: string; code: string | null }[] = [{ name: '测试区', code: '310107' }];
        let numInserted = 0;
        for (const feature of file.features) {
          if (feature.level === 'district') {
            districts.push({ name: feature.name, code: feature.code });
            numInserted++;
          } else if (feature.level === 'street') {
            const name = feature.existing === null ? feature.name : FUZZ_STREETS[feature.existing]!.name;
            const before = streets.get(name);
            if (before === undefined) numInserted++;
            const kind = before?.kind ?? (name.endsWith('镇') && !name.endsWith('街道') ? 'town' : 'subdistrict');
            const code = feature.existing === null ? feature.code : (before?.code ?? null);
            streets.set(name, { rect: feature.rect, boundary: rectArea(feature.rect, file.asMulti), code, kind });
          } else {
            const [west, south, east, north] = feature.rect;
            const probes: [number, number][] = [
              [(west + east) / 2, (south + north) / 2],
              [west, south],
              [east, south],
              [east, north],
              [west, north],
            ];
            const streetNames = [...streets].filter(([, s]) => probes.some((p) => isInside(s.rect, p))).map(([name]) => name);
            circles.push({ name: feature.name, code: feature.code, rect: feature.rect, streetNames });
            numInserted++;
          }
        }
        assert.equal(outcome.report.numInserted, numInserted);
        assert.deepEqual(
          (await fixture.store.listDistricts()).map((d) => ({ name: d.name, code: d.code })),
          districts,
        );
        const stored = await fixture.store.listStreets();
        const idByName = new Map(stored.map((s) => [s.name, s.id]));
        assert.deepEqual(
          stored.map((s) => [s.name, s.code, s.kind, s.boundary]),
          [...streets].map(([name, s]) => [name, s.code, s.kind, s.boundary]),
        );
        const storedCircles = await fixture.store.listCircles();
        assert.deepEqual(
          storedCircles.map((c) => ({ name: c.name, code: c.code, boundary: c.boundary, streetIds: c.streetIds })),
          circles.map((c) => ({
            name: c.name,
            code: c.code,
            boundary: rectArea(c.rect, file.asMulti),
            streetIds: c.streetNames.map((name) => idByName.get(name)!).sort((a, b) => a - b),
          })),
        );
      } finally {
        await fixture.close();
      }
    }),
    fuzzParameters(150),
  );
  t.diagnostic(fuzzTally('import boundaries: valid files', count));
});

/** A feature broken on purpose, with the field its error must name. */
type Breakage = { property: 'name' | 'level' | 'district'; value: JsonModel } | { property: 'geometry'; value: JsonModel };

const badGeometry: fc.Arbitrary<JsonModel> = fc.constantFrom(
  ...['null', ...BAD_AREA_GEOMETRIES].map((text) => new JsonRaw(text)),
);

const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc.record({ property: fc.constant('name' as const), value: fc.constantFrom<JsonModel>('', ' ', null) }),
  fc.record({
    property: fc.constant('level' as const),
    value: fc.constantFrom<JsonModel>('', 'County', 'streets', '区', 3, null),
  }),
  fc.record({ property: fc.constant('district' as const), value: fc.constantFrom<JsonModel>('不存在区', '310108', '乙街道') }),
  fc.record({ property: fc.constant('geometry' as const), value: badGeometry }),
);

test('one broken feature (name, level, district, geometry) fails with IMPORT_ROW naming the feature and field, and writes nothing', async (t) => {
  let count = 0;
  const fixtures = rotatingFixture();
  try {
    await fc.assert(
      fc.asyncProperty(boundaryFile, breakage, fc.nat(), async (file, broken, seed) => {
        // A level is read only from 'auto' files; a district property only on streets and circles.
        const index = seed % file.features.length;
        const feature = file.features[index]!;
        fc.pre(broken.property !== 'level' || file.mode === 'auto');
        fc.pre(broken.property !== 'district' || feature.level !== 'district');
        count++;
        const json = file.features.map((f) => featureJson(file, f));
        const target = json[index]!;
        let field: string;
        if (broken.property === 'geometry') {
          json[index] = new JsonEntries([...target.entries.filter(([key]) => key !== 'geometry'), ['geometry', broken.value]]);
          field = 'geometry';
        } else {
          const alias = file.aliases[broken.property];
          const properties = (target.entries.find(([key]) => key === 'properties')![1] as JsonEntries).entries.filter(
            ([key]) => key !== alias,
          );
          json[index] = new JsonEntries([
            ...target.entries.filter(([key]) => key !== 'properties'),
            ['properties', new JsonEntries([...properties, [alias, broken.value]])],
          ]);
          field = alias;
        }
        const bytes = utf8(
          jsonText(
            new JsonEntries([
              ['type', 'FeatureCollection'],
              ['features', json],
            ]),
          ),
        );
        const request = importRequest('boundaries', 'b.geojson', bytes, { format: 'geojson', level: levelOf(file) });
        const outcome = await checkedImport(await fixtures.get(), request, { row: index + 1, field });
        assert.ok(outcome.error, `${broken.property} ${jsonText(broken.value)} was accepted`);
      }),
      fuzzParameters(300),
    );
  } finally {
    await fixtures.close();
  }
  t.diagnostic(fuzzTally('import boundaries: broken features', count));
});

/** Mutated boundary files, on fresh fixtures of `fixtureStore` every 50 imports: each is imported whole or rejected with a located error. Returns how many ran. */
async function runBoundaryGarbage(numRuns: number, fixtureStore?: FixtureStore): Promise<number> {
  let count = 0;
  const fixtures = rotatingFixture(50, fixtureStore);
  try {
    await fc.assert(
      fc.asyncProperty(
        boundaryFile,
        fc.array(byteMutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('auto' as const, 'district' as const, 'street' as const, 'circle' as const),
        fc.constantFrom('wgs84' as const, 'gcj02' as const, 'bd09' as const),
        async (file, mutations, level, crs) => {
          count++;
          const bytes = mutateBytes(boundaryBytes(file), mutations);
          const request = importRequest('boundaries', 'b.geojson', bytes, { format: 'geojson', level, crs });
          await checkedImport(await fixtures.get(), request);
        },
      ),
      fuzzParameters(numRuns),
    );
  } finally {
    await fixtures.close();
  }
  return count;
}

test('any garbage in a boundary file (bytes, levels, CRS) is imported whole or rejected with a located error, never half', async (t) => {
  t.diagnostic(fuzzTally('import boundaries: garbage files', await runBoundaryGarbage(300)));
});

const postgis = await postgisFixtures();

test(
  'on PostGIS, any garbage in a boundary file is imported whole or rejected with a located error, never half',
  { skip: postgis.skip },
  async (t) => {
    const count = await runBoundaryGarbage(POSTGIS_GARBAGE_RUNS, postgis.fixtureStore!);
    t.diagnostic(fuzzTally('import boundaries on PostGIS: garbage files', count));
  },
);
