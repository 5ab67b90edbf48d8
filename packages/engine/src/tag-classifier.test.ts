import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTaxonomy } from '@lifecircle/shared';
import { TagClassifier } from './tag-classifier.js';

// Found by the taxonomy fuzzing (analysis/taxonomy-file.fuzz.test.ts): the exact counterexample it shrank to.
test('fuzz regression: a tag set naming an inherited key ("hasOwnProperty": "*") matches only elements that carry that tag', () => {
  const taxonomy = parseTaxonomy(
    [
      { id: 'a', name_zh: '!', name_en: '!', tier: 'basic', default_walk_minutes: 1, osm: [] },
      { id: 'aa', name_zh: '!', name_en: '!', tier: 'basic', default_walk_minutes: 1, osm: [{ hasOwnProperty: '*' }] },
      { id: 'c', name_zh: '!', name_en: '!', tier: 'basic', default_walk_minutes: 1, osm: [{ constructor: '*' }] },
      // JSON.parse keeps `__proto__` an own key, as a taxonomy file is read.
      ...(JSON.parse(
        '[{"id":"p","name_zh":"!","name_en":"!","tier":"basic","default_walk_minutes":1,"osm":[{"__proto__":"*"}]}]',
      ) as unknown[]),
    ],
    'regression.json',
  );
  const classifier = new TagClassifier(taxonomy.categories);
  const out: number[] = [];
  assert.equal(classifier.classify({}, out), 0, 'an element without tags is in no category');
  assert.equal(classifier.classify({ shop: 'convenience' }, out), 0);
  classifier.classify(Object.fromEntries([['hasOwnProperty', 'yes']]), out);
  assert.deepEqual(out, [1]);
  classifier.classify(
    Object.fromEntries([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]),
    out,
  );
  assert.deepEqual(out, [2, 3]);
});
