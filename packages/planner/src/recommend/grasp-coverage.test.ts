import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng } from '@lifecircle/shared';
import { coveringSets } from './coverage-instance.js';
import { graspMaxCoverage } from './grasp-coverage.js';
import { greedyMaxCoverage } from './greedy-max-coverage.js';
import { randomCoverageInstance } from './testing/random-coverage.js';

/** Weight newly covered by a set of sites, counted plainly. */
function coverageOf(instance: ReturnType<typeof randomCoverageInstance>, chosen: readonly number[]): number {
  const sets = coveringSets(instance);
  const covered = new Set<number>();
  for (const j of chosen) for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) covered.add(sets.demand[s]!);
  let total = 0;
  for (const i of covered) total += instance.weight[i]!;
  return total;
}

/** The best k-subset by exhaustive search (tiny instances only). */
function exhaustiveBest(instance: ReturnType<typeof randomCoverageInstance>, k: number): number {
  let best = 0;
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === k) {
      best = Math.max(best, coverageOf(instance, chosen));
      return;
    }
    for (let j = from; j < instance.numCandidates; j++) pick(j + 1, [...chosen, j]);
  };
  pick(0, []);
  return best;
}

describe('graspMaxCoverage', () => {
  it('claims the coverage its sites really give, never beats the exhaustive optimum, never loses to the greedy, and repeats for a seed', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const instance = randomCoverageInstance(seededRng(900 + seed), 10, 30, 6);
      const k = 1 + (seed % 3);
      const result = graspMaxCoverage(instance, k, { seed });
      assert.ok(result.chosen.length <= k);
      assert.equal(result.totalGain, coverageOf(instance, result.chosen), `seed ${seed}`);
      assert.ok(result.totalGain <= exhaustiveBest(instance, k) + 1e-9, `seed ${seed}`);
      assert.ok(result.totalGain >= greedyMaxCoverage(instance, { k }).totalGain - 1e-9, `seed ${seed}`);
      assert.deepEqual(graspMaxCoverage(instance, k, { seed }).chosen, result.chosen, `seed ${seed}: deterministic`);
    }
  });
});
