import { haversineM } from '@lifecircle/shared';
import type { WalkGraph } from './walk-graph.js';
import type { SegmentIndex } from './segment-index.js';
import { emptySnap, snapToNetwork } from './snap-to-network.js';

/**
 * How each point (an origin or an outlet) joins the network: zero or more
 * attachments, each a position on an edge plus the metres walked before
 * reaching it. A plain point has one attachment (its snap); a point inside a
 * gated compound has one per gate (the straight line to the gate, then the
 * gate's snap). A point with none is off the network.
 */
export interface Attachments {
  readonly numPoints: number;
  /** Attachments of point p are start[p] .. start[p + 1] - 1. */
  readonly start: Uint32Array;
  readonly edge: Int32Array;
  readonly t: Float64Array;
  readonly offsetM: Float64Array;
}

/** Gates of compounds, for points that may only leave their compound through a gate. */
export interface GateAccess {
  /** For each point, its compound index, or -1 when it is not in a gated compound. */
  pointCompound: Int32Array;
  /** Gates of compound c are compoundGateStart[c] .. compoundGateStart[c + 1] - 1. */
  compoundGateStart: Uint32Array;
  gateLng: Float64Array;
  gateLat: Float64Array;
}

export interface AttachOptions {
  /** Points (and gates) farther than this from every edge are off the network. */
  maxSnapM: number;
  /** When given, points in compounds with gates reach the network only through them. */
  gates?: GateAccess | undefined;
}

/** Snaps every point (lng[i], lat[i]) to the network, through gates where they apply. */
export function attachPoints(
  graph: WalkGraph,
  index: SegmentIndex,
  lng: ArrayLike<number>,
  lat: ArrayLike<number>,
  options: AttachOptions,
): Attachments {
  const numPoints = lng.length;
  if (lat.length !== numPoints) throw new RangeError(`expected ${numPoints} latitudes, got ${lat.length}`);
  const { maxSnapM, gates } = options;
  const start = new Uint32Array(numPoints + 1);
  let capacity = numPoints + 16;
  let edge = new Int32Array(capacity);
  let t = new Float64Array(capacity);
  let offsetM = new Float64Array(capacity);
  let count = 0;
  const push = (e: number, position: number, offset: number) => {
    if (count === capacity) {
      capacity *= 2;
      edge = grow(edge, new Int32Array(capacity));
      t = grow(t, new Float64Array(capacity));
      offsetM = grow(offsetM, new Float64Array(capacity));
    }
    edge[count] = e;
    t[count] = position;
    offsetM[count] = offset;
    count++;
  };
  const snap = emptySnap();
  // Gates are shared by every point of their compound: snap each once.
  const gateSnapEdge = gates ? new Int32Array(gates.gateLng.length).fill(-2) : undefined;
  const gateSnapT = gates ? new Float64Array(gates.gateLng.length) : undefined;
  const gateSnapM = gates ? new Float64Array(gates.gateLng.length) : undefined;

  for (let p = 0; p < numPoints; p++) {
    start[p] = count;
    const compound = gates ? gates.pointCompound[p] : -1;
    const firstGate = gates && compound >= 0 ? gates.compoundGateStart[compound] : 0;
    const endGate = gates && compound >= 0 ? gates.compoundGateStart[compound + 1] : 0;
    if (gates && gateSnapEdge && gateSnapT && gateSnapM && endGate > firstGate) {
      for (let g = firstGate; g < endGate; g++) {
        if (gateSnapEdge[g] === -2) {
          snapToNetwork(graph, index, gates.gateLng[g], gates.gateLat[g], maxSnapM, snap);
          gateSnapEdge[g] = snap.edge;
          gateSnapT[g] = snap.t;
          gateSnapM[g] = snap.distanceM;
        }
        if (gateSnapEdge[g] < 0) continue;
        const toGateM = haversineM(lng[p], lat[p], gates.gateLng[g], gates.gateLat[g]);
        push(gateSnapEdge[g], gateSnapT[g], toGateM + gateSnapM[g]);
      }
    } else {
      snapToNetwork(graph, index, lng[p], lat[p], maxSnapM, snap);
      if (snap.edge >= 0) push(snap.edge, snap.t, snap.distanceM);
    }
  }
  start[numPoints] = count;
  return {
    numPoints,
    start,
    edge: edge.slice(0, count),
    t: t.slice(0, count),
    offsetM: offsetM.slice(0, count),
  };
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Number of points with no attachment (off the network). */
export function countOffNetwork(attachments: Attachments): number {
  let off = 0;
  for (let p = 0; p < attachments.numPoints; p++) {
    if (attachments.start[p + 1] === attachments.start[p]) off++;
  }
  return off;
}
