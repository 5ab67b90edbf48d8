import { buildWalkGraph, type WalkGraph } from '@lifecircle/engine';
import { haversineM, LifecircleError } from '@lifecircle/shared';
import type { OsmDataset } from './osm-dataset.js';

/** The walk network of a file and how its nodes map back to OSM. */
export interface WalkNetwork {
  graph: WalkGraph;
  /** OSM node id of each graph node. */
  osmNodeId: Float64Array;
  /** Walkable ways that named a node missing from the file (clipped extracts): broken there, never bridged. */
  numWaysClipped: number;
  numWalkWays: number;
}

/**
 * Builds the undirected walk graph: every walkable way is two-way, each pair
 * of consecutive nodes an edge with its haversine length. A node missing
 * from the file breaks the way at that point. Repeated consecutive nodes are
 * skipped. Graph nodes are numbered in order of first use.
 */
export function extractWalkNetwork(dataset: OsmDataset): WalkNetwork {
  const { nodes } = dataset;
  const graphIndex = new Int32Array(nodes.size).fill(-1);
  const osmNodeIds: number[] = [];
  const lng: number[] = [];
  const lat: number[] = [];
  const edgeU: number[] = [];
  const edgeV: number[] = [];
  const lengthM: number[] = [];
  let numWaysClipped = 0;
  const toGraph = (storeIndex: number): number => {
    let g = graphIndex[storeIndex]!;
    if (g < 0) {
      g = osmNodeIds.length;
      graphIndex[storeIndex] = g;
      osmNodeIds.push(nodes.id(storeIndex));
      lng.push(nodes.lng(storeIndex));
      lat.push(nodes.lat(storeIndex));
    }
    return g;
  };
  for (const way of dataset.walkWays) {
    let previous = -1;
    let isClipped = false;
    for (const ref of way.refs) {
      const index = nodes.indexOf(ref);
      if (index < 0) {
        previous = -1;
        isClipped = true;
        continue;
      }
      if (previous >= 0 && previous !== index) {
        const u = toGraph(previous);
        const v = toGraph(index);
        edgeU.push(u);
        edgeV.push(v);
        lengthM.push(haversineM(nodes.lng(previous), nodes.lat(previous), nodes.lng(index), nodes.lat(index)));
      }
      previous = index;
    }
    if (isClipped) numWaysClipped++;
  }
  if (edgeU.length === 0) throw new LifecircleError('EMPTY_NETWORK', { file: dataset.file });
  const graph = buildWalkGraph({ nodeLng: lng, nodeLat: lat, edgeU, edgeV, edgeLengthM: lengthM });
  return { graph, osmNodeId: Float64Array.from(osmNodeIds), numWaysClipped, numWalkWays: dataset.walkWays.length };
}
