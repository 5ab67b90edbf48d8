import { coveringSets, type CoverageInstance, type CoveringSets } from './coverage-instance.js';

export interface CoverageSwapsResult {
  /** The improved sites (same count; position p holds the replacement of the p-th site). */
  chosen: number[];
  /** Weight newly covered by them. */
  totalGain: number;
  numSwaps: number;
  numPasses: number;
}

/**
 * Vertex substitution (Teitz & Bart 1968) for maximal covering: each chosen
 * site in turn is replaced by the candidate covering the most weight that the
 * other sites leave uncovered, when that is strictly more than the site
 * itself covers alone. Passes repeat until one makes no swap (or maxPasses).
 * A pass costs O(k · pairs): per site, counts of coverers per demand, then
 * every candidate's set once.
 */
export function improveCoverageBySwaps(
  instance: CoverageInstance,
  sites: readonly number[],
  options: { maxPasses?: number } = {},
  sets: CoveringSets = coveringSets(instance),
): CoverageSwapsResult {
  const maxPasses = options.maxPasses ?? 10;
  const weight = instance.weight;
  const chosen = [...sites];
  const isChosen = new Uint8Array(instance.numCandidates);
  for (const j of chosen) isChosen[j] = 1;
  // How many chosen sites cover each demand.
  const count = new Uint32Array(instance.numDemands);
  const add = (j: number, delta: 1 | -1) => {
    for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) {
      const i = sets.demand[s]!;
      count[i] = count[i]! + delta;
    }
  };
  // Weight j covers that no chosen site covers (with the site being replaced already removed).
  const uniqueGain = (j: number) => {
    let g = 0;
    for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) if (count[sets.demand[s]!] === 0) g += weight[sets.demand[s]!]!;
    return g;
  };
  for (const j of chosen) add(j, 1);
  let numSwaps = 0;
  let numPasses = 0;
  for (let isImproved = true; isImproved && numPasses < maxPasses; numPasses++) {
    isImproved = false;
    for (let p = 0; p < chosen.length; p++) {
      const site = chosen[p]!;
      add(site, -1);
      const own = uniqueGain(site);
      let best = site;
      let bestGain = own;
      for (let j = 0; j < instance.numCandidates; j++) {
        if (isChosen[j]) continue;
        const g = uniqueGain(j);
        if (g > bestGain) {
          bestGain = g;
          best = j;
        }
      }
      // Strictly better only (and by more than rounding), so passes end.
      if (best !== site && bestGain > own * (1 + 1e-12)) {
        isChosen[site] = 0;
        isChosen[best] = 1;
        chosen[p] = best;
        numSwaps++;
        isImproved = true;
      }
      add(chosen[p]!, 1);
    }
  }
  let totalGain = 0;
  for (let i = 0; i < instance.numDemands; i++) if (count[i]! > 0) totalGain += weight[i]!;
  return { chosen, totalGain, numSwaps, numPasses };
}
