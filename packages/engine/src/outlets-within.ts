import { haversineM } from '@lifecircle/shared';
import type { MultiSourceSearch } from './multi-source-search.js';
import type { WalkGraph } from './walk-graph.js';
import type { PointSet } from './point-set.js';

/**
 * Origins indexed by where they join the network, so a search from one
 * outlet can hand its distances to the origins it reaches.
 */
export interface OriginIndex {
  /** Origins reachable from node n: entries nodeStart[n] .. nodeStart[n+1]-1 of nodeOrigin / nodeExtraM. */
  nodeStart: Uint32Array;
  nodeOrigin: Uint32Array;
  /** Metres from the node along the edge and the origin's offset to the origin. */
  nodeExtraM: Float64Array;
  /** Origin attachments on edge e: edgeAttachment[edgeStart[e] .. edgeStart[e+1]-1]. */
  edgeStart: Uint32Array;
  edgeAttachment: Uint32Array;
  /** The origin of each attachment. */
  attachmentOrigin: Uint32Array;
  /** Origins of gated compound c: compoundOrigin[compoundStart[c] .. compoundStart[c+1]-1]. */
  compoundStart: Uint32Array;
  compoundOrigin: Uint32Array;
}

/** Builds the index in O(V + E + attachments) with counting sorts. */
export function buildOriginIndex(graph: WalkGraph, origins: PointSet): OriginIndex {
  const pa = origins.attachments;
  const numAttachments = pa.edge.length;
  const attachmentOrigin = new Uint32Array(numAttachments);
  for (let p = 0; p < pa.numPoints; p++) {
    for (let a = pa.start[p]; a < pa.start[p + 1]; a++) attachmentOrigin[a] = p;
  }
  const nodeStart = new Uint32Array(graph.numNodes + 1);
  const edgeStart = new Uint32Array(graph.numEdges + 1);
  for (let a = 0; a < numAttachments; a++) {
    const e = pa.edge[a];
    nodeStart[graph.edgeU[e] + 1]++;
    nodeStart[graph.edgeV[e] + 1]++;
    edgeStart[e + 1]++;
  }
  for (let n = 0; n < graph.numNodes; n++) nodeStart[n + 1] += nodeStart[n];
  for (let e = 0; e < graph.numEdges; e++) edgeStart[e + 1] += edgeStart[e];
  const nodeOrigin = new Uint32Array(2 * numAttachments);
  const nodeExtraM = new Float64Array(2 * numAttachments);
  const edgeAttachment = new Uint32Array(numAttachments);
  const nodeCursor = nodeStart.slice(0, graph.numNodes);
  const edgeCursor = edgeStart.slice(0, graph.numEdges);
  for (let a = 0; a < numAttachments; a++) {
    const e = pa.edge[a];
    const lengthM = graph.edgeLengthM[e];
    let k = nodeCursor[graph.edgeU[e]]++;
    nodeOrigin[k] = attachmentOrigin[a];
    nodeExtraM[k] = pa.t[a] * lengthM + pa.offsetM[a];
    k = nodeCursor[graph.edgeV[e]]++;
    nodeOrigin[k] = attachmentOrigin[a];
    nodeExtraM[k] = (1 - pa.t[a]) * lengthM + pa.offsetM[a];
    edgeAttachment[edgeCursor[e]++] = a;
  }
  let numCompounds = 0;
  if (origins.compound) for (const c of origins.compound) if (c + 1 > numCompounds) numCompounds = c + 1;
  const compoundStart = new Uint32Array(numCompounds + 1);
  let compoundOrigin = new Uint32Array(0);
  if (origins.compound) {
    const compound = origins.compound;
    for (let p = 0; p < compound.length; p++) if (compound[p] >= 0) compoundStart[compound[p] + 1]++;
    for (let c = 0; c < numCompounds; c++) compoundStart[c + 1] += compoundStart[c];
    compoundOrigin = new Uint32Array(compoundStart[numCompounds]);
    const cursor = compoundStart.slice(0, numCompounds);
    for (let p = 0; p < compound.length; p++) if (compound[p] >= 0) compoundOrigin[cursor[compound[p]]++] = p;
  }
  return { nodeStart, nodeOrigin, nodeExtraM, edgeStart, edgeAttachment, attachmentOrigin, compoundStart, compoundOrigin };
}

/**
 * Counts, for every origin, the outlets within each threshold (walking
 * metres): one search per outlet bounded by the largest threshold. Adds to
 * `outCounts[p * thresholdsM.length + k]` (saturating at 65535), so several
 * calls may accumulate. O(outlets × nodes within the largest threshold).
 */
export function countOutletsWithin(
  search: MultiSourceSearch,
  origins: PointSet,
  index: OriginIndex,
  outlets: PointSet,
  outletIndices: ArrayLike<number>,
  thresholdsM: readonly number[],
  outCounts: Uint16Array,
): void {
  const numThresholds = thresholdsM.length;
  const numOrigins = origins.attachments.numPoints;
  if (outCounts.length !== numOrigins * numThresholds) {
    throw new RangeError(`expected outCounts of length ${numOrigins * numThresholds}, got ${outCounts.length}`);
  }
  const cutoffM = Math.max(...thresholdsM);
  const { graph } = search;
  const { edgeU, edgeV, edgeLengthM } = graph;
  const oa = outlets.attachments;
  const pa = origins.attachments;
  const bestM = new Float64Array(numOrigins);
  const stamp = new Int32Array(numOrigins).fill(-1);
  const touched = new Uint32Array(numOrigins);
  const seedNode = new Uint32Array(64);
  const seedDistM = new Float64Array(64);
  let seeds = { node: seedNode, dist: seedDistM };

  for (let i = 0; i < outletIndices.length; i++) {
    const o = outletIndices[i];
    const first = oa.start[o];
    const numSeeds = 2 * (oa.start[o + 1] - first);
    if (numSeeds > seeds.node.length) seeds = { node: new Uint32Array(numSeeds), dist: new Float64Array(numSeeds) };
    for (let a = first, s = 0; a < oa.start[o + 1]; a++) {
      const e = oa.edge[a];
      seeds.node[s] = edgeU[e];
      seeds.dist[s++] = oa.offsetM[a] + oa.t[a] * edgeLengthM[e];
      seeds.node[s] = edgeV[e];
      seeds.dist[s++] = oa.offsetM[a] + (1 - oa.t[a]) * edgeLengthM[e];
    }
    // An outlet with no attachment still reaches its own compound directly; run() with no seed clears.
    search.run(seeds.node, seeds.dist, numSeeds, cutoffM);
    let numTouched = 0;
    const offer = (p: number, d: number) => {
      if (stamp[p] !== i) {
        stamp[p] = i;
        bestM[p] = d;
        touched[numTouched++] = p;
      } else if (d < bestM[p]) bestM[p] = d;
    };
    const dist = search.distM;
    for (let r = 0; r < search.numReached; r++) {
      const n = search.reached[r];
      const d = dist[n];
      if (d > cutoffM) continue;
      for (let k = index.nodeStart[n]; k < index.nodeStart[n + 1]; k++) offer(index.nodeOrigin[k], d + index.nodeExtraM[k]);
    }
    for (let a = first; a < oa.start[o + 1]; a++) {
      const e = oa.edge[a];
      for (let k = index.edgeStart[e]; k < index.edgeStart[e + 1]; k++) {
        const b = index.edgeAttachment[k];
        offer(index.attachmentOrigin[b], oa.offsetM[a] + pa.offsetM[b] + Math.abs(oa.t[a] - pa.t[b]) * edgeLengthM[e]);
      }
    }
    const c = outlets.compound && origins.compound ? outlets.compound[o] : -1;
    if (c >= 0 && c + 1 < index.compoundStart.length) {
      for (let k = index.compoundStart[c]; k < index.compoundStart[c + 1]; k++) {
        const p = index.compoundOrigin[k];
        offer(p, haversineM(origins.lng[p], origins.lat[p], outlets.lng[o], outlets.lat[o]));
      }
    }
    for (let t = 0; t < numTouched; t++) {
      const p = touched[t];
      const d = bestM[p];
      for (let k = 0; k < numThresholds; k++) {
        const slot = p * numThresholds + k;
        if (d <= thresholdsM[k] && outCounts[slot] < 65535) outCounts[slot]++;
      }
    }
  }
}
