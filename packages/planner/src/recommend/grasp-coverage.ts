import { improveCoverageBySwaps } from './coverage-swaps.js';
import { coveringSets, type CoverageInstance, type CoveringSets } from './coverage-instance.js';

export interface GraspOptions {
  /** Randomized starts at most (default 30). */
  starts?: number;
  /** Wall-clock budget for all starts, milliseconds (default 1,500): the starts stop when it is spent. */
  timeBudgetMs?: number;
  /** How many of the best candidates each randomized step picks among (default 3). */
  candidateListSize?: number;
  /** Seed of the picks (default 1): the same seed gives the same sites. */
  seed?: number;
}

export interface GraspResult {
  chosen: number[];
  totalGain: number;
  numStarts: number;
}

/**
 * GRASP for maximal covering (Feo & Resende 1995): randomized greedy starts
 * — each step takes one of the few best marginal gains at random — each
 * improved by vertex substitution, keeping the best. The lazy greedy alone
 * stops at a local optimum that one-for-one swaps cannot leave; different
 * starts reach other basins. O(starts × k × covering pairs) plus the swaps.
 */
export function graspMaxCoverage(
  instance: CoverageInstance,
  k: number,
  options: GraspOptions = {},
  sets: CoveringSets = coveringSets(instance),
): GraspResult {
  const starts = options.starts ?? 30;
  const budgetMs = options.timeBudgetMs ?? 1500;
  const listSize = options.candidateListSize ?? 3;
  let state = (options.seed ?? 1) >>> 0 || 1;
  const random = () => {
    // xorshift32: small, seeded, good enough to pick among a few candidates.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const weight = instance.weight;
  const covered = new Uint8Array(instance.numDemands);
  const started = performance.now();
  let best: GraspResult = { chosen: [], totalGain: 0, numStarts: 0 };
  let numStarts = 0;
  const top: { gain: number; j: number }[] = [];
  for (let start = 0; start < starts && (start === 0 || performance.now() - started < budgetMs); start++) {
    covered.fill(0);
    const chosen: number[] = [];
    for (let step = 0; step < k; step++) {
      // The listSize best marginal gains, kept in a tiny sorted list.
      top.length = 0;
      for (let j = 0; j < instance.numCandidates; j++) {
        let gain = 0;
        for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++)
          if (covered[sets.demand[s]!] === 0) gain += weight[sets.demand[s]!]!;
        if (gain <= 0 || (top.length === listSize && gain <= top[top.length - 1]!.gain)) continue;
        let at = top.length;
        while (at > 0 && top[at - 1]!.gain < gain) at--;
        top.splice(at, 0, { gain, j });
        if (top.length > listSize) top.pop();
      }
      if (top.length === 0) break;
      // The first start is the plain greedy (ties to the lowest index), so the best is never below greedy + swaps.
      const pick = start === 0 ? top[0]!.j : top[Math.floor(random() * top.length)]!.j;
      chosen.push(pick);
      for (let s = sets.start[pick]!; s < sets.start[pick + 1]!; s++) covered[sets.demand[s]!] = 1;
    }
    numStarts++;
    if (chosen.length === 0) break;
    const improved = improveCoverageBySwaps(instance, chosen, { maxPasses: 100 }, sets);
    if (improved.totalGain > best.totalGain) best = { chosen: improved.chosen, totalGain: improved.totalGain, numStarts: 0 };
  }
  return { ...best, numStarts };
}
