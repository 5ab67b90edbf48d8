import { haversineM } from '@lifecircle/shared';
import type { WalkGraph } from './walk-graph.js';
import type { SegmentIndex } from './segment-index.js';

/** Where a point joins the network: caller-owned result of snapToNetwork. */
export interface Snap {
  /** The edge joined, or -1 when no edge lies within the maximum snap distance. */
  edge: number;
  /** Position along the edge from edgeU (0) to edgeV (1). */
  t: number;
  /** Straight-line metres from the point to where it joins the edge (haversine). */
  distanceM: number;
}

/** A fresh Snap meaning "off the network". */
export function emptySnap(): Snap {
  return { edge: -1, t: 0, distanceM: Infinity };
}

const FIRST_RADIUS_M = 32;

/**
 * Finds the nearest point of the nearest edge to (lng, lat) and writes it to
 * `out`. The search box grows from 32 m until it holds a segment at least as
 * close as the box's half-width, so the answer is exact (in projected metres)
 * while dense areas stay cheap. Points farther than `maxSnapM` get edge -1.
 */
export function snapToNetwork(
  graph: WalkGraph,
  index: SegmentIndex,
  lng: number,
  lat: number,
  maxSnapM: number,
  out: Snap,
): Snap {
  const { nodeX, nodeY, tree, projection } = index;
  const px = lng * projection.metresPerDegreeLng;
  const py = lat * projection.metresPerDegreeLat;
  let bestEdge = -1;
  let bestT = 0;
  let bestSq = Infinity;
  // A little slack over maxSnapM: projected and haversine metres differ slightly.
  const limit = maxSnapM * 1.01 + 1;
  const visit = (e: number): boolean => {
    const u = graph.edgeU[e];
    const v = graph.edgeV[e];
    const ax = nodeX[u];
    const ay = nodeY[u];
    const dx = nodeX[v] - ax;
    const dy = nodeY[v] - ay;
    const lenSq = dx * dx + dy * dy;
    let t = lenSq > 0 ? ((px - ax) * dx + (py - ay) * dy) / lenSq : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const qx = ax + t * dx - px;
    const qy = ay + t * dy - py;
    const sq = qx * qx + qy * qy;
    if (sq < bestSq || (sq === bestSq && e < bestEdge)) {
      bestSq = sq;
      bestEdge = e;
      bestT = t;
    }
    return false;
  };
  for (let radius = Math.min(FIRST_RADIUS_M, limit); ; radius = Math.min(radius * 2, limit)) {
    tree.search(px - radius, py - radius, px + radius, py + radius, visit);
    if (bestEdge >= 0 && bestSq <= radius * radius) break;
    if (radius >= limit) break;
  }
  if (bestEdge < 0) {
    out.edge = -1;
    out.t = 0;
    out.distanceM = Infinity;
    return out;
  }
  const u = graph.edgeU[bestEdge];
  const v = graph.edgeV[bestEdge];
  const snapLng = graph.nodeLng[u] + bestT * (graph.nodeLng[v] - graph.nodeLng[u]);
  const snapLat = graph.nodeLat[u] + bestT * (graph.nodeLat[v] - graph.nodeLat[u]);
  const distanceM = haversineM(lng, lat, snapLng, snapLat);
  if (distanceM > maxSnapM) {
    out.edge = -1;
    out.t = 0;
    out.distanceM = Infinity;
    return out;
  }
  out.edge = bestEdge;
  out.t = bestT;
  out.distanceM = distanceM;
  return out;
}
