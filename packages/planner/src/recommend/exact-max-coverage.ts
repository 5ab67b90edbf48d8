import type { ModelData } from 'highs';
import { coveredWeight, coveringSets, totalWeight, type CoverageInstance, type CoveringSets } from './coverage-instance.js';
import { checkStopping } from './greedy-max-coverage.js';
import { highsRuntime, solveMip, type MipOptions, type SolveStatus } from './highs-solver.js';

export interface ExactCoverageOptions extends MipOptions {
  /** Number of new sites (maximise the weight covered). */
  k?: number | undefined;
  /** Without k: the fewest sites that bring coverage to this share (0..1] of the total weight. */
  coverageTarget?: number | undefined;
  /** Sites to start HiGHS from (e.g. the greedy's): a feasible incumbent from the first node. */
  startSites?: readonly number[] | undefined;
}

export interface ExactCoverageResult {
  status: SolveStatus | 'trivial';
  /** Chosen candidates, increasing index (empty when HiGHS found no solution). */
  chosen: number[];
  /** Weight newly covered by `chosen`, recomputed from the instance. */
  totalGain: number;
  /** HiGHS's objective: covered weight (max-coverage) or number of sites (fewest sites); NaN when none. */
  objective: number;
  /** HiGHS's proved bound on the objective, and its relative gap (0 when optimal). */
  bound: number;
  gap: number;
  numCandidatesUsed: number;
  numDemandsUsed: number;
  elapsedMs: number;
}

/**
 * Maximal covering as a MIP for HiGHS (Church & ReVelle 1974):
 * max Σ w_i y_i  s.t.  y_i ≤ Σ_{j covers i} x_j,  Σ x_j ≤ k,  x ∈ {0,1}, y ∈ [0,1]
 * (≤ k rather than = k: with weights ≥ 0 the optimum is the same, and it stays
 * feasible when fewer than k candidates cover anything). With coverageTarget
 * and no k, the fewest sites: min Σ x_j s.t. the same rows and Σ w_i y_i ≥ the
 * weight still needed. Only demands not yet covered, with weight > 0 and some
 * candidate covering them, enter the model, and only candidates covering one.
 */
export async function exactMaxCoverage(
  instance: CoverageInstance,
  options: ExactCoverageOptions,
  sets: CoveringSets = coveringSets(instance),
): Promise<ExactCoverageResult> {
  const { k, coverageTarget } = options;
  checkStopping(k, coverageTarget);
  const started = performance.now();
  const weight = instance.weight;
  // Columns: useful candidates first (x), then the demands they cover (y).
  const candidateColumns: number[] = [];
  const demandColumn = new Int32Array(instance.numDemands).fill(-1);
  const demandColumns: number[] = [];
  for (let j = 0; j < instance.numCandidates; j++) {
    let isUseful = false;
    for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) {
      const i = sets.demand[s]!;
      if (!(weight[i]! > 0)) continue;
      isUseful = true;
      if (demandColumn[i] === -1) {
        demandColumn[i] = demandColumns.length;
        demandColumns.push(i);
      }
    }
    if (isUseful) candidateColumns.push(j);
  }
  const numX = candidateColumns.length;
  const numY = demandColumns.length;
  const isFewestSites = k === undefined;
  const neededGain = coverageTarget === undefined ? 0 : coverageTarget * totalWeight(instance) - coveredWeight(instance);
  const trivial = (status: ExactCoverageResult['status']): ExactCoverageResult => ({
    status,
    chosen: [],
    totalGain: 0,
    objective: 0,
    bound: 0,
    gap: 0,
    numCandidatesUsed: numX,
    numDemandsUsed: numY,
    elapsedMs: performance.now() - started,
  });
  if (isFewestSites ? neededGain <= 0 : k === 0 || numX === 0) return trivial('trivial');
  if (isFewestSites && numX === 0) return trivial('infeasible');

  // Rows 0 .. numY-1: y_i − Σ x_j ≤ 0; then the cardinality or target row.
  const highs = await highsRuntime();
  const rowStart = new Int32Array(numY + 2);
  const byDemand: number[][] = Array.from({ length: numY }, () => []);
  candidateColumns.forEach((j, column) => {
    for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) {
      const y = demandColumn[sets.demand[s]!]!;
      if (y >= 0) byDemand[y]!.push(column);
    }
  });
  const indices: number[] = [];
  const values: number[] = [];
  for (let y = 0; y < numY; y++) {
    rowStart[y] = indices.length;
    indices.push(numX + y);
    values.push(1);
    for (const column of byDemand[y]!) {
      indices.push(column);
      values.push(-1);
    }
  }
  rowStart[numY] = indices.length;
  if (isFewestSites) {
    for (let y = 0; y < numY; y++) {
      indices.push(numX + y);
      values.push(weight[demandColumns[y]!]!);
    }
  } else {
    for (let x = 0; x < numX; x++) {
      indices.push(x);
      values.push(1);
    }
  }
  rowStart[numY + 1] = indices.length;
  const numCols = numX + numY;
  const colCost = new Float64Array(numCols);
  if (isFewestSites) colCost.fill(1, 0, numX);
  else for (let y = 0; y < numY; y++) colCost[numX + y] = weight[demandColumns[y]!]!;
  const rowLower = new Float64Array(numY + 1).fill(-highs.infinity);
  const rowUpper = new Float64Array(numY + 1);
  if (isFewestSites) {
    rowLower[numY] = neededGain;
    rowUpper[numY] = highs.infinity;
  } else {
    rowUpper[numY] = k;
  }
  const integrality = new Int32Array(numCols);
  integrality.fill(highs.constants.variableType.integer, 0, numX);
  const model: ModelData = {
    numCols,
    numRows: numY + 1,
    sense: isFewestSites ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    matrix: {
      format: 'csr',
      numRows: numY + 1,
      numCols,
      starts: rowStart,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    integrality,
  };
  let start: Float64Array | undefined;
  if (options.startSites) {
    start = new Float64Array(numCols);
    const columnOf = new Map(candidateColumns.map((j, x) => [j, x]));
    for (const j of options.startSites) {
      const x = columnOf.get(j);
      if (x === undefined) continue;
      start[x] = 1;
      for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) {
        const y = demandColumn[sets.demand[s]!]!;
        if (y >= 0) start[numX + y] = 1;
      }
    }
  }
  const solution = await solveMip(model, { ...options, start });
  const chosen: number[] = [];
  for (let x = 0; x < numX && solution.colValue.length > 0; x++)
    if (solution.colValue[x]! > 0.5) chosen.push(candidateColumns[x]!);
  let totalGain = 0;
  const isCovered = new Uint8Array(instance.numDemands);
  for (const j of chosen) {
    for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) {
      const i = sets.demand[s]!;
      if (isCovered[i] === 0) {
        isCovered[i] = 1;
        totalGain += weight[i]!;
      }
    }
  }
  return {
    status: solution.status,
    chosen,
    totalGain,
    objective: solution.objective,
    bound: solution.bound,
    gap: solution.gap,
    numCandidatesUsed: numX,
    numDemandsUsed: numY,
    elapsedMs: performance.now() - started,
  };
}
