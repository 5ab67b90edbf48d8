import type { CompoundGraph } from './compound-graph.js';

/**
 * Multi-source Dijkstra over the adjacency graph of compounds (pairs within
 * adjacencyM walk, weighted by that walk), restricted to `members`. Each
 * member gets its distance to the nearest source and that source's position
 * in `sources` (its label); ties go to the lower label. Source i may start
 * `sourceOffsetM[i]` metres behind (an additively weighted Voronoi, used to
 * balance residents between cells). Labels pass from a
 * node to the nodes it settles, so each label's members form a
 * shortest-path subtree: contiguous. Non-members and unreached members keep
 * Infinity and -1. O((members + edges) log members).
 */
export function hopDistances(
  graph: CompoundGraph,
  members: readonly number[],
  sources: readonly number[],
  adjacencyM: number,
  sourceOffsetM?: readonly number[],
): { distM: Float64Array; label: Int32Array } {
  const n = graph.numCompounds;
  const distM = new Float64Array(n).fill(Infinity);
  const label = new Int32Array(n).fill(-1);
  const isMember = new Uint8Array(n);
  for (const c of members) isMember[c] = 1;
  const done = new Uint8Array(n);
  // A binary heap of (distance, label, node) entries; stale entries are skipped when popped.
  const heapD: number[] = [];
  const heapL: number[] = [];
  const heapV: number[] = [];
  const less = (i: number, j: number) => heapD[i]! < heapD[j]! || (heapD[i] === heapD[j] && heapL[i]! < heapL[j]!);
  const swap = (i: number, j: number) => {
    [heapD[i], heapD[j]] = [heapD[j]!, heapD[i]!];
    [heapL[i], heapL[j]] = [heapL[j]!, heapL[i]!];
    [heapV[i], heapV[j]] = [heapV[j]!, heapV[i]!];
  };
  const push = (d: number, l: number, v: number) => {
    heapD.push(d);
    heapL.push(l);
    heapV.push(v);
    for (let i = heapD.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = () => {
    const last = heapD.length - 1;
    swap(0, last);
    const entry = [heapD.pop()!, heapL.pop()!, heapV.pop()!] as const;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heapD.length && less(l, m)) m = l;
      if (r < heapD.length && less(r, m)) m = r;
      if (m === i) break;
      swap(i, m);
      i = m;
    }
    return entry;
  };
  sources.forEach((s, l) => {
    if (!isMember[s]) throw new RangeError(`expected sources among the members, got compound ${s}`);
    const d0 = sourceOffsetM?.[l] ?? 0;
    if (d0 < distM[s]! || (distM[s] === d0 && l < label[s]!)) {
      distM[s] = d0;
      label[s] = l;
      push(d0, l, s);
    }
  });
  while (heapD.length > 0) {
    const [d, l, v] = pop();
    if (done[v] || d !== distM[v] || l !== label[v]) continue;
    done[v] = 1;
    for (let e = graph.neighbourStart[v]!; e < graph.neighbourStart[v + 1]!; e++) {
      const w = graph.neighbour[e]!;
      const stepM = graph.neighbourM[e]!;
      if (!isMember[w] || done[w] || stepM > adjacencyM) continue;
      const nd = d + stepM;
      if (nd < distM[w]! || (nd === distM[w] && l < label[w]!)) {
        distM[w] = nd;
        label[w] = l;
        push(nd, l, w);
      }
    }
  }
  return { distM, label };
}
