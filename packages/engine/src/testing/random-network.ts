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

/**
 * The same network with every edge cut into 1–4 pieces by shape nodes (as
 * mapped streets are), plus a separate ring of shape nodes only: chains and
 * rings for contraction tests.
 */
export function withShapeNodes(rng: Rng, graph: WalkGraph): WalkGraph {
  const lng = Array.from(graph.nodeLng);
  const lat = Array.from(graph.nodeLat);
  const edgeU: number[] = [];
  const edgeV: number[] = [];
  const lengthM: number[] = [];
  const link = (a: number, b: number) => {
    edgeU.push(a);
    edgeV.push(b);
    lengthM.push(haversineM(lng[a]!, lat[a]!, lng[b]!, lat[b]!));
  };
  for (let e = 0; e < graph.numEdges; e++) {
    const u = graph.edgeU[e];
    const v = graph.edgeV[e];
    const pieces = randomInt(rng, 1, 4);
    let previous = u;
    for (let k = 1; k < pieces; k++) {
      const t = k / pieces;
      lng.push(graph.nodeLng[u] + t * (graph.nodeLng[v] - graph.nodeLng[u]) + (rng() - 0.5) * 2e-5);
      lat.push(graph.nodeLat[u] + t * (graph.nodeLat[v] - graph.nodeLat[u]) + (rng() - 0.5) * 2e-5);
      link(previous, lng.length - 1);
      previous = lng.length - 1;
    }
    link(previous, v);
  }
  // A ring of five shape nodes with no junction.
  const first = lng.length;
  for (let k = 0; k < 5; k++) {
    lng.push(121.405 + 0.0005 * Math.cos((2 * Math.PI * k) / 5));
    lat.push(31.204 + 0.0005 * Math.sin((2 * Math.PI * k) / 5));
  }
  for (let k = 0; k < 5; k++) link(first + k, first + ((k + 1) % 5));
  return buildWalkGraph({ nodeLng: lng, nodeLat: lat, edgeU, edgeV, edgeLengthM: lengthM });
}
