import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import { coveredWeight, type CoverageInstance } from './coverage-instance.js';
import { greedyMaxCoverage } from './greedy-max-coverage.js';
import { randomCoverageInstance, referenceCoveredWeight, subsetsOfSize } from './testing/random-coverage.js';

/** The plain greedy, O(k·n·m): each round, the candidate (lowest index on ties) adding the most covered weight. */
function plainGreedy(instance: CoverageInstance, k: number): number[] {
  const chosen: number[] = [];
  for (let round = 0; round < k; round++) {
    const before = referenceCoveredWeight(instance, chosen);
    let best = -1;
    let bestGain = 0;
    for (let j = 0; j < instance.numCandidates; j++) {
      if (chosen.includes(j)) continue;
      const gain = referenceCoveredWeight(instance, [...chosen, j]) - before;
      if (gain > bestGain) {
        bestGain = gain;
        best = j;
      }
    }
    if (best < 0) break;
    chosen.push(best);
  }
  return chosen;
}

describe('greedyMaxCoverage', () => {
  it('chooses exactly what the plain greedy chooses, and at least (1 − 1/e) of the exhaustive optimum', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = seededRng(seed);
      const instance = randomCoverageInstance(rng, randomInt(rng, 1, 12), randomInt(rng, 1, 30), 8);
      const k = randomInt(rng, 1, 3);
      const result = greedyMaxCoverage(instance, { k });
      assert.deepEqual(result.chosen, plainGreedy(instance, k), `seed ${seed}`);
      const base = coveredWeight(instance);
      let cumulative = 0;
      result.chosen.forEach((j, r) => {
        cumulative += result.gains[r]!;
        assert.equal(
          referenceCoveredWeight(instance, result.chosen.slice(0, r + 1)) - base,
          cumulative,
          `seed ${seed} site ${j}`,
        );
      });
      assert.equal(result.totalGain, cumulative, `seed ${seed}`);
      let optimum = 0;
      for (const subset of subsetsOfSize(instance.numCandidates, k)) {
        optimum = Math.max(optimum, referenceCoveredWeight(instance, subset) - base);
      }
      assert.ok(result.totalGain >= (1 - 1 / Math.E) * optimum - 1e-9, `seed ${seed}: ${result.totalGain} vs OPT ${optimum}`);
      assert.ok(result.totalGain <= optimum, `seed ${seed}: greedy above the optimum`);
    }
  });

  it('stops at the first site that brings coverage to the target', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rng = seededRng(1000 + seed);
      const instance = randomCoverageInstance(rng, 40, 60, 10);
      const unlimited = greedyMaxCoverage(instance, { k: 40 });
      const total = unlimited.totalWeight;
      const reachable = (unlimited.baseCoveredWeight + unlimited.totalGain) / total;
      const target = Math.min(1, (unlimited.baseCoveredWeight / total + reachable) / 2 + 1e-9);
      const result = greedyMaxCoverage(instance, { coverageTarget: target });
      const shareAfter = (n: number) =>
        (unlimited.baseCoveredWeight + unlimited.gains.slice(0, n).reduce((a, b) => a + b, 0)) / total;
      const n = result.chosen.length;
      assert.deepEqual(result.chosen, unlimited.chosen.slice(0, n), `seed ${seed}`);
      if (result.isTargetReached) {
        assert.ok(shareAfter(n) >= target - 1e-12, `seed ${seed}`);
        if (n > 0) assert.ok(shareAfter(n - 1) < target, `seed ${seed}: one site fewer would have done`);
      } else {
        assert.equal(n, unlimited.chosen.length, `seed ${seed}: gave up before running out of gains`);
      }
    }
  });

  it('chooses nothing when every demand is covered already', () => {
    const rng = seededRng(7);
    const instance = randomCoverageInstance(rng, 10, 20, 5);
    instance.currentDistM.fill(10);
    const result = greedyMaxCoverage(instance, { k: 3 });
    assert.deepEqual(result.chosen, []);
    assert.equal(result.totalGain, 0);
  });

  it('rejects a request with neither k nor a coverage target', () => {
    const instance = randomCoverageInstance(seededRng(1), 3, 3, 2);
    assert.throws(() => greedyMaxCoverage(instance, {}), /expected k or coverageTarget/);
    assert.throws(() => greedyMaxCoverage(instance, { coverageTarget: 1.5 }), /expected coverageTarget in/);
  });
});
