import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GRADING_RULES, parseGradingRules } from './grading-rules.js';

describe('parseGradingRules', () => {
  it('returns the defaults for an empty object and keeps given fields', () => {
    assert.deepEqual(parseGradingRules({}), DEFAULT_GRADING_RULES);
    const rules = parseGradingRules({ shortfallShare: 0.8, youthHeavy: { pointsAboveDistrict: 4, minShare: 0.3 } });
    assert.equal(rules.shortfallShare, 0.8);
    assert.deepEqual(rules.youthHeavy, { pointsAboveDistrict: 4, minShare: 0.3 });
  });

  it('round-trips the defaults through JSON', () => {
    assert.deepEqual(parseGradingRules(JSON.parse(JSON.stringify(DEFAULT_GRADING_RULES))), DEFAULT_GRADING_RULES);
  });

  const cases: [string, unknown, string][] = [
    ['a non-object', [], '(root)'],
    ['an unknown field', { colour: 1 }, 'colour'],
    ['a share above 1', { presenceShare: 1.5 }, 'presenceShare'],
    ['a grade share that is not a number', { grades: [{ grade: '基础型', minBasicShare: 'x' }] }, 'grades[0].minBasicShare'],
    ['an unknown grade name', { grades: [{ grade: '金牌' }] }, 'grades[0].grade'],
    ['a grade naming an unknown group', { grades: [{ grade: '基础型', groups: ['一X一Y'] }] }, 'grades[0].groups'],
    ['an empty group requirement', { groups: { 一店一早: [[]] } }, 'groups.一店一早[0]'],
    ['a basket that is not a list of ids', { elderlyBasket: 'pharmacy' }, 'elderlyBasket'],
    ['negative age points', { elderlyHeavy: { pointsAboveDistrict: -1 } }, 'elderlyHeavy.pointsAboveDistrict'],
  ];
  for (const [what, json, field] of cases) {
    it(`names the field of ${what} in a VALIDATION error`, () => {
      assert.throws(
        () => parseGradingRules(json),
        (error: unknown) => {
          const e = error as { code?: string; details?: { field?: string } };
          assert.equal(e.code, 'VALIDATION');
          assert.equal(e.details?.field, field);
          return true;
        },
      );
    });
  }
});
