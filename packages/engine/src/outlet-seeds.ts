import type { PointSet } from './point-set.js';
import type { WalkGraph } from './walk-graph.js';

/** The seeds of a multi-source search from a set of outlets: node, metres already walked, and whose seed it is. */
export interface OutletSeeds {
  numSeeds: number;
  seedNode: Uint32Array;
  seedDistM: Float64Array;
  /** Outlet index of each seed. */
  seedOutlet: Int32Array;
}

/**
 * Both ends of every attachment of the given outlets, each with the metres
 * from the outlet to it (the straight snap line, then along the edge). The
 * one seeding rule of every nearest-outlet search, so distances and
 * nearest-outlet identities agree. O(attachments).
 */
export function outletSeeds(graph: WalkGraph, outlets: PointSet, outletIndices: ArrayLike<number>): OutletSeeds {
  const { edgeU, edgeV, edgeLengthM } = graph;
  const oa = outlets.attachments;
  let numSeeds = 0;
  for (let i = 0; i < outletIndices.length; i++) {
    const o = outletIndices[i];
    numSeeds += 2 * (oa.start[o + 1] - oa.start[o]);
  }
  const seedNode = new Uint32Array(numSeeds);
  const seedDistM = new Float64Array(numSeeds);
  const seedOutlet = new Int32Array(numSeeds);
  let s = 0;
  for (let i = 0; i < outletIndices.length; i++) {
    const o = outletIndices[i];
    for (let a = oa.start[o]; a < oa.start[o + 1]; a++) {
      const e = oa.edge[a];
      const lengthM = edgeLengthM[e];
      seedOutlet[s] = o;
      seedNode[s] = edgeU[e];
      seedDistM[s++] = oa.offsetM[a] + oa.t[a] * lengthM;
      seedOutlet[s] = o;
      seedNode[s] = edgeV[e];
      seedDistM[s++] = oa.offsetM[a] + (1 - oa.t[a]) * lengthM;
    }
  }
  return { numSeeds, seedNode, seedDistM, seedOutlet };
}
