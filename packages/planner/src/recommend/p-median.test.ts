import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import type { CoverageInstance } from './coverage-instance.js';
import { exactPMedian, greedyPMedian } from './p-median.js';
import { randomCoverageInstance, subsetsOfSize } from './testing/random-coverage.js';

/** Weighted mean metres with `sites` added, demands beyond the cutoff counting as the cutoff: the reference. */
function referenceMeanM(instance: CoverageInstance, sites: readonly number[]): number {
  let cost = 0;
  let weight = 0;
  for (let i = 0; i < instance.numDemands; i++) {
    let d = Math.min(instance.currentDistM[i]!, instance.cutoffM);
    for (const j of sites) {
      for (let k = instance.pairStart[j]!; k < instance.pairStart[j + 1]!; k++) {
        if (instance.pairDemand[k] === i) d = Math.min(d, instance.pairDistM[k]!);
      }
    }
    cost += instance.weight[i]! * d;
    weight += instance.weight[i]!;
  }
  return cost / weight;
}

describe('p-median', () => {
  it('the exact model finds the exhaustive optimum and the heuristic is never better, on tiny instances', async () => {
    let numHeuristicOptimal = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = seededRng(seed);
      const instance = randomCoverageInstance(rng, randomInt(rng, 1, 10), randomInt(rng, 2, 25), 8);
      if (instance.weight.every((w) => w === 0)) continue;
      const k = randomInt(rng, 1, 3);
      let best = Infinity;
      for (const subset of subsetsOfSize(instance.numCandidates, k)) best = Math.min(best, referenceMeanM(instance, subset));
      const exact = await exactPMedian(instance, { k });
      assert.ok(exact.status === 'optimal' || exact.status === 'trivial', `seed ${seed}: ${exact.status}`);
      assert.ok(Math.abs(exact.meanDistM - best) < 1e-6, `seed ${seed}: exact ${exact.meanDistM}, exhaustive ${best}`);
      assert.ok(Math.abs(referenceMeanM(instance, exact.chosen) - best) < 1e-6, `seed ${seed}: chosen sites`);
      const heuristic = greedyPMedian(instance, { k });
      assert.ok(heuristic.chosen.length <= k, `seed ${seed}`);
      assert.ok(Math.abs(referenceMeanM(instance, heuristic.chosen) - heuristic.meanDistM) < 1e-6, `seed ${seed}: claimed mean`);
      assert.ok(heuristic.meanDistM >= best - 1e-6, `seed ${seed}: heuristic below the optimum`);
      const sum = heuristic.savings.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - heuristic.totalSavingWeightM) < 1e-6 * Math.max(1, sum), `seed ${seed}: savings add up`);
      if (Math.abs(heuristic.meanDistM - best) < 1e-6) numHeuristicOptimal++;
    }
    assert.ok(numHeuristicOptimal >= 20, `the heuristic was optimal on only ${numHeuristicOptimal} tiny instances`);
  });

  it('vertex substitution never ends worse than the plain greedy and sometimes ends better', () => {
    let numImproved = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = seededRng(300 + seed);
      const instance = randomCoverageInstance(rng, 25, 60, 15);
      if (instance.weight.every((w) => w === 0)) continue;
      const k = randomInt(rng, 2, 4);
      // The plain greedy: each round the candidate lowering the reference mean most.
      const plain: number[] = [];
      for (let round = 0; round < k; round++) {
        let best = -1;
        let bestMean = referenceMeanM(instance, plain);
        for (let j = 0; j < instance.numCandidates; j++) {
          const mean = referenceMeanM(instance, [...plain, j]);
          if (mean < bestMean - 1e-9) {
            bestMean = mean;
            best = j;
          }
        }
        if (best < 0) break;
        plain.push(best);
      }
      const plainMean = referenceMeanM(instance, plain);
      const result = greedyPMedian(instance, { k });
      assert.ok(result.meanDistM <= plainMean + 1e-6, `seed ${seed}: ${result.meanDistM} > greedy ${plainMean}`);
      if (result.meanDistM < plainMean - 1e-6) {
        numImproved++;
        assert.ok((result.numSwaps ?? 0) > 0, `seed ${seed}: better than greedy without a swap`);
      }
    }
    assert.ok(numImproved > 0, 'no instance where the swap pass helped: the test lost its power');
  });
});
