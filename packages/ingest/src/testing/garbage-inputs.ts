import fc from 'fast-check';
import { byteMutation as byteMutationOf, POSTGRES_HOSTILE_TEXTS, textBytes, type ByteMutation } from '@lifecircle/shared/testing';

// What a broken or hostile file holds, for the importer fuzz tests: byte
// mutations, garbage cell values and geometries every importer must refuse.

/** Byte mutations with bytes that break text formats: NUL, stray UTF-8 lead and continuation bytes, quotes, separators, line ends, a BOM, GB 18030. */
export const byteMutation: fc.Arbitrary<ByteMutation> = byteMutationOf(
  fc.oneof(
    textBytes('"', ',', '\r', '\n', '""', '\u2028', '\uFEFF'),
    fc.constantFrom(
      Uint8Array.of(0),
      Uint8Array.of(0xff, 0xfe),
      Uint8Array.of(0xc3),
      Uint8Array.of(0x80),
      Uint8Array.of(0xe4, 0xb8),
      Uint8Array.of(0xd6, 0xd0, 0xce, 0xc4), // 中文 in GB 18030
    ),
  ),
  64,
);

/** Cell values that break numbers, dates and texts. */
export const GARBAGE_CELLS = [
  '',
  ' ',
  'NaN',
  'nan',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '1e308',
  '0x79',
  '0b1',
  '0o7',
  '1,5',
  '1.2.3',
  '１２１.４',
  'null',
  'undefined',
  'true',
  '"',
  '""',
  '\uFEFF',
  '💥',
  '=1+1',
  '-',
  '.',
  '+',
  '9'.repeat(400),
  'x'.repeat(5000),
  '2024-02-30',
  '2024/13/01',
  '%',
  '101%',
  '-5%',
  '{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}',
  '[]',
  // NUL (a raw byte in CSV, `\u0000` in GeoJSON) and incompressible kilobytes: what PostgreSQL refuses or cannot index.
  ...POSTGRES_HOSTILE_TEXTS,
];

/** A garbage cell value: one of GARBAGE_CELLS, a text PostgreSQL refuses, or any short unicode string. */
export const garbageCell: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...GARBAGE_CELLS),
  // Often enough that a short PostGIS run meets them in a GeoJSON file and in an external id.
  fc.constantFrom(...POSTGRES_HOSTILE_TEXTS),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** GeoJSON geometry texts an outlet's Point must refuse (out of range, wrong types and shapes, other geometries, Infinity). */
export const BAD_POINT_GEOMETRIES: readonly string[] = [
  '{"type":"Point","coordinates":[200,31]}',
  '{"type":"Point","coordinates":[121.4,-91]}',
  '{"type":"Point","coordinates":[1e999,31.2]}',
  '{"type":"Point","coordinates":["121.4","31.2"]}',
  '{"type":"Point","coordinates":[121.4]}',
  '{"type":"Point","coordinates":[]}',
  '{"type":"Point","coordinates":null}',
  '{"type":"Point","coordinates":{"lng":121.4,"lat":31.2}}',
  '{"type":"Point","coordinates":[[121.4,31.2]]}',
  '{"type":"LineString","coordinates":[[121.4,31.2],[121.41,31.2]]}',
  '{"type":"GeometryCollection","geometries":[]}',
  '{"type":"Polygon","coordinates":[[[121.4,31.2],[121.41,31.2],[121.41,31.21],[121.4,31.2]]]}',
  '{"coordinates":[121.4,31.2]}',
  '"Point"',
  '[]',
];

/** GeoJSON geometry texts a compound outline or a boundary must refuse: unclosed or short rings, out of range, wrong types, other geometries. */
export const BAD_AREA_GEOMETRIES: readonly string[] = [
  '{"type":"Polygon","coordinates":[[[121.4,31.2],[121.41,31.2],[121.41,31.21],[121.4,31.25]]]}',
  '{"type":"Polygon","coordinates":[[[121.4,31.2],[121.41,31.2],[121.4,31.2]]]}',
  '{"type":"Polygon","coordinates":[[[121.4,31.2],[121.4,31.2]]]}',
  '{"type":"Polygon","coordinates":[]}',
  '{"type":"Polygon","coordinates":[[]]}',
  '{"type":"Polygon","coordinates":"x"}',
  '{"type":"Polygon","coordinates":[[[121.4,31.2],[200,31.2],[121.41,31.21],[121.4,31.2]]]}',
  '{"type":"Polygon","coordinates":[[[121.4,31.2],[121.41,31.2],[121.41,91],[121.4,31.2]]]}',
  '{"type":"Polygon","coordinates":[[[121.4,31.2],[121.41,31.2],[121.41,1e999],[121.4,31.2]]]}',
  '{"type":"Polygon","coordinates":[[[121.4,31.2],["121.41",31.2],[121.41,31.21],[121.4,31.2]]]}',
  '{"type":"Polygon","coordinates":[[null,null,null,null]]}',
  '{"type":"Polygon","coordinates":[[[121.4,31.2],[121.41,31.2],[121.41,31.21],[121.4,31.2]],"hole"]}',
  '{"type":"MultiPolygon","coordinates":[]}',
  '{"type":"MultiPolygon","coordinates":[[]]}',
  '{"type":"MultiPolygon","coordinates":{}}',
  '{"type":"MultiPolygon","coordinates":[[[[121.4,31.2],[121.41]]]]}',
  '{"type":"LineString","coordinates":[[121.4,31.2],[121.41,31.2]]}',
  '{"type":"GeometryCollection","geometries":[]}',
  '{"coordinates":[[[121.4,31.2],[121.41,31.2],[121.41,31.21],[121.4,31.2]]]}',
  '"Polygon"',
  '[]',
];
