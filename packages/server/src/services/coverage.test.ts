import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessResult, Category } from '@lifecircle/shared';
import { circleCoverage } from './coverage.js';

const category = (id: string, defaultWalkMinutes: number | null): Category => ({ id, defaultWalkMinutes }) as unknown as Category;

const result = (compoundId: number, categoryId: string, walkM: number | null): AccessResult => ({
  runId: 1,
  compoundId,
  categoryId,
  walkM,
  numWithin15: 0,
});

test('coverage is the share of residents within the category minutes at 1.2 m/s (hand-worked)', () => {
  // 10 min at 1.2 m/s = 720 m; 15 min = 1080 m.
  const compounds = [
    { id: 1, residents: 600 },
    { id: 2, residents: 300 },
    { id: 3, residents: 100 },
  ];
  const results = [
    result(1, 'shop', 720), // exactly at the limit: covered
    result(2, 'shop', 721), // one metre beyond: not covered
    result(3, 'shop', null), // unreachable
    result(1, 'market', 1000),
    result(2, 'market', 1080),
    // compound 3 has no market result at all: counts as not covered
  ];
  const coverage = circleCoverage(compounds, results, [
    category('shop', 10),
    category('market', 15),
    category('warehouse', null),
  ]);
  assert.deepEqual(coverage, { shop: 0.6, market: 0.9 });
});

test('coverage is null for every category when the compounds have no residents', () => {
  assert.deepEqual(circleCoverage([], [], [category('shop', 10)]), { shop: null });
  assert.deepEqual(circleCoverage([{ id: 1, residents: 0 }], [result(1, 'shop', 10)], [category('shop', 10)]), { shop: null });
});
