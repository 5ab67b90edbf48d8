import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError } from '@lifecircle/shared';
import { readGeoJson } from './read-geojson.js';

// Found by the GeoJSON fuzzing (import-geojson.fuzz.test.ts): JSON.stringify overflowed the stack (a RangeError, a 500 over HTTP).
test('fuzz regression: a property value nested 10,000 deep is IMPORT_ROW naming the feature and property', () => {
  const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const text = `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"甲"}},{"type":"Feature","geometry":null,"properties":{"备注":${deep}}}]}`;
  assert.throws(
    () => readGeoJson(new TextEncoder().encode(text), 'deep.geojson'),
    (error: unknown) =>
      isLifecircleError(error, 'IMPORT_ROW') &&
      error.details.row === 2 &&
      error.details.field === '备注' &&
      error.details.file === 'deep.geojson',
  );
  // Found by the same fuzzing at ten times the default runs: a property named "" gave an error naming no field.
  const unnamed = text.replace('"备注"', '""');
  assert.throws(
    () => readGeoJson(new TextEncoder().encode(unnamed), 'deep.geojson'),
    (error: unknown) => isLifecircleError(error, 'IMPORT_ROW') && error.details.field === '(unnamed property)',
  );
  // A shallow object still reads as its JSON text.
  const shallow = readGeoJson(
    new TextEncoder().encode('{"type":"Feature","geometry":null,"properties":{"x":{"a":[1]}}}'),
    's.geojson',
  );
  assert.equal(shallow.rows[0]!.values.x, '{"a":[1]}');
});
