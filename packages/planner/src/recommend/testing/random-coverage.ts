import { randomInt, type Rng } from '@lifecircle/shared';
import type { CoverageInstance } from '../coverage-instance.js';

/**
 * A random instance without a graph, for the optimisation tests: integer
 * weights, some demands covered already, some with no outlet at all, and
 * each candidate improving a random handful of demands.
 */
export function randomCoverageInstance(
  rng: Rng,
  numCandidates: number,
  numDemands: number,
  pairsPerCandidate: number,
): CoverageInstance {
  const thresholdM = 600;
  const cutoffM = 1000;
  const weight = Float64Array.from({ length: numDemands }, () => randomInt(rng, 0, 50));
  const currentDistM = Float64Array.from({ length: numDemands }, () => {
    const r = rng();
    return r < 0.2 ? Infinity : r < 0.4 ? 100 + rng() * 500 : 600 + rng() * 900;
  });
  const pairStart = new Uint32Array(numCandidates + 1);
  const pairDemand: number[] = [];
  const pairDistM: number[] = [];
  for (let j = 0; j < numCandidates; j++) {
    pairStart[j] = pairDemand.length;
    const demands = new Set<number>();
    const count = randomInt(rng, 0, pairsPerCandidate);
    for (let c = 0; c < count; c++) demands.add(randomInt(rng, 0, numDemands - 1));
    for (const i of [...demands].sort((a, b) => a - b)) {
      const d = rng() * cutoffM;
      if (d < currentDistM[i]!) {
        pairDemand.push(i);
        pairDistM.push(d);
      }
    }
  }
  pairStart[numCandidates] = pairDemand.length;
  return {
    numDemands,
    numCandidates,
    weight,
    currentDistM,
    thresholdM,
    cutoffM,
    pairStart,
    pairDemand: Uint32Array.from(pairDemand),
    pairDistM: Float64Array.from(pairDistM),
    candidateLng: new Float64Array(numCandidates),
    candidateLat: new Float64Array(numCandidates),
  };
}

/** Weight within thresholdM when `sites` are added, straight from the pairs: the reference. */
export function referenceCoveredWeight(instance: CoverageInstance, sites: readonly number[]): number {
  let covered = 0;
  for (let i = 0; i < instance.numDemands; i++) {
    let d = instance.currentDistM[i]!;
    for (const j of sites) {
      for (let k = instance.pairStart[j]!; k < instance.pairStart[j + 1]!; k++) {
        if (instance.pairDemand[k] === i) d = Math.min(d, instance.pairDistM[k]!);
      }
    }
    if (d <= instance.thresholdM) covered += instance.weight[i]!;
  }
  return covered;
}

/** Every subset of {0 .. n-1} with exactly `size` members (all of them when n < size). */
export function subsetsOfSize(n: number, size: number): number[][] {
  const result: number[][] = [];
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === Math.min(size, n)) {
      result.push([...chosen]);
      return;
    }
    for (let j = from; j < n; j++) pick(j + 1, [...chosen, j]);
  };
  pick(0, []);
  return result;
}
