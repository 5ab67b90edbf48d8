import { buildWalkGraph, type WalkGraph } from './walk-graph.js';

/** A part of a walk graph and where its nodes are in the whole. */
export interface WalkSubgraph {
  graph: WalkGraph;
  /** `nodeIndex[sub]` is the index in the whole graph of the part's node `sub`. */
  nodeIndex: Uint32Array;
  /**
   * The whole graph's mean node latitude, summed as `localProjection` sums it:
   * `buildSegmentIndex(part, referenceLat)` projects the part exactly as the
   * whole, so points snap to the same spots to the last bit.
   */
  referenceLat: number;
}

/**
 * The part of a walk graph that meets a box: every edge whose straight
 * segment's bounding box overlaps `bbox` ([minLng, minLat, maxLng, maxLat]),
 * kept whole, and the nodes those edges join, numbered in their original
 * order. An edge is never shorter than its segment, so a walk of at most D
 * metres from a point inside the box stays on the part when the box reaches
 * D metres beyond that point: searches bounded by D give the same distances
 * on the part as on the whole. O(nodes + edges).
 */
export function walkSubgraph(graph: WalkGraph, bbox: readonly [number, number, number, number]): WalkSubgraph {
  const [minLng, minLat, maxLng, maxLat] = bbox;
  const { nodeLng, nodeLat, edgeU, edgeV, edgeLengthM } = graph;
  const isKeptEdge = new Uint8Array(graph.numEdges);
  const subIndex = new Int32Array(graph.numNodes).fill(-1);
  let numEdges = 0;
  for (let e = 0; e < graph.numEdges; e++) {
    const u = edgeU[e];
    const v = edgeV[e];
    const lngU = nodeLng[u];
    const lngV = nodeLng[v];
    const latU = nodeLat[u];
    const latV = nodeLat[v];
    if (Math.max(lngU, lngV) < minLng || Math.min(lngU, lngV) > maxLng) continue;
    if (Math.max(latU, latV) < minLat || Math.min(latU, latV) > maxLat) continue;
    isKeptEdge[e] = 1;
    subIndex[u] = 0;
    subIndex[v] = 0;
    numEdges++;
  }
  let numNodes = 0;
  let sumLat = 0;
  for (let v = 0; v < graph.numNodes; v++) {
    sumLat += nodeLat[v];
    if (subIndex[v] === 0) subIndex[v] = numNodes++;
  }
  const nodeIndex = new Uint32Array(numNodes);
  const subLng = new Float64Array(numNodes);
  const subLat = new Float64Array(numNodes);
  for (let v = 0; v < graph.numNodes; v++) {
    const s = subIndex[v];
    if (s < 0) continue;
    nodeIndex[s] = v;
    subLng[s] = nodeLng[v];
    subLat[s] = nodeLat[v];
  }
  const subU = new Uint32Array(numEdges);
  const subV = new Uint32Array(numEdges);
  const subLengthM = new Float64Array(numEdges);
  let k = 0;
  for (let e = 0; e < graph.numEdges; e++) {
    if (isKeptEdge[e] === 0) continue;
    subU[k] = subIndex[edgeU[e]];
    subV[k] = subIndex[edgeV[e]];
    subLengthM[k] = edgeLengthM[e];
    k++;
  }
  return {
    graph: buildWalkGraph({ nodeLng: subLng, nodeLat: subLat, edgeU: subU, edgeV: subV, edgeLengthM: subLengthM }),
    nodeIndex,
    referenceLat: graph.numNodes > 0 ? sumLat / graph.numNodes : 0,
  };
}
