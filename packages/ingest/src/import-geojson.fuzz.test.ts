import { test } from 'node:test';
import fc from 'fast-check';
import { fuzzParameters, fuzzTally, JsonEntries, JsonRaw, jsonText, type JsonModel } from '@lifecircle/shared/testing';
import type { ImportKind } from './run-import.js';
import { utf8 } from './testing/csv-writer.js';
import { checkedImport, importRequest, rotatingFixture } from './testing/import-fixture.js';

// Property-based fuzzing of the GeoJSON reader under every importer that
// takes GeoJSON (outlets, compounds, boundaries): documents of the right
// shape with odd parts (deep nesting, wrong types, prototype keys, Infinity,
// other geometry types, many features) and plain JSON of any shape. Each is
// imported whole or rejected with a located error that changed nothing.

const KINDS: ImportKind[] = ['outlets', 'compounds', 'boundaries'];

/** `depth` arrays inside each other around `inner`, as text (deep enough to overflow a recursive walk). */
const nested = (depth: number, inner: string) => new JsonRaw(`${'['.repeat(depth)}${inner}${']'.repeat(depth)}`);
const nestedObject = (depth: number) => new JsonRaw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Values that break readers: odd numbers, prototype names, deep nesting, huge strings. */
const oddValue: fc.Arbitrary<JsonModel> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonModel>,
  fc.constantFrom<JsonModel>(
    new JsonRaw('1e999'),
    new JsonRaw('-1e999'),
    new JsonRaw('-0'),
    new JsonRaw('1e-400'),
    new JsonRaw('123456789012345678901234567890'),
    '__proto__',
    'constructor',
    'x'.repeat(20_000),
    '\uFEFF',
    '\u0000',
    '\uD800',
  ),
  fc.integer({ min: 1, max: 12_000 }).map((depth) => nested(depth, '121.4')),
  fc.integer({ min: 1, max: 12_000 }).map(nestedObject),
);

const key = fc.oneof(
  fc.constantFrom('name', '名称', 'lng', 'lat', 'category', 'level', 'residents', 'street', 'district', 'outline', 'code'),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', ''),
  fc.string({ maxLength: 6 }),
);
const properties: fc.Arbitrary<JsonModel> = fc.oneof(
  fc
    .array(fc.tuple(key, fc.oneof(oddValue, fc.constantFrom<JsonModel>('甲', '121.4', '31.2', 'pharmacy', 'street', '100'))), {
      maxLength: 8,
    })
    .map((entries) => new JsonEntries(entries)),
  oddValue,
);

const position: fc.Arbitrary<JsonModel> = fc.oneof(
  fc.tuple(fc.double({ min: 121.3, max: 121.5, noNaN: true }), fc.double({ min: 31.1, max: 31.3, noNaN: true })),
  fc.array(oddValue, { maxLength: 3 }),
  oddValue,
);
const ring: fc.Arbitrary<JsonModel> = fc.oneof(
  fc.array(position, { maxLength: 6 }),
  fc.tuple(position, position, position).map(([a, b, c]) => [a, b, c, a]),
  oddValue,
);
const geometry: fc.Arbitrary<JsonModel> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('Point', 'Polygon', 'MultiPolygon', 'LineString', 'GeometryCollection', 'Feature', '', 'polygon'),
      fc.oneof(
        position,
        fc.array(ring, { maxLength: 3 }),
        fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }),
        oddValue,
      ),
    )
    .map(
      ([type, coordinates]) =>
        new JsonEntries([
          ['type', type],
          ['coordinates', coordinates],
        ]),
    ),
  fc.integer({ min: 1, max: 12_000 }).map(
    (depth) =>
      new JsonEntries([
        ['type', 'Polygon'],
        ['coordinates', nested(depth, '[121.4,31.2]')],
      ]),
  ),
  oddValue,
);
const feature: fc.Arbitrary<JsonModel> = fc.oneof(
  fc
    .record({
      type: fc.constantFrom<JsonModel>('Feature', 'feature', 'FeatureCollection', null),
      geometry,
      properties,
      extra: fc.array(fc.tuple(key, oddValue), { maxLength: 2 }),
    })
    .map(
      ({ type, geometry: g, properties: p, extra }) =>
        new JsonEntries([['type', type], ['geometry', g], ['properties', p], ...extra]),
    ),
  oddValue,
);
const document: fc.Arbitrary<JsonModel> = fc.oneof(
  fc.array(feature, { maxLength: 6 }).map(
    (features) =>
      new JsonEntries([
        ['type', 'FeatureCollection'],
        ['features', features],
      ]),
  ),
  feature,
  fc.tuple(fc.constantFrom<JsonModel>('FeatureCollection', 'Feature'), oddValue).map(
    ([type, features]) =>
      new JsonEntries([
        ['type', type],
        ['features', features],
      ]),
  ),
  // Many features, each cheap: the reader must not do quadratic work.
  fc.integer({ min: 1000, max: 5000 }).map(
    (n) =>
      new JsonEntries([
        ['type', 'FeatureCollection'],
        [
          'features',
          new JsonRaw(
            Array(n).fill('{"type":"Feature","geometry":null,"properties":{}}').join(',').replace(/^/, '[').replace(/$/, ']'),
          ),
        ],
      ]),
  ),
  oddValue,
);

test('any GeoJSON-shaped document (deep nesting, prototype keys, wrong types, Infinity) is imported whole or rejected with a located error', async (t) => {
  let count = 0;
  const fixtures = rotatingFixture();
  try {
    await fc.assert(
      fc.asyncProperty(
        document,
        fc.constantFrom(...KINDS),
        fc.constantFrom('auto' as const, 'street' as const),
        async (doc, kind, level) => {
          count++;
          const request = importRequest(kind, `${kind}.geojson`, utf8(jsonText(doc)), { format: 'geojson', level });
          await checkedImport(await fixtures.get(), request);
        },
      ),
      fuzzParameters(500),
    );
  } finally {
    await fixtures.close();
  }
  t.diagnostic(fuzzTally('import GeoJSON: odd documents', count));
});
