import Flatbush from 'flatbush';
import type { WalkGraph } from './walk-graph.js';
import { localProjection, type LocalProjection } from './local-projection.js';

/**
 * A static R-tree (flatbush) over the graph's undirected edges in projected
 * metres, for finding the nearest segment to a point.
 */
export interface SegmentIndex {
  readonly tree: Flatbush;
  readonly projection: LocalProjection;
  /** Projected node coordinates, metres. */
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
}

/**
 * Indexes every edge of `graph`. O(E log E). The projection is centred on
 * the nodes' mean latitude, or on `refLat`: a part of a larger graph
 * projected as the whole snaps every point to the same place.
 */
export function buildSegmentIndex(graph: WalkGraph, refLat?: number): SegmentIndex {
  const projection = localProjection(graph.nodeLat, refLat);
  const nodeX = new Float64Array(graph.numNodes);
  const nodeY = new Float64Array(graph.numNodes);
  for (let v = 0; v < graph.numNodes; v++) {
    nodeX[v] = graph.nodeLng[v] * projection.metresPerDegreeLng;
    nodeY[v] = graph.nodeLat[v] * projection.metresPerDegreeLat;
  }
  const tree = new Flatbush(Math.max(1, graph.numEdges));
  if (graph.numEdges === 0) tree.add(0, 0, 0, 0);
  for (let e = 0; e < graph.numEdges; e++) {
    const u = graph.edgeU[e];
    const v = graph.edgeV[e];
    tree.add(
      Math.min(nodeX[u], nodeX[v]),
      Math.min(nodeY[u], nodeY[v]),
      Math.max(nodeX[u], nodeX[v]),
      Math.max(nodeY[u], nodeY[v]),
    );
  }
  tree.finish();
  return { tree, projection, nodeX, nodeY };
}
