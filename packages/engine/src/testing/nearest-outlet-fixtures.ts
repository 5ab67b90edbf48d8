// Fixtures of the nearest-outlet tests: random instances and a brute-force pair distance.
import { haversineM, randomInt, seededRng, type Rng } from '@lifecircle/shared';
import { attachPoints, type GateAccess } from '../attachments.js';
import type { PointSet } from '../point-set.js';
import { buildSegmentIndex } from '../segment-index.js';
import type { WalkGraph } from '../walk-graph.js';
import { randomNetwork, referenceDijkstra } from './random-network.js';

/** Random points over the random networks' square kilometre near Shanghai. */
export function randomPoints(rng: Rng, count: number) {
  const lng = new Float64Array(count);
  const lat = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    lng[i] = 121.4 + rng() * 0.01;
    lat[i] = 31.2 + rng() * 0.009;
  }
  return { lng, lat };
}

/** Brute force: walking metres between two points over every pair of attachments and edge ends. */
export function referencePairDistance(graph: WalkGraph, from: PointSet, p: number, to: PointSet, o: number): number {
  let best = Infinity;
  if (from.compound && to.compound && from.compound[p] >= 0 && from.compound[p] === to.compound[o]) {
    best = haversineM(from.lng[p], from.lat[p], to.lng[o], to.lat[o]);
  }
  const A = from.attachments;
  const B = to.attachments;
  for (let a = A.start[p]; a < A.start[p + 1]; a++) {
    const ea = A.edge[a];
    const lenA = graph.edgeLengthM[ea];
    const endsA: [number, number][] = [
      [graph.edgeU[ea], A.t[a] * lenA],
      [graph.edgeV[ea], (1 - A.t[a]) * lenA],
    ];
    for (let b = B.start[o]; b < B.start[o + 1]; b++) {
      const eb = B.edge[b];
      const lenB = graph.edgeLengthM[eb];
      const offsets = A.offsetM[a] + B.offsetM[b];
      if (ea === eb) best = Math.min(best, offsets + Math.abs(A.t[a] - B.t[b]) * lenA);
      for (const [x, alongX] of endsA) {
        const dist = referenceDijkstra(graph, [x], [0]);
        best = Math.min(
          best,
          offsets + alongX + dist[graph.edgeU[eb]] + B.t[b] * lenB,
          offsets + alongX + dist[graph.edgeV[eb]] + (1 - B.t[b]) * lenB,
        );
      }
    }
  }
  return best;
}

/** A random instance, optionally with gated compounds holding some origins and outlets (1 to maxOutlets outlets). */
export function randomInstance(seed: number, withGates: boolean, maxOutlets = 6) {
  const rng = seededRng(seed);
  const graph = randomNetwork(rng, randomInt(rng, 20, 90));
  const index = buildSegmentIndex(graph);
  const originXY = randomPoints(rng, randomInt(rng, 1, 25));
  const outletXY = randomPoints(rng, randomInt(rng, 1, maxOutlets));
  let originGates: GateAccess | undefined;
  let outletGates: GateAccess | undefined;
  if (withGates) {
    const numCompounds = 3;
    const compoundGateStart = new Uint32Array([0, 1, 3, 6]);
    const gates = randomPoints(rng, 6);
    const pick = (n: number) => Int32Array.from({ length: n }, () => (rng() < 0.5 ? randomInt(rng, 0, numCompounds - 1) : -1));
    originGates = { pointCompound: pick(originXY.lng.length), compoundGateStart, gateLng: gates.lng, gateLat: gates.lat };
    outletGates = { pointCompound: pick(outletXY.lng.length), compoundGateStart, gateLng: gates.lng, gateLat: gates.lat };
  }
  const maxSnapM = 150;
  const origins: PointSet = {
    attachments: attachPoints(graph, index, originXY.lng, originXY.lat, { maxSnapM, gates: originGates }),
    ...originXY,
    compound: originGates?.pointCompound,
  };
  const outlets: PointSet = {
    attachments: attachPoints(graph, index, outletXY.lng, outletXY.lat, { maxSnapM, gates: outletGates }),
    ...outletXY,
    compound: outletGates?.pointCompound,
  };
  return { rng, graph, origins, outlets };
}
