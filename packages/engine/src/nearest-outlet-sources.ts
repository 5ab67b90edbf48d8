import { haversineM } from '@lifecircle/shared';
import type { MultiSourceSearch } from './multi-source-search.js';
import { outletsByCompound } from './nearest-outlet.js';
import type { PointSet } from './point-set.js';
import { outletSeeds } from './outlet-seeds.js';
import type { WalkGraph } from './walk-graph.js';

/**
 * Node labels of one nearest-outlet search: metres to the nearest outlet
 * (Infinity beyond the cutoff) and which outlet that is (-1 when none).
 * Kept by callers that read new origins later without searching again.
 */
export interface NodeSources {
  distM: Float64Array;
  outlet: Int32Array;
}

/**
 * Labels every node of `search.graph` with its nearest outlet among
 * `outletIndices`: one multi-source search (exactly the seeds of
 * `nearestOutletDistances`), then each node's outlet follows the tight arcs
 * (`dist[u] + arc == dist[v]`, exact in float because the search computed
 * dist[v] that way) in order of distance. Among outlets at exactly the same
 * distance the smaller `outletKey` wins (outlet index when omitted), so the
 * answer does not depend on the order of the outlets. O(V log V + E).
 */
export function labelNearestOutlets(
  search: MultiSourceSearch,
  outlets: PointSet,
  outletIndices: ArrayLike<number>,
  cutoffM: number,
  outletKey?: ArrayLike<number>,
): NodeSources {
  const { graph } = search;
  const { numSeeds, seedNode, seedDistM, seedOutlet } = outletSeeds(graph, outlets, outletIndices);
  search.run(seedNode, seedDistM, numSeeds, cutoffM);

  const numNodes = graph.numNodes;
  const distM = new Float64Array(numNodes).fill(Infinity);
  const outlet = new Int32Array(numNodes).fill(-1);
  const dist = search.distM;
  const key = outletKey ?? null;
  const better = (a: number, b: number) => b < 0 || (key === null ? a < b : key[a] < key[b] || (key[a] === key[b] && a < b));
  for (let i = 0; i < numSeeds; i++) {
    const v = seedNode[i];
    if (seedDistM[i] === dist[v] && dist[v] <= cutoffM && better(seedOutlet[i], outlet[v])) outlet[v] = seedOutlet[i];
  }
  const order: number[] = [];
  for (let i = 0; i < search.numReached; i++) {
    const v = search.reached[i];
    if (dist[v] <= cutoffM) order.push(v);
  }
  order.sort((a, b) => dist[a] - dist[b]);
  const { firstArc, arcTarget, arcLengthM } = graph;
  // Arcs so short that both ends carry the same float distance can point either way: repeat until settled.
  for (let pass = 0; pass < numNodes + 1; pass++) {
    let isTieSeen = false;
    let isChanged = false;
    for (const v of order) {
      const d = dist[v];
      let best = outlet[v];
      for (let a = firstArc[v]; a < firstArc[v + 1]; a++) {
        const u = arcTarget[a];
        if (dist[u] + arcLengthM[a] !== d) continue;
        // A tight neighbour at the same distance may not be labelled yet: another pass will see it.
        if (dist[u] === d) isTieSeen = true;
        const from = outlet[u];
        if (from >= 0 && better(from, best)) best = from;
      }
      if (best !== outlet[v]) {
        outlet[v] = best;
        isChanged = true;
      }
    }
    if (!isTieSeen || !isChanged) break;
  }
  for (const v of order) distM[v] = dist[v];
  return { distM, outlet };
}

/**
 * Metres from each origin to its nearest outlet and which outlet it is,
 * read from node labels (`labelNearestOutlets` over the same graph, outlets
 * and outletIndices): the best of the origin's attachments, direct walks
 * along a shared edge, and straight walks inside a shared gated compound,
 * exactly as `nearestOutletDistances` computes them. Writes outDistM[p]
 * (Infinity beyond cutoffM) and outOutlet[p] (-1 when none).
 */
export function readNearestOutlets(
  graph: WalkGraph,
  labels: NodeSources,
  origins: PointSet,
  outlets: PointSet,
  outletIndices: ArrayLike<number>,
  cutoffM: number,
  outDistM: Float64Array,
  outOutlet: Int32Array,
  outletKey?: ArrayLike<number>,
): void {
  const { edgeU, edgeV, edgeLengthM } = graph;
  const oa = outlets.attachments;
  const key = outletKey ?? null;
  const better = (a: number, b: number) => b < 0 || (key === null ? a < b : key[a] < key[b] || (key[a] === key[b] && a < b));
  // Outlet attachments by edge, for origins on the same edge: pairs [attachment, outlet].
  const onEdge = new Map<number, number[]>();
  for (let i = 0; i < outletIndices.length; i++) {
    const o = outletIndices[i];
    for (let a = oa.start[o]; a < oa.start[o + 1]; a++) {
      const list = onEdge.get(oa.edge[a]);
      if (list) list.push(a, o);
      else onEdge.set(oa.edge[a], [a, o]);
    }
  }
  const byCompound = outletsByCompound(outlets, outletIndices);
  const dist = labels.distM;
  const source = labels.outlet;
  const pa = origins.attachments;
  // The running best of the current origin (one closure for all origins, not one per origin).
  let best = Infinity;
  let bestOutlet = -1;
  const consider = (d: number, o: number) => {
    if (o >= 0 && (d < best || (d === best && better(o, bestOutlet)))) {
      best = d;
      bestOutlet = o;
    }
  };
  for (let p = 0; p < pa.numPoints; p++) {
    best = Infinity;
    bestOutlet = -1;
    for (let a = pa.start[p]; a < pa.start[p + 1]; a++) {
      const e = pa.edge[a];
      const t = pa.t[a];
      const lengthM = edgeLengthM[e];
      consider(dist[edgeU[e]] + t * lengthM + pa.offsetM[a], source[edgeU[e]]);
      consider(dist[edgeV[e]] + (1 - t) * lengthM + pa.offsetM[a], source[edgeV[e]]);
      const same = onEdge.get(e);
      if (same !== undefined) {
        for (let k = 0; k < same.length; k += 2) {
          const b = same[k];
          consider(pa.offsetM[a] + oa.offsetM[b] + Math.abs(t - oa.t[b]) * lengthM, same[k + 1]);
        }
      }
    }
    if (byCompound !== undefined && origins.compound !== undefined) {
      const inside = byCompound.get(origins.compound[p]);
      if (inside !== undefined) {
        for (const o of inside) consider(haversineM(origins.lng[p], origins.lat[p], outlets.lng[o], outlets.lat[o]), o);
      }
    }
    const isWithin = best <= cutoffM;
    outDistM[p] = isWithin ? best : Infinity;
    outOutlet[p] = isWithin ? bestOutlet : -1;
  }
}

/**
 * `nearestOutletDistances` that also says which outlet is nearest:
 * labelNearestOutlets then readNearestOutlets. Returns the node labels.
 */
export function nearestOutletSources(
  search: MultiSourceSearch,
  origins: PointSet,
  outlets: PointSet,
  outletIndices: ArrayLike<number>,
  cutoffM: number,
  outDistM: Float64Array,
  outOutlet: Int32Array,
  outletKey?: ArrayLike<number>,
): NodeSources {
  const labels = labelNearestOutlets(search, outlets, outletIndices, cutoffM, outletKey);
  readNearestOutlets(search.graph, labels, origins, outlets, outletIndices, cutoffM, outDistM, outOutlet, outletKey);
  return labels;
}
