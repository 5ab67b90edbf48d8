import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import { coveredWeight } from './coverage-instance.js';
import { improveCoverageBySwaps } from './coverage-swaps.js';
import { greedyMaxCoverage } from './greedy-max-coverage.js';
import { randomCoverageInstance, referenceCoveredWeight } from './testing/random-coverage.js';

describe('improveCoverageBySwaps', () => {
  it('never loses coverage, claims what the reference counts, and ends where no single swap helps', () => {
    let numImproved = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = seededRng(seed);
      const instance = randomCoverageInstance(rng, randomInt(rng, 5, 30), randomInt(rng, 10, 60), 10);
      const k = randomInt(rng, 1, 4);
      const greedy = greedyMaxCoverage(instance, { k });
      const result = improveCoverageBySwaps(instance, greedy.chosen, { maxPasses: 50 });
      const base = coveredWeight(instance);
      assert.equal(result.chosen.length, greedy.chosen.length, `seed ${seed}`);
      assert.equal(new Set(result.chosen).size, result.chosen.length, `seed ${seed}: sites repeat`);
      assert.equal(referenceCoveredWeight(instance, result.chosen) - base, result.totalGain, `seed ${seed}`);
      assert.ok(result.totalGain >= greedy.totalGain, `seed ${seed}`);
      if (result.totalGain > greedy.totalGain) numImproved++;
      // A local optimum: no swap of one site for one candidate covers more (checked by brute force).
      const value = referenceCoveredWeight(instance, result.chosen);
      for (let p = 0; p < result.chosen.length; p++) {
        for (let j = 0; j < instance.numCandidates; j++) {
          if (result.chosen.includes(j)) continue;
          const swapped = result.chosen.map((site, q) => (q === p ? j : site));
          assert.ok(referenceCoveredWeight(instance, swapped) <= value, `seed ${seed}: swapping ${p} for ${j} helps`);
        }
      }
    }
    assert.ok(numImproved > 0, 'no instance where swaps helped: the test lost its power');
  });
});
