import { attachPoints, buildSegmentIndex, type GateAccess, type PointSet, type WalkGraph } from '@lifecircle/engine';
import { randomPoints, referenceDijkstra } from '@lifecircle/engine/testing';

export { randomPoints };
import { haversineM, randomInt, type Rng } from '@lifecircle/shared';

/** Three compounds with 1, 2 and 3 gates, for points that fall in them. */
export function randomGates(rng: Rng): Omit<GateAccess, 'pointCompound'> {
  const xy = randomPoints(rng, 6);
  return { compoundGateStart: new Uint32Array([0, 1, 3, 6]), gateLng: xy.lng, gateLat: xy.lat };
}

/** Points on a random network, a share of them inside the gated compounds (or none when gates is null). */
export function randomPointSet(
  rng: Rng,
  graph: WalkGraph,
  count: number,
  gates: Omit<GateAccess, 'pointCompound'> | null,
): PointSet {
  const xy = randomPoints(rng, count);
  const access: GateAccess | undefined = gates
    ? { ...gates, pointCompound: Int32Array.from({ length: count }, () => (rng() < 0.4 ? randomInt(rng, 0, 2) : -1)) }
    : undefined;
  const attachments = attachPoints(graph, buildSegmentIndex(graph), xy.lng, xy.lat, { maxSnapM: 150, gates: access });
  return { attachments, ...xy, compound: access?.pointCompound };
}

/**
 * Walking metres between point p of `from` and point o of `to` by brute
 * force: every pair of attachments, textbook Dijkstra from each end, plus the
 * direct walk along a shared edge or inside a shared gated compound.
 */
export function referenceWalkM(graph: WalkGraph, from: PointSet, p: number, to: PointSet, o: number): number {
  let best = Infinity;
  if (from.compound && to.compound && from.compound[p]! >= 0 && from.compound[p] === to.compound[o]) {
    best = haversineM(from.lng[p]!, from.lat[p]!, to.lng[o]!, to.lat[o]!);
  }
  const A = from.attachments;
  const B = to.attachments;
  for (let a = A.start[p]!; a < A.start[p + 1]!; a++) {
    for (let b = B.start[o]!; b < B.start[o + 1]!; b++) {
      best = Math.min(
        best,
        referenceEdgeToEdgeM(graph, A.edge[a]!, A.t[a]!, B.edge[b]!, B.t[b]!) + A.offsetM[a]! + B.offsetM[b]!,
      );
    }
  }
  return best;
}

/** Metres along the network between position t1 on edge e1 and position t2 on edge e2 (textbook Dijkstra). */
export function referenceEdgeToEdgeM(graph: WalkGraph, e1: number, t1: number, e2: number, t2: number): number {
  const length1 = graph.edgeLengthM[e1]!;
  const length2 = graph.edgeLengthM[e2]!;
  let best = e1 === e2 ? Math.abs(t1 - t2) * length1 : Infinity;
  for (const [x, alongM] of [
    [graph.edgeU[e1]!, t1 * length1],
    [graph.edgeV[e1]!, (1 - t1) * length1],
  ] as const) {
    const dist = referenceDijkstra(graph, [x], [0]);
    best = Math.min(best, alongM + dist[graph.edgeU[e2]!]! + t2 * length2, alongM + dist[graph.edgeV[e2]!]! + (1 - t2) * length2);
  }
  return best;
}
