import FlatQueue from 'flatqueue';
import type { WalkGraph } from './walk-graph.js';

/** The shortest walk found by routeToTargets: total metres, which target, and the nodes walked in order. */
export interface Route {
  distM: number;
  /** Index into the targets given. */
  target: number;
  /** Graph nodes from the seed's node to the target's node. */
  nodes: number[];
}

/**
 * Dijkstra with predecessors (binary heap, flatqueue) from several seeds
 * (node, metres already walked) to the best of several targets (node,
 * metres still to walk after it), for drawing one route. Stops as soon as
 * no unsettled node can beat the best target; null when none is reachable
 * within `maxM`. O((V + E) log V) over the nodes within reach.
 */
export function routeToTargets(
  graph: WalkGraph,
  seedNode: readonly number[],
  seedDistM: readonly number[],
  targetNode: readonly number[],
  targetExtraM: readonly number[],
  maxM: number,
): Route | null {
  const dist = new Float64Array(graph.numNodes).fill(Infinity);
  const pred = new Int32Array(graph.numNodes).fill(-1);
  const queue = new FlatQueue<number>();
  seedNode.forEach((node, i) => {
    if (seedDistM[i]! < dist[node]!) {
      dist[node] = seedDistM[i]!;
      queue.push(node, seedDistM[i]!);
    }
  });
  const extraAt = new Map<number, { extra: number; target: number }>();
  targetNode.forEach((node, t) => {
    const known = extraAt.get(node);
    if (known === undefined || targetExtraM[t]! < known.extra) extraAt.set(node, { extra: targetExtraM[t]!, target: t });
  });
  let best = Infinity;
  let bestNode = -1;
  let bestTarget = -1;
  const { firstArc, arcTarget, arcLengthM } = graph;
  while (queue.length > 0) {
    const d = queue.peekValue()!;
    const v = queue.pop()!;
    if (d > dist[v]! || d >= best || d > maxM) {
      if (d >= best || d > maxM) break;
      continue;
    }
    const target = extraAt.get(v);
    if (target !== undefined && d + target.extra < best) {
      best = d + target.extra;
      bestNode = v;
      bestTarget = target.target;
    }
    for (let a = firstArc[v]!; a < firstArc[v + 1]!; a++) {
      const w = arcTarget[a]!;
      const nd = d + arcLengthM[a]!;
      if (nd < dist[w]!) {
        dist[w] = nd;
        pred[w] = v;
        queue.push(w, nd);
      }
    }
  }
  if (bestNode < 0 || best > maxM) return null;
  const nodes: number[] = [];
  for (let v = bestNode; v !== -1; v = pred[v]!) nodes.push(v);
  nodes.reverse();
  return { distM: best, target: bestTarget, nodes };
}
