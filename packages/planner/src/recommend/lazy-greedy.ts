/**
 * The lazy greedy of Minoux (1978), as CELF (Leskovec et al. 2007): for a
 * monotone submodular objective a candidate's marginal gain can only shrink
 * as sites are chosen, so last round's gain is an upper bound. A max-heap of
 * bounds is popped until its top was evaluated in the current round; that
 * candidate is the true best. Ties go to the lower candidate index, so the
 * choice equals the plain greedy's (argmax, lowest index first) exactly.
 */
export interface LazyGreedyProblem {
  readonly numCandidates: number;
  /** Marginal gain of candidate j given the sites committed so far (≥ 0). */
  gain(j: number): number;
  /** Makes j part of the solution (updates the state gain() reads). */
  commit(j: number): void;
  /** Asked before each round with the sites and total gain so far: stop now? */
  isDone(numChosen: number, totalGain: number): boolean;
}

export interface LazyGreedyResult {
  /** Chosen candidates in the order chosen. */
  chosen: number[];
  /** Marginal gain of each when chosen. */
  gains: number[];
  totalGain: number;
  /** Calls to gain(): numCandidates initially plus the lazy re-evaluations. */
  numEvaluations: number;
}

/**
 * Runs the lazy greedy until isDone() says so or no candidate gains anything.
 * O(n log n + r·(log n + cost of gain)) for n candidates and r re-evaluations;
 * r is at worst k·n but in practice a small multiple of k.
 */
export function lazyGreedy(problem: LazyGreedyProblem): LazyGreedyResult {
  const n = problem.numCandidates;
  const bound = new Float64Array(n);
  const round = new Int32Array(n);
  const heap = new Int32Array(n);
  let size = 0;
  let numEvaluations = 0;
  // Higher bound first; on equal bounds the lower index.
  const before = (a: number, b: number) => bound[a]! > bound[b]! || (bound[a] === bound[b] && a < b);
  const siftDown = (from: number) => {
    let p = from;
    const item = heap[p]!;
    for (;;) {
      let c = 2 * p + 1;
      if (c >= size) break;
      if (c + 1 < size && before(heap[c + 1]!, heap[c]!)) c++;
      if (!before(heap[c]!, item)) break;
      heap[p] = heap[c]!;
      p = c;
    }
    heap[p] = item;
  };
  for (let j = 0; j < n; j++) {
    const g = problem.gain(j);
    numEvaluations++;
    if (g > 0) {
      bound[j] = g;
      heap[size++] = j;
    }
  }
  for (let p = (size >> 1) - 1; p >= 0; p--) siftDown(p);

  const chosen: number[] = [];
  const gains: number[] = [];
  let totalGain = 0;
  while (size > 0 && !problem.isDone(chosen.length, totalGain)) {
    const top = heap[0]!;
    if (round[top] === chosen.length) {
      chosen.push(top);
      gains.push(bound[top]!);
      totalGain += bound[top]!;
      problem.commit(top);
      heap[0] = heap[--size]!;
      siftDown(0);
      continue;
    }
    const g = problem.gain(top);
    numEvaluations++;
    round[top] = chosen.length;
    if (g > 0) {
      bound[top] = g;
    } else {
      heap[0] = heap[--size]!;
    }
    siftDown(0);
  }
  return { chosen, gains, totalGain, numEvaluations };
}
