import type { ModelData } from 'highs';
import type { CoverageInstance } from './coverage-instance.js';
import { highsRuntime, solveMip, type MipOptions, type SolveStatus } from './highs-solver.js';
import { lazyGreedy } from './lazy-greedy.js';

/**
 * The p-median objective with existing outlets kept: each demand walks
 * min(current, nearest chosen) metres, and a demand with nothing within
 * cutoffM counts as cutoffM (so that "no outlet at all" is finite and
 * bringing one within reach is worth the most). Minimising the weighted sum
 * is maximising the saving Σ w_i (c_i − min(c_i, d_iS)) with c_i = min(d_i, cutoffM).
 */
export interface PMedianResult {
  status: SolveStatus | 'heuristic' | 'trivial';
  /** Chosen candidates, in the order of their marginal savings. */
  chosen: number[];
  /** Saving (weight × metres) each adds after the ones before it. */
  savings: number[];
  totalSavingWeightM: number;
  /** Weighted mean metres before and after (demands beyond cutoffM count as cutoffM); NaN with no weight. */
  baseMeanDistM: number;
  meanDistM: number;
  /** Teitz–Bart swaps made (heuristic), or HiGHS's bound and gap (exact). */
  numSwaps?: number;
  bound?: number;
  gap?: number;
}

/** c_i = min(d_i, cutoffM) per demand, and Σ w_i c_i, Σ w_i. */
function baseCosts(instance: CoverageInstance) {
  const capped = new Float64Array(instance.numDemands);
  let cost = 0;
  let weight = 0;
  for (let i = 0; i < instance.numDemands; i++) {
    capped[i] = Math.min(instance.currentDistM[i]!, instance.cutoffM);
    cost += instance.weight[i]! * capped[i]!;
    weight += instance.weight[i]!;
  }
  return { capped, cost, weight };
}

/** Saving of candidate j over distances `dist`: Σ w_i max(0, dist_i − d_ij). */
function savingOf(instance: CoverageInstance, dist: Float64Array, j: number): number {
  let saving = 0;
  for (let k = instance.pairStart[j]!; k < instance.pairStart[j + 1]!; k++) {
    const i = instance.pairDemand[k]!;
    const d = instance.pairDistM[k]!;
    if (d < dist[i]!) saving += instance.weight[i]! * (dist[i]! - d);
  }
  return saving;
}

function applySite(instance: CoverageInstance, dist: Float64Array, j: number): void {
  for (let k = instance.pairStart[j]!; k < instance.pairStart[j + 1]!; k++) {
    const i = instance.pairDemand[k]!;
    if (instance.pairDistM[k]! < dist[i]!) dist[i] = instance.pairDistM[k]!;
  }
}

/** Saving of a whole set of sites. O(m + Σ pairs). */
export function pMedianSaving(instance: CoverageInstance, sites: readonly number[]): number {
  const { capped } = baseCosts(instance);
  const dist = capped.slice();
  for (const j of sites) applySite(instance, dist, j);
  let saving = 0;
  for (let i = 0; i < instance.numDemands; i++) saving += instance.weight[i]! * (capped[i]! - dist[i]!);
  return saving;
}

/** Orders sites by the lazy greedy restricted to them, for reporting marginal savings. */
function inGreedyOrder(instance: CoverageInstance, sites: readonly number[], capped: Float64Array) {
  const dist = capped.slice();
  const result = lazyGreedy({
    numCandidates: sites.length,
    gain: (s) => savingOf(instance, dist, sites[s]!),
    commit: (s) => applySite(instance, dist, sites[s]!),
    isDone: () => false,
  });
  const chosen = result.chosen.map((s) => sites[s]!);
  const savings = [...result.gains];
  // Sites that save nothing on top of the others still count as chosen.
  for (const j of sites) {
    if (!chosen.includes(j)) {
      chosen.push(j);
      savings.push(0);
    }
  }
  return { chosen, savings };
}

function finish(
  instance: CoverageInstance,
  status: PMedianResult['status'],
  sites: readonly number[],
  extra: Partial<PMedianResult>,
): PMedianResult {
  const { capped, cost, weight } = baseCosts(instance);
  const { chosen, savings } = inGreedyOrder(instance, sites, capped);
  const total = pMedianSaving(instance, chosen);
  return {
    status,
    chosen,
    savings,
    totalSavingWeightM: total,
    baseMeanDistM: weight > 0 ? cost / weight : NaN,
    meanDistM: weight > 0 ? (cost - total) / weight : NaN,
    ...extra,
  };
}

/**
 * k sites minimising the weighted mean walking metres: lazy greedy (the
 * saving is submodular, as for facility location: Cornuéjols, Fisher &
 * Nemhauser 1977), then one pass of vertex substitution (Teitz & Bart 1968):
 * each chosen site in turn is replaced by the candidate that saves most in its
 * place, when that saves more. The pass costs O(k · (m + pairs)).
 */
export function greedyPMedian(instance: CoverageInstance, options: { k: number }): PMedianResult {
  const { k } = options;
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`expected k to be an integer ≥ 0, got ${k}`);
  const { capped } = baseCosts(instance);
  const dist = capped.slice();
  const greedy = lazyGreedy({
    numCandidates: instance.numCandidates,
    gain: (j) => savingOf(instance, dist, j),
    commit: (j) => applySite(instance, dist, j),
    isDone: (numChosen) => numChosen >= k,
  });
  const sites = [...greedy.chosen];
  let current = greedy.totalGain;
  let numSwaps = 0;
  const without = new Float64Array(instance.numDemands);
  const isChosen = new Uint8Array(instance.numCandidates);
  for (const j of sites) isChosen[j] = 1;
  for (let p = 0; p < sites.length; p++) {
    without.set(capped);
    for (let q = 0; q < sites.length; q++) if (q !== p) applySite(instance, without, sites[q]!);
    let savingWithout = 0;
    for (let i = 0; i < instance.numDemands; i++) savingWithout += instance.weight[i]! * (capped[i]! - without[i]!);
    let best = sites[p]!;
    let bestSaving = current;
    for (let j = 0; j < instance.numCandidates; j++) {
      if (isChosen[j]) continue;
      const saving = savingWithout + savingOf(instance, without, j);
      // A relative margin so rounding noise never triggers a swap.
      if (saving > bestSaving * (1 + 1e-12) + 1e-9) {
        bestSaving = saving;
        best = j;
      }
    }
    if (best !== sites[p]) {
      isChosen[sites[p]!] = 0;
      isChosen[best] = 1;
      sites[p] = best;
      current = bestSaving;
      numSwaps++;
    }
  }
  return finish(instance, 'heuristic', sites, { numSwaps });
}

/**
 * The p-median as a MIP for HiGHS, for small instances: only improving pairs
 * enter (z_ij for d_ij < c_i), so the model is
 * max Σ w_i (c_i − d_ij) z_ij  s.t.  Σ_j z_ij ≤ 1,  z_ij ≤ x_j,  Σ x_j ≤ k,  x ∈ {0,1}, z ∈ [0,1]
 * (ReVelle & Swain 1970, in its strong form with one row per pair).
 */
export async function exactPMedian(instance: CoverageInstance, options: { k: number } & MipOptions): Promise<PMedianResult> {
  const { k } = options;
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`expected k to be an integer ≥ 0, got ${k}`);
  const { capped } = baseCosts(instance);
  const candidateColumn = new Int32Array(instance.numCandidates).fill(-1);
  const candidates: number[] = [];
  const pairCandidate: number[] = [];
  const pairDemand: number[] = [];
  const pairSaving: number[] = [];
  for (let j = 0; j < instance.numCandidates; j++) {
    for (let q = instance.pairStart[j]!; q < instance.pairStart[j + 1]!; q++) {
      const i = instance.pairDemand[q]!;
      const saving = instance.weight[i]! * (capped[i]! - instance.pairDistM[q]!);
      if (!(saving > 0)) continue;
      if (candidateColumn[j] === -1) {
        candidateColumn[j] = candidates.length;
        candidates.push(j);
      }
      pairCandidate.push(candidateColumn[j]!);
      pairDemand.push(i);
      pairSaving.push(saving);
    }
  }
  if (k === 0 || candidates.length === 0) return finish(instance, 'trivial', [], {});
  const highs = await highsRuntime();
  const numX = candidates.length;
  const numZ = pairSaving.length;
  const numCols = numX + numZ;
  // Rows: one per demand (Σ z ≤ 1), one per pair (z − x ≤ 0), the cardinality row.
  const byDemand = new Map<number, number[]>();
  pairDemand.forEach((i, z) => {
    const list = byDemand.get(i);
    if (list) list.push(z);
    else byDemand.set(i, [z]);
  });
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowUpper: number[] = [];
  for (const list of byDemand.values()) {
    for (const z of list) {
      indices.push(numX + z);
      values.push(1);
    }
    starts.push(indices.length);
    rowUpper.push(1);
  }
  for (let z = 0; z < numZ; z++) {
    indices.push(pairCandidate[z]!, numX + z);
    values.push(-1, 1);
    starts.push(indices.length);
    rowUpper.push(0);
  }
  for (let x = 0; x < numX; x++) {
    indices.push(x);
    values.push(1);
  }
  starts.push(indices.length);
  rowUpper.push(k);
  const numRows = rowUpper.length;
  const colCost = new Float64Array(numCols);
  colCost.set(pairSaving, numX);
  const integrality = new Int32Array(numCols);
  integrality.fill(highs.constants.variableType.integer, 0, numX);
  const model: ModelData = {
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower: new Float64Array(numRows).fill(-highs.infinity),
    rowUpper: Float64Array.from(rowUpper),
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    integrality,
  };
  const solution = await solveMip(model, options);
  const chosen: number[] = [];
  for (let x = 0; x < numX && solution.colValue.length > 0; x++) if (solution.colValue[x]! > 0.5) chosen.push(candidates[x]!);
  return finish(instance, solution.status, chosen, { bound: solution.bound, gap: solution.gap });
}
