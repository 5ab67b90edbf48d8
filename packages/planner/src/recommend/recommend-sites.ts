import { LifecircleError } from '@lifecircle/shared';
import { coveredWeight, coveringSets, totalWeight, type CoverageInstance, type CoveringSets } from './coverage-instance.js';
import { improveCoverageBySwaps, type CoverageSwapsResult } from './coverage-swaps.js';
import { graspMaxCoverage, type GraspResult } from './grasp-coverage.js';
import { exactMaxCoverage, type ExactCoverageResult } from './exact-max-coverage.js';
import { greedyMaxCoverage } from './greedy-max-coverage.js';
import type { SolveStatus } from './highs-solver.js';
import { lazyGreedy } from './lazy-greedy.js';
import { exactPMedian, greedyPMedian, type PMedianResult } from './p-median.js';

export interface RecommendOptions {
  /** Number of new sites. */
  k?: number | undefined;
  /** Coverage objective only: share (0..1] of the weight to have within the threshold (with k: whichever first). */
  coverageTarget?: number | undefined;
  method: 'greedy' | 'exact' | 'auto';
  objective: 'coverage' | 'p-median';
  /** HiGHS's wall-clock limit, seconds. Default 600 for 'exact', AUTO_TIME_LIMIT_S for 'auto'. */
  timeLimitS?: number | undefined;
  /** Coverage with k (and no target already reached): improve the greedy's sites by vertex substitution. Default true. */
  swaps?: boolean | undefined;
  /** Coverage with k and swaps: randomized greedy restarts, each improved by swaps (GRASP). Default 30; 0 turns them off. */
  restarts?: number | undefined;
  /** Wall-clock budget of the restarts, milliseconds. Default 1,500. */
  restartBudgetMs?: number | undefined;
}

export interface RecommendedSite {
  candidate: number;
  lng: number;
  lat: number;
  /** Coverage: weight newly within the threshold; p-median: weight × metres saved. After the sites before it. */
  gainWeight: number;
  /** Coverage, when the instance has residents apart from weights: residents newly within the threshold. */
  gainResidents?: number;
  /** Sum of gainWeight up to and including this site. */
  cumulative: number;
}

export interface RecommendResult {
  /** Whose sites are returned: the greedy's, the greedy's improved by swaps, or HiGHS's when it found better. */
  method: 'greedy' | 'greedy+swaps' | 'grasp' | 'exact';
  objective: 'coverage' | 'p-median';
  sites: RecommendedSite[];
  /** Coverage: weight newly covered; p-median: weight × metres saved. */
  totalGain: number;
  /** The plain lazy greedy's total. */
  greedyGain?: number;
  /** Coverage: the total after vertex substitution, when swaps ran. */
  swapsGain?: number;
  /**
   * HiGHS's proved optimum (covered weight or saving; with a coverageTarget
   * the greedy reached, or without k, the fewest sites), when it proved one.
   */
  optimum?: number;
  /** HiGHS's best bound, when it stopped without proving optimality. */
  bound?: number;
  /**
   * The greedy's relative gap: (optimum − greedy) / optimum, or against the
   * bound (then an upper bound on the gap) when HiGHS hit its time limit. With
   * a coverageTarget the greedy reached: (greedy sites − fewest sites) / fewest sites.
   */
  gap?: number;
  /** The same gap for the sites after swaps. */
  swapsGap?: number;
  /** Coverage: the best total of the randomized restarts, when they ran, and its gap. */
  graspGain?: number;
  graspGap?: number;
  /** 'heuristic' when only the greedy ran; otherwise HiGHS's status. */
  status: 'heuristic' | 'trivial' | SolveStatus;
  /** Coverage: base and final covered weight and the total; p-median: mean metres before and after. */
  baseCoveredWeight?: number;
  coveredWeight?: number;
  totalWeight?: number;
  isTargetReached?: boolean;
  baseMeanDistM?: number;
  meanDistM?: number;
  timingsMs: { greedy?: number; swaps?: number; grasp?: number; exact?: number };
}

/**
 * 'auto' runs HiGHS beside the greedy only up to this many covering pairs
 * (coverage; p-median: improving pairs, one row each), and then for at most
 * AUTO_TIME_LIMIT_S. The pair count predicts HiGHS's time poorly: the demo
 * district's breakfast instance (138,770 covering pairs, 13,748 candidates)
 * solved to optimality in 12 s, while a random instance without spatial
 * structure of 4,657 pairs took 32 s. So the size gate only keeps model
 * building cheap, the time limit is the real guard, and a stopped solve
 * still yields a gap against HiGHS's bound.
 */
export const AUTO_EXACT_MAX_PAIRS = 200_000;
/** HiGHS's default time limit for 'auto' (seconds); 'exact' defaults to 600. */
export const AUTO_TIME_LIMIT_S = 5;

/**
 * Recommends new sites for one category: maximal covering (newly covered
 * weight within the threshold) or p-median (weighted mean metres, existing
 * outlets kept). 'greedy' runs the lazy greedy, then vertex substitution
 * (coverage with k, unless swaps: false; p-median: one Teitz–Bart pass);
 * 'exact' runs HiGHS as well, started from those sites; 'auto' runs HiGHS
 * too when the instance is small (AUTO_EXACT_MAX_PAIRS, AUTO_TIME_LIMIT_S),
 * to report the gap. HiGHS's sites are returned only when strictly better;
 * a failed or infeasible solve leaves the heuristic's sites and says so in status.
 */
export async function recommendSites(instance: CoverageInstance, options: RecommendOptions): Promise<RecommendResult> {
  checkOptions(options);
  if (options.objective === 'p-median') return recommendPMedian(instance, options.k!, options);
  return recommendCoverage(instance, options);
}

/** Requests come from planners: misuse is a VALIDATION error with a translated message. */
function checkOptions(options: RecommendOptions): void {
  const invalid = (field: string, reason: string) => new LifecircleError('VALIDATION', { field, reason });
  const { k, coverageTarget, method, objective, timeLimitS } = options;
  if (method !== 'greedy' && method !== 'exact' && method !== 'auto')
    throw invalid('method', `expected greedy, exact or auto, got ${method}`);
  if (objective !== 'coverage' && objective !== 'p-median')
    throw invalid('objective', `expected coverage or p-median, got ${objective}`);
  if (k !== undefined && !(Number.isInteger(k) && k >= 0)) throw invalid('k', `expected an integer ≥ 0, got ${k}`);
  if (coverageTarget !== undefined && !(coverageTarget > 0 && coverageTarget <= 1)) {
    throw invalid('coverageTarget', `expected a share in (0, 1], got ${coverageTarget}`);
  }
  if (timeLimitS !== undefined && !(timeLimitS > 0)) throw invalid('timeLimitS', `expected seconds > 0, got ${timeLimitS}`);
  if (objective === 'p-median') {
    if (k === undefined) throw invalid('k', 'expected k for the p-median objective, got none');
    if (coverageTarget !== undefined) throw invalid('coverageTarget', 'expected none with the p-median objective');
  } else {
    if (k === undefined && coverageTarget === undefined) throw invalid('k', 'expected k or coverageTarget, got neither');
  }
}

async function recommendCoverage(instance: CoverageInstance, options: RecommendOptions): Promise<RecommendResult> {
  const sets = coveringSets(instance);
  const { k, coverageTarget, method } = options;
  const timingsMs: RecommendResult['timingsMs'] = {};
  let started = performance.now();
  const greedy = greedyMaxCoverage(instance, { k, coverageTarget }, sets);
  timingsMs.greedy = performance.now() - started;
  // With a target the greedy reached (within k, if given), the question is the fewest sites: HiGHS's
  // optimum then has no more sites than the greedy's, so k holds by itself. Otherwise, the most coverage with k.
  const isFewestSites = coverageTarget !== undefined && (k === undefined || greedy.isTargetReached);
  let swapped: CoverageSwapsResult | undefined;
  if (!isFewestSites && options.swaps !== false && greedy.chosen.length > 0) {
    started = performance.now();
    swapped = improveCoverageBySwaps(instance, greedy.chosen, {}, sets);
    timingsMs.swaps = performance.now() - started;
  }
  // Randomized restarts (GRASP) leave the basin the greedy and its swaps end in.
  let grasp: GraspResult | undefined;
  if (!isFewestSites && k !== undefined && options.swaps !== false && (options.restarts ?? 30) > 0 && greedy.chosen.length > 0) {
    started = performance.now();
    grasp = graspMaxCoverage(
      instance,
      k,
      { starts: options.restarts ?? 30, timeBudgetMs: options.restartBudgetMs ?? 1500 },
      sets,
    );
    timingsMs.grasp = performance.now() - started;
  }
  const isSmall = sets.demand.length <= AUTO_EXACT_MAX_PAIRS;
  let exact: ExactCoverageResult | undefined;
  if (method === 'exact' || (method === 'auto' && isSmall)) {
    started = performance.now();
    exact = await exactMaxCoverage(instance, {
      k: isFewestSites ? undefined : k,
      coverageTarget: isFewestSites ? coverageTarget : undefined,
      timeLimitS: options.timeLimitS ?? (method === 'exact' ? 600 : AUTO_TIME_LIMIT_S),
      // The heuristic's sites are feasible for k (not for a target it missed).
      startSites:
        grasp && grasp.totalGain > (swapped?.totalGain ?? 0)
          ? grasp.chosen
          : swapped
            ? swapped.chosen
            : isFewestSites && !greedy.isTargetReached
              ? undefined
              : greedy.chosen,
    });
    timingsMs.exact = performance.now() - started;
  }
  const base = coveredWeight(instance);
  const total = totalWeight(instance);
  const result: RecommendResult = {
    method: 'greedy',
    objective: 'coverage',
    sites: [],
    totalGain: greedy.totalGain,
    greedyGain: greedy.totalGain,
    status: 'heuristic',
    baseCoveredWeight: base,
    totalWeight: total,
    timingsMs,
  };
  let chosen = greedy.chosen;
  if (swapped) {
    result.swapsGain = swapped.totalGain;
    if (swapped.totalGain > greedy.totalGain) {
      chosen = swapped.chosen;
      result.method = 'greedy+swaps';
    }
  }
  if (grasp) {
    result.graspGain = grasp.totalGain;
    if (grasp.totalGain > Math.max(greedy.totalGain, swapped?.totalGain ?? 0)) {
      chosen = grasp.chosen;
      result.method = 'grasp';
    }
  }
  if (exact) {
    result.status = exact.status;
    if (isFewestSites) {
      const isBetter = exact.chosen.length > 0 && (!greedy.isTargetReached || exact.chosen.length < greedy.chosen.length);
      if (exact.status === 'optimal') {
        result.optimum = exact.chosen.length;
        if (greedy.isTargetReached && exact.chosen.length > 0)
          result.gap = (greedy.chosen.length - exact.chosen.length) / exact.chosen.length;
      }
      if (isBetter && (exact.status === 'optimal' || exact.status === 'time-limit')) chosen = exact.chosen;
    } else {
      if (exact.status === 'optimal' || exact.status === 'trivial') result.optimum = exact.totalGain;
      else if (Number.isFinite(exact.bound)) result.bound = exact.bound;
      const reference = result.optimum ?? result.bound;
      const gapOf = (gain: number) => (reference! > 0 ? Math.max(0, (reference! - gain) / reference!) : 0);
      if (reference !== undefined) {
        result.gap = gapOf(greedy.totalGain);
        if (swapped) result.swapsGap = gapOf(swapped.totalGain);
        if (grasp) result.graspGap = gapOf(grasp.totalGain);
      }
      if (exact.totalGain > Math.max(greedy.totalGain, swapped?.totalGain ?? 0, grasp?.totalGain ?? 0)) {
        chosen = exact.chosen;
        result.method = 'exact';
      }
    }
    if (isFewestSites && chosen !== greedy.chosen) result.method = 'exact';
  }
  const ordered = chosen === greedy.chosen ? chosen : coverageOrder(instance, sets, chosen);
  let cumulative = 0;
  const isCovered = new Uint8Array(instance.numDemands);
  for (const j of ordered) {
    let gain = 0;
    let residents = 0;
    for (let s = sets.start[j]!; s < sets.start[j + 1]!; s++) {
      const i = sets.demand[s]!;
      if (isCovered[i]) continue;
      isCovered[i] = 1;
      gain += instance.weight[i]!;
      if (instance.residents) residents += instance.residents[i]!;
    }
    cumulative += gain;
    const site: RecommendedSite = {
      candidate: j,
      lng: instance.candidateLng[j]!,
      lat: instance.candidateLat[j]!,
      gainWeight: gain,
      cumulative,
    };
    if (instance.residents) site.gainResidents = residents;
    result.sites.push(site);
  }
  result.totalGain = cumulative;
  result.coveredWeight = base + cumulative;
  if (coverageTarget !== undefined) result.isTargetReached = base + cumulative >= coverageTarget * total - 1e-9 * total;
  return result;
}

/** The given sites in lazy-greedy order, so each one's marginal gain reads as "what it adds". */
function coverageOrder(instance: CoverageInstance, sets: CoveringSets, sites: readonly number[]): number[] {
  const isCovered = new Uint8Array(instance.numDemands);
  const result = lazyGreedy({
    numCandidates: sites.length,
    gain(s) {
      const j = sites[s]!;
      let g = 0;
      for (let q = sets.start[j]!; q < sets.start[j + 1]!; q++)
        if (!isCovered[sets.demand[q]!]) g += instance.weight[sets.demand[q]!]!;
      return g;
    },
    commit(s) {
      const j = sites[s]!;
      for (let q = sets.start[j]!; q < sets.start[j + 1]!; q++) isCovered[sets.demand[q]!] = 1;
    },
    isDone: () => false,
  });
  const ordered = result.chosen.map((s) => sites[s]!);
  for (const j of sites) if (!ordered.includes(j)) ordered.push(j);
  return ordered;
}

async function recommendPMedian(instance: CoverageInstance, k: number, options: RecommendOptions): Promise<RecommendResult> {
  const timingsMs: RecommendResult['timingsMs'] = {};
  let started = performance.now();
  const greedy = greedyPMedian(instance, { k });
  timingsMs.greedy = performance.now() - started;
  let numPairs = 0;
  for (let q = 0; q < instance.pairDistM.length; q++) if (instance.pairDistM[q]! < instance.cutoffM) numPairs++;
  let exact: PMedianResult | undefined;
  if (options.method === 'exact' || (options.method === 'auto' && numPairs <= AUTO_EXACT_MAX_PAIRS)) {
    started = performance.now();
    exact = await exactPMedian(instance, {
      k,
      timeLimitS: options.timeLimitS ?? (options.method === 'exact' ? 600 : AUTO_TIME_LIMIT_S),
    });
    timingsMs.exact = performance.now() - started;
  }
  const best = exact && exact.totalSavingWeightM > greedy.totalSavingWeightM ? exact : greedy;
  const result: RecommendResult = {
    method: best === greedy ? 'greedy' : 'exact',
    objective: 'p-median',
    sites: [],
    totalGain: best.totalSavingWeightM,
    greedyGain: greedy.totalSavingWeightM,
    status: exact ? (exact.status === 'heuristic' ? 'failed' : exact.status) : 'heuristic',
    baseMeanDistM: best.baseMeanDistM,
    meanDistM: best.meanDistM,
    timingsMs,
  };
  if (exact) {
    if (exact.status === 'optimal' || exact.status === 'trivial') result.optimum = exact.totalSavingWeightM;
    else if (exact.bound !== undefined && Number.isFinite(exact.bound)) result.bound = exact.bound;
    const reference = result.optimum ?? result.bound;
    if (reference !== undefined)
      result.gap = reference > 0 ? Math.max(0, (reference - greedy.totalSavingWeightM) / reference) : 0;
  }
  let cumulative = 0;
  best.chosen.forEach((j, r) => {
    cumulative += best.savings[r]!;
    result.sites.push({
      candidate: j,
      lng: instance.candidateLng[j]!,
      lat: instance.candidateLat[j]!,
      gainWeight: best.savings[r]!,
      cumulative,
    });
  });
  return result;
}
