import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessRunSummary, type AccessPart } from './access-summary.js';

const part = (
  numCompounds: number,
  covered: number,
  total: number,
  reached: number,
  meanMinutes: number | null,
  offNetwork = 0,
): AccessPart => ({
  numCompounds,
  numOutlets: 4,
  numOriginsOffNetwork: offNetwork,
  numOriginsBehindGates: numCompounds - offNetwork,
  coverage: [
    {
      categoryId: 'breakfast',
      targetMinutes: 10,
      numOutlets: 4,
      coveredPopulation: covered,
      totalPopulation: total,
      reachedPopulation: reached,
      meanMinutes,
    },
  ],
});

test('merges parts by residents: shares from summed residents, mean minutes weighted by the residents reached', () => {
  // Worked by hand: 300 of 1,000 and 500 of 500 covered → 800 / 1,500; means 12 over 900 and 4 over 500 → (10,800 + 2,000) / 1,400.
  const summary = accessRunSummary([part(10, 300, 1000, 900, 12, 1), part(5, 500, 500, 500, 4)], 1234.4);
  assert.deepEqual(summary, {
    durationMs: 1234,
    numCompounds: 15,
    numOutlets: 4,
    numOriginsOffNetwork: 1,
    numOriginsBehindGates: 14,
    coverage: [{ categoryId: 'breakfast', targetMinutes: 10, numOutlets: 4, share: 800 / 1500, meanMinutes: 12_800 / 1400 }],
  });
});

test('reports no share and no mean when no part has residents or reaches an outlet', () => {
  const summary = accessRunSummary([part(2, 0, 0, 0, null), part(1, 0, 0, 0, null)], 0);
  assert.deepEqual((summary.coverage as { share: unknown; meanMinutes: unknown }[])[0], {
    categoryId: 'breakfast',
    targetMinutes: 10,
    numOutlets: 4,
    share: null,
    meanMinutes: null,
  });
});
