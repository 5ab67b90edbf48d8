import { coveredWeight, coveringSets, totalWeight, type CoverageInstance, type CoveringSets } from './coverage-instance.js';
import { lazyGreedy } from './lazy-greedy.js';

export interface MaxCoverageOptions {
  /** Number of new sites; omit to stop only at the coverage target. */
  k?: number | undefined;
  /** Share (0..1] of the total weight to have within thresholdM, existing coverage included. */
  coverageTarget?: number | undefined;
}

export interface MaxCoverageResult {
  /** Chosen candidates in order of choice. */
  chosen: number[];
  /** Weight each newly covers when added after the ones before it. */
  gains: number[];
  /** Weight newly covered by all chosen sites. */
  totalGain: number;
  /** Weight covered before (by existing outlets) and the total weight. */
  baseCoveredWeight: number;
  totalWeight: number;
  /** True when coverageTarget was given and reached. */
  isTargetReached: boolean;
  numEvaluations: number;
}

/**
 * Maximal covering (Church & ReVelle 1974) with the lazy greedy: k sites, or
 * as many as it takes to reach the coverage target (both: whichever comes
 * first). Greedy is within 1 − 1/e of the optimum (Nemhauser, Wolsey & Fisher
 * 1978). Initial gains cost O(pairs); each lazy re-evaluation of j costs
 * O(|cover(j)|), at worst O(k · pairs) in all, typically a few times k sets.
 */
export function greedyMaxCoverage(
  instance: CoverageInstance,
  options: MaxCoverageOptions,
  sets: CoveringSets = coveringSets(instance),
): MaxCoverageResult {
  const { k, coverageTarget } = options;
  checkStopping(k, coverageTarget);
  const weight = instance.weight;
  const isCovered = new Uint8Array(instance.numDemands);
  const base = coveredWeight(instance);
  const total = totalWeight(instance);
  const neededGain = coverageTarget === undefined ? Infinity : coverageTarget * total - base;
  const result = lazyGreedy({
    numCandidates: instance.numCandidates,
    gain(j) {
      let g = 0;
      for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) {
        const i = sets.demand[s]!;
        if (isCovered[i] === 0) g += weight[i]!;
      }
      return g;
    },
    commit(j) {
      for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) isCovered[sets.demand[s]!] = 1;
    },
    isDone: (numChosen, gain) => (k !== undefined && numChosen >= k) || gain >= neededGain,
  });
  return {
    chosen: result.chosen,
    gains: result.gains,
    totalGain: result.totalGain,
    baseCoveredWeight: base,
    totalWeight: total,
    isTargetReached: coverageTarget !== undefined && result.totalGain >= neededGain,
    numEvaluations: result.numEvaluations,
  };
}

/** Misuse of k / coverageTarget throws RangeError ("expected X, got Y"). */
export function checkStopping(k: number | undefined, coverageTarget: number | undefined): void {
  if (k === undefined && coverageTarget === undefined) throw new RangeError('expected k or coverageTarget, got neither');
  if (k !== undefined && !(Number.isInteger(k) && k >= 0)) throw new RangeError(`expected k to be an integer ≥ 0, got ${k}`);
  if (coverageTarget !== undefined && !(coverageTarget > 0 && coverageTarget <= 1)) {
    throw new RangeError(`expected coverageTarget in (0, 1], got ${coverageTarget}`);
  }
}

/** Weight newly covered by a set of candidates (any order). O(Σ |cover(j)|). */
export function coverageGain(
  instance: CoverageInstance,
  chosen: readonly number[],
  sets: CoveringSets = coveringSets(instance),
): number {
  const isCovered = new Uint8Array(instance.numDemands);
  let gain = 0;
  for (const j of chosen) {
    for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) {
      const i = sets.demand[s]!;
      if (isCovered[i] === 0) {
        isCovered[i] = 1;
        gain += instance.weight[i]!;
      }
    }
  }
  return gain;
}
