import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import { coveredWeight } from './coverage-instance.js';
import { exactMaxCoverage } from './exact-max-coverage.js';
import { greedyMaxCoverage } from './greedy-max-coverage.js';
import { randomCoverageInstance, referenceCoveredWeight, subsetsOfSize } from './testing/random-coverage.js';

describe('exactMaxCoverage', () => {
  it('finds the exhaustive optimum on tiny instances', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rng = seededRng(seed);
      const instance = randomCoverageInstance(rng, randomInt(rng, 1, 12), randomInt(rng, 1, 30), 8);
      const k = randomInt(rng, 1, 3);
      const base = coveredWeight(instance);
      let optimum = 0;
      for (const subset of subsetsOfSize(instance.numCandidates, k)) {
        optimum = Math.max(optimum, referenceCoveredWeight(instance, subset) - base);
      }
      const result = await exactMaxCoverage(instance, { k });
      assert.ok(result.status === 'optimal' || result.status === 'trivial', `seed ${seed}: ${result.status}`);
      assert.equal(result.totalGain, optimum, `seed ${seed}`);
      assert.ok(result.chosen.length <= k, `seed ${seed}`);
      assert.equal(referenceCoveredWeight(instance, result.chosen) - base, optimum, `seed ${seed}: chosen sites`);
      if (result.status === 'optimal') assert.ok(Math.abs(result.objective - optimum) < 1e-6, `seed ${seed}: objective`);
    }
  });

  it('is never below the greedy on small instances, and the greedy gap follows from both', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const rng = seededRng(500 + seed);
      const instance = randomCoverageInstance(rng, 60, 200, 25);
      const greedy = greedyMaxCoverage(instance, { k: 4 });
      const exact = await exactMaxCoverage(instance, { k: 4, timeLimitS: 20 });
      assert.equal(exact.status, 'optimal', `seed ${seed}`);
      assert.ok(greedy.totalGain <= exact.totalGain, `seed ${seed}: greedy ${greedy.totalGain} > exact ${exact.totalGain}`);
      const gap = (exact.totalGain - greedy.totalGain) / exact.totalGain;
      assert.ok(gap >= 0 && gap <= 1 / Math.E, `seed ${seed}: gap ${gap}`);
      // The reference: the optimum's covered weight recounted from the pairs.
      const base = coveredWeight(instance);
      assert.equal(referenceCoveredWeight(instance, exact.chosen) - base, exact.totalGain, `seed ${seed}`);
    }
  });

  it('finds the fewest sites that reach a coverage target, as exhaustive search does', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rng = seededRng(900 + seed);
      const instance = randomCoverageInstance(rng, randomInt(rng, 2, 9), randomInt(rng, 5, 25), 8);
      const total = instance.weight.reduce((a, b) => a + b, 0);
      if (total === 0) continue;
      const base = coveredWeight(instance);
      const all = Array.from({ length: instance.numCandidates }, (_, j) => j);
      const best = referenceCoveredWeight(instance, all);
      const target = (base + (best - base) * 0.8) / total;
      if (!(target > 0)) continue;
      let fewest = Infinity;
      for (let size = 0; size <= instance.numCandidates && fewest === Infinity; size++) {
        for (const subset of subsetsOfSize(instance.numCandidates, size)) {
          if (referenceCoveredWeight(instance, subset) >= target * total - 1e-9) fewest = size;
        }
      }
      const result = await exactMaxCoverage(instance, { coverageTarget: target });
      assert.equal(result.chosen.length, fewest, `seed ${seed}`);
      assert.ok(base + result.totalGain >= target * total - 1e-6, `seed ${seed}: target missed`);
    }
  });
});
