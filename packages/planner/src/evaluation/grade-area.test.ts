import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testCategory } from '../testing/hand-worked-district.js';
import { gradeArea } from './grade-area.js';
import { DEFAULT_GRADING_RULES } from './grading-rules.js';

describe('gradeArea', () => {
  it('counts the shares over the official formats (§4.4), or over all when the taxonomy marks none', () => {
    const official = (id: string, tier: 'basic' | 'quality') => ({ ...testCategory(id, tier, null, 10), official: true });
    const categories = [
      official('a', 'basic'),
      official('b', 'basic'),
      testCategory('c', 'basic', null, 10),
      official('q', 'quality'),
      testCategory('r', 'quality', null, 15),
    ];
    const present = new Set(['a', 'c', 'r']);
    // Official basic a, b: a present → 1/2; official quality q: absent → 0.
    const graded = gradeArea(present, categories, DEFAULT_GRADING_RULES);
    assert.equal(graded.basicShare, 1 / 2);
    assert.equal(graded.qualityShare, 0);
    // All formats: basic a, b, c: a, c → 2/3; quality q, r: r → 1/2.
    const all = gradeArea(present, categories, { ...DEFAULT_GRADING_RULES, officialFormatsOnly: false });
    assert.equal(all.basicShare, 2 / 3);
    assert.equal(all.qualityShare, 1 / 2);
    // No official marks at all: everything counts, as with the rule off.
    const unmarked = categories.map((c) => ({ ...c, official: false }));
    assert.deepEqual(gradeArea(present, unmarked, DEFAULT_GRADING_RULES), all);
  });
});
