import { haversineM, randomInt, type Rng } from '@lifecircle/shared';
import { buildWalkGraph, type WalkGraph } from '../walk-graph.js';

/**
 * A random walk network for tests: nodes scattered over about a square
 * kilometre near Shanghai, joined to near neighbours, with some very short
 * edges (shorter than a bucket) and some isolated parts.
 */
export function randomNetwork(rng: Rng, numNodes: number): WalkGraph {
  const lng = new Float64Array(numNodes);
  const lat = new Float64Array(numNodes);
  for (let v = 0; v < numNodes; v++) {
    lng[v] = 121.4 + rng() * 0.01;
    lat[v] = 31.2 + rng() * 0.009;
    // Every fifth node sits almost on top of another one: sub-metre edges.
    if (v > 0 && v % 5 === 0) {
      const w = randomInt(rng, 0, v - 1);
      lng[v] = lng[w] + (rng() - 0.5) * 4e-6;
      lat[v] = lat[w] + (rng() - 0.5) * 4e-6;
    }
  }
  const edgeU: number[] = [];
  const edgeV: number[] = [];
  const lengthM: number[] = [];
  for (let v = 1; v < numNodes; v++) {
    const degree = randomInt(rng, 1, 3);
    for (let k = 0; k < degree; k++) {
      // Join a nearby earlier node (the nearest of a few random picks).
      let best = -1;
      let bestM = Infinity;
      for (let tries = 0; tries < 6; tries++) {
        const w = randomInt(rng, 0, v - 1);
        const d = haversineM(lng[v], lat[v], lng[w], lat[w]);
        if (d < bestM) {
          bestM = d;
          best = w;
        }
      }
      if (rng() < 0.04) continue; // leave some nodes isolated
      edgeU.push(v);
      edgeV.push(best);
      lengthM.push(bestM);
    }
  }
  return buildWalkGraph({ nodeLng: lng, nodeLat: lat, edgeU, edgeV, edgeLengthM: lengthM });
}

/** Shortest metres from `source` to every node by textbook O(V²) Dijkstra: the reference. */
export function referenceDijkstra(graph: WalkGraph, sources: number[], sourceDistM: number[]): Float64Array {
  const n = graph.numNodes;
  const dist = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  sources.forEach((s, i) => {
    dist[s] = Math.min(dist[s], sourceDistM[i]);
  });
  for (;;) {
    let u = -1;
    for (let v = 0; v < n; v++) if (!done[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v;
    if (u < 0) break;
    done[u] = 1;
    for (let e = 0; e < graph.numEdges; e++) {
      const a = graph.edgeU[e];
      const b = graph.edgeV[e];
      if (a !== u && b !== u) continue;
      const w = a === u ? b : a;
      const d = dist[u] + graph.edgeLengthM[e];
      if (d < dist[w]) dist[w] = d;
    }
  }
  return dist;
}
