import { haversineM } from '@lifecircle/shared';
import type { MultiSourceSearch } from './multi-source-search.js';
import type { PointSet } from './point-set.js';
import { outletSeeds } from './outlet-seeds.js';

/**
 * Walking metres from every origin to the nearest of the given outlets:
 * one multi-source search seeded from both ends of every outlet attachment,
 * then each origin takes the best of its attachments. Paths that never touch
 * a node (origin and outlet on the same edge, or in the same gated compound)
 * are added directly. Writes `outDistM[p]` (Infinity beyond `cutoffM` or off
 * the network). O((V + E) + attachments) per call.
 */
export function nearestOutletDistances(
  search: MultiSourceSearch,
  origins: PointSet,
  outlets: PointSet,
  outletIndices: ArrayLike<number>,
  cutoffM: number,
  outDistM: Float64Array,
): void {
  const { graph } = search;
  const { edgeU, edgeV, edgeLengthM } = graph;
  const oa = outlets.attachments;
  const { numSeeds, seedNode, seedDistM } = outletSeeds(graph, outlets, outletIndices);
  // Outlet attachments by edge, for origins on the same edge.
  const onEdge = new Map<number, number[]>();
  for (let i = 0; i < outletIndices.length; i++) {
    const o = outletIndices[i];
    for (let a = oa.start[o]; a < oa.start[o + 1]; a++) {
      const list = onEdge.get(oa.edge[a]);
      if (list) list.push(a);
      else onEdge.set(oa.edge[a], [a]);
    }
  }
  const byCompound = outletsByCompound(outlets, outletIndices);
  search.run(seedNode, seedDistM, numSeeds, cutoffM);

  const dist = search.distM;
  const pa = origins.attachments;
  for (let p = 0; p < pa.numPoints; p++) {
    let best = Infinity;
    for (let a = pa.start[p]; a < pa.start[p + 1]; a++) {
      const e = pa.edge[a];
      const t = pa.t[a];
      const lengthM = edgeLengthM[e];
      const viaU = dist[edgeU[e]] + t * lengthM;
      const viaV = dist[edgeV[e]] + (1 - t) * lengthM;
      let d = (viaU < viaV ? viaU : viaV) + pa.offsetM[a];
      const same = onEdge.get(e);
      if (same !== undefined) {
        for (const b of same) {
          const direct = pa.offsetM[a] + oa.offsetM[b] + Math.abs(t - oa.t[b]) * lengthM;
          if (direct < d) d = direct;
        }
      }
      if (d < best) best = d;
    }
    if (byCompound !== undefined && origins.compound !== undefined) {
      const inside = byCompound.get(origins.compound[p]);
      if (inside !== undefined) {
        for (const o of inside) {
          const direct = haversineM(origins.lng[p], origins.lat[p], outlets.lng[o], outlets.lat[o]);
          if (direct < best) best = direct;
        }
      }
    }
    outDistM[p] = best <= cutoffM ? best : Infinity;
  }
}

/** Outlets grouped by their gated compound, or undefined when compounds do not apply. */
export function outletsByCompound(outlets: PointSet, outletIndices: ArrayLike<number>): Map<number, number[]> | undefined {
  if (outlets.compound === undefined) return undefined;
  const byCompound = new Map<number, number[]>();
  for (let i = 0; i < outletIndices.length; i++) {
    const o = outletIndices[i];
    const c = outlets.compound[o];
    if (c < 0) continue;
    const list = byCompound.get(c);
    if (list) list.push(o);
    else byCompound.set(c, [o]);
  }
  return byCompound;
}
