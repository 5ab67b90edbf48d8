import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError } from './errors.js';
import { parseTaxonomy } from './taxonomy.js';

const category = { id: 'shop', name_zh: '店', name_en: 'Shop', tier: 'basic', default_walk_minutes: 10, osm: [] };

// Found by the taxonomy fuzzing (analysis/taxonomy-file.fuzz.test.ts): an array passed the "expected an object" check.
test('fuzz regression: an amap given as an array ("amap": []) is TAXONOMY_INVALID at [0].amap, not an empty rule set', () => {
  for (const amap of [[], ['类型']]) {
    assert.throws(
      () => parseTaxonomy([{ ...category, amap }], 'regression.json'),
      (error: unknown) => isLifecircleError(error, 'TAXONOMY_INVALID') && error.details.where === '[0].amap',
    );
  }
  assert.deepEqual(parseTaxonomy([{ ...category, amap: { types: ['购物服务'] } }], 'ok.json').categories[0]!.amap.types, [
    '购物服务',
  ]);
});
