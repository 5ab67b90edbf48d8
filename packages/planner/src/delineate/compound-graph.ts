import type { WalkGraph } from '@lifecircle/engine';
import { CompoundNetwork, type NetworkCompound } from './compound-network.js';

/**
 * Default walk, in metres, under which two compounds count as neighbours
 * ("contiguous"). A Shanghai residential block (居住街坊) is about 250 m on a
 * side (standards.md §7.1) and residents of adjacent blocks reach each other
 * through gates and across a local street in 150–350 m; 400 m (5.5 minutes
 * at 1.2 m/s, the 5-minute tier's ~300 m plus a gate detour) links those
 * while a river, a railway or an arterial with few crossings, which push the
 * walk well past it, separates circles, as planners draw them.
 */
export const DEFAULT_ADJACENCY_M = 400;

/**
 * Walking metres between compounds up to a radius, as a sparse symmetric
 * neighbour list in compressed rows: the neighbours of compound c are
 * neighbour[neighbourStart[c] .. neighbourStart[c + 1] - 1], ascending, with
 * their metres in neighbourM. A compound is not its own neighbour. Pairs
 * farther apart than radiusM are absent (their walk is > radiusM).
 */
export interface CompoundGraph {
  readonly numCompounds: number;
  readonly radiusM: number;
  readonly neighbourStart: Uint32Array;
  readonly neighbour: Uint32Array;
  readonly neighbourM: Float64Array;
  /** The searches that built the graph, for exact walks beyond the radius. */
  readonly network: CompoundNetwork;
}

/**
 * One bounded bucket search per compound from its attachments (gates or its
 * snap), reading the other compounds' attachments. The walk a→b and b→a
 * agree up to rounding; the smaller is kept for both. O(n × nodes within
 * radiusM).
 */
export function buildCompoundGraph(
  graph: WalkGraph,
  compounds: readonly NetworkCompound[],
  radiusM: number,
  maxSnapM = 500,
): CompoundGraph {
  if (!(radiusM >= 0 && radiusM < Infinity)) throw new RangeError(`expected a finite radius in metres, got ${radiusM}`);
  const network = new CompoundNetwork(graph, compounds, maxSnapM);
  const n = compounds.length;
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let a = 0; a < n; a++) {
    network.walkFrom(a, radiusM);
    const row = rows[a]!;
    for (let k = 0; k < network.numTouched; k++) {
      const b = network.touched[k]!;
      const d = network.distM[b]!;
      if (b === a || d > radiusM) continue;
      row.set(b, d);
    }
  }
  for (let a = 0; a < n; a++) {
    for (const [b, d] of rows[a]!) {
      const back = rows[b]!.get(a);
      if (back === undefined || d < back) rows[b]!.set(a, d);
    }
  }
  const neighbourStart = new Uint32Array(n + 1);
  for (let a = 0; a < n; a++) neighbourStart[a + 1] = neighbourStart[a]! + rows[a]!.size;
  const neighbour = new Uint32Array(neighbourStart[n]!);
  const neighbourM = new Float64Array(neighbourStart[n]!);
  for (let a = 0; a < n; a++) {
    const sorted = [...rows[a]!.keys()].sort((x, y) => x - y);
    let k = neighbourStart[a]!;
    for (const b of sorted) {
      neighbour[k] = b;
      neighbourM[k++] = rows[a]!.get(b)!;
    }
  }
  return { numCompounds: n, radiusM, neighbourStart, neighbour, neighbourM, network };
}

/** Walking metres between compounds a and b: 0 for a = b, Infinity when beyond the graph's radius. O(log degree). */
export function compoundWalkM(graph: CompoundGraph, a: number, b: number): number {
  if (a === b) return 0;
  let lo = graph.neighbourStart[a]!;
  let hi = graph.neighbourStart[a + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = graph.neighbour[mid]!;
    if (v === b) return graph.neighbourM[mid]!;
    if (v < b) lo = mid + 1;
    else hi = mid;
  }
  return Infinity;
}

/**
 * The connected parts of the subgraph induced by `members`, where two
 * compounds are joined when their walk is at most adjacencyM (which must not
 * exceed the graph's radius). Each part lists compound indices ascending;
 * parts are ordered by their smallest member. O(members × degree).
 */
export function connectedParts(graph: CompoundGraph, members: ArrayLike<number>, adjacencyM: number): number[][] {
  if (adjacencyM > graph.radiusM) {
    throw new RangeError(`expected adjacencyM at most the graph's radius ${graph.radiusM}, got ${adjacencyM}`);
  }
  const isMember = new Uint8Array(graph.numCompounds);
  for (let i = 0; i < members.length; i++) isMember[members[i]!] = 1;
  const sorted = Array.from(members).sort((a, b) => a - b);
  const seen = new Uint8Array(graph.numCompounds);
  const parts: number[][] = [];
  for (const start of sorted) {
    if (seen[start]) continue;
    const part = [start];
    seen[start] = 1;
    for (let head = 0; head < part.length; head++) {
      const a = part[head]!;
      for (let k = graph.neighbourStart[a]!; k < graph.neighbourStart[a + 1]!; k++) {
        const b = graph.neighbour[k]!;
        if (isMember[b] && !seen[b] && graph.neighbourM[k]! <= adjacencyM) {
          seen[b] = 1;
          part.push(b);
        }
      }
    }
    parts.push(part.sort((a, b) => a - b));
  }
  return parts;
}
