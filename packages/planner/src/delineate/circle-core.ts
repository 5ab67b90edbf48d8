import { convexHull } from './convex-hull.js';
import type { CompoundGraph } from './compound-graph.js';
import type { AreaGeometry, LngLat } from '@lifecircle/shared';

/**
 * The core of a group of compounds: the member compound from which the
 * fewest residents of the group live beyond `maxWalkM`, and among those the
 * one with the least population-weighted walk to the residents within it —
 * where a circle's formats should concentrate. Reads walks from the compound
 * graph, so its radius must be at least maxWalkM. Ties go to the lower index.
 * O(members × degree).
 */
export function chooseCore(
  graph: CompoundGraph,
  members: readonly number[],
  residents: ArrayLike<number>,
  maxWalkM: number,
): number {
  if (members.length === 0) throw new RangeError('expected at least one member, got none');
  if (maxWalkM > graph.radiusM)
    throw new RangeError(`expected maxWalkM at most the graph's radius ${graph.radiusM}, got ${maxWalkM}`);
  const isMember = new Uint8Array(graph.numCompounds);
  let total = 0;
  for (const c of members) {
    isMember[c] = 1;
    total += residents[c]!;
  }
  let best = -1;
  let bestBeyond = Infinity;
  let bestWeighted = Infinity;
  for (const c of members) {
    let within = residents[c]!;
    let weighted = 0;
    for (let k = graph.neighbourStart[c]!; k < graph.neighbourStart[c + 1]!; k++) {
      const other = graph.neighbour[k]!;
      const d = graph.neighbourM[k]!;
      if (!isMember[other] || d > maxWalkM) continue;
      within += residents[other]!;
      weighted += residents[other]! * d;
    }
    const beyond = total - within;
    if (beyond < bestBeyond || (beyond === bestBeyond && (weighted < bestWeighted || (weighted === bestWeighted && c < best)))) {
      best = c;
      bestBeyond = beyond;
      bestWeighted = weighted;
    }
  }
  return best;
}

/** Walks from a core to the members of its circle, exact up to `cutoffM` (Infinity beyond). */
export interface CircleWalks {
  /** Metres from the core, one per member in the order given. */
  walkM: Float64Array;
  maxWalkM: number;
  /** Population-weighted mean over members within the cutoff (NaN when none has residents). */
  meanWalkM: number;
  /** Residents of members farther than `limitM` from the core. */
  residentsBeyond: number;
}

/** One bounded search from the core compound. O(nodes within cutoffM). */
export function circleWalks(
  graph: CompoundGraph,
  core: number,
  members: readonly number[],
  residents: ArrayLike<number>,
  limitM: number,
  cutoffM: number,
): CircleWalks {
  const { network } = graph;
  network.walkFrom(core, cutoffM);
  const reached = new Map<number, number>();
  for (let k = 0; k < network.numTouched; k++) {
    const c = network.touched[k]!;
    if (network.distM[c]! <= cutoffM) reached.set(c, network.distM[c]!);
  }
  const walkM = Float64Array.from(members, (c) => reached.get(c) ?? Infinity);
  let max = 0;
  let weighted = 0;
  let weight = 0;
  let beyond = 0;
  members.forEach((c, i) => {
    const d = walkM[i]!;
    if (d > max) max = d;
    if (d > limitM) beyond += residents[c]!;
    if (d < Infinity) {
      weighted += residents[c]! * d;
      weight += residents[c]!;
    }
  });
  return { walkM, maxWalkM: max, meanWalkM: weight > 0 ? weighted / weight : NaN, residentsBeyond: beyond };
}

/**
 * The boundary of a proposed circle: the convex hull of its compounds'
 * outline vertices (their points when they have no outline). A hull can
 * cover streets and parks between compounds and overlap a neighbouring
 * circle's hull; it is a drawing aid, not a cadastral line.
 */
export function hullBoundary(compounds: readonly { location: LngLat; ring: readonly LngLat[] | null }[]): AreaGeometry {
  const points: LngLat[] = [];
  for (const c of compounds) {
    if (c.ring && c.ring.length > 0) points.push(...c.ring);
    else points.push(c.location);
  }
  return { type: 'Polygon', coordinates: [convexHull(points)] };
}
