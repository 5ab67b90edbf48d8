import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachPoints, buildSegmentIndex, type GateAccess, type PointSet, type WalkGraph } from '@lifecircle/engine';
import { randomNetwork, referenceDijkstra, withShapeNodes } from '@lifecircle/engine/testing';
import { randomInt, seededRng, type Rng } from '@lifecircle/shared';
import { buildCoverageInstance, coveringSets } from './coverage-instance.js';

function randomPoints(rng: Rng, count: number) {
  const lng = new Float64Array(count);
  const lat = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    lng[i] = 121.4 + rng() * 0.01;
    lat[i] = 31.2 + rng() * 0.009;
  }
  return { lng, lat };
}

/** Demands on a random network, some inside gated compounds. */
function randomDemands(rng: Rng, graph: WalkGraph, count: number): PointSet {
  const xy = randomPoints(rng, count);
  const gatesXY = randomPoints(rng, 6);
  const gates: GateAccess = {
    pointCompound: Int32Array.from({ length: count }, () => (rng() < 0.4 ? randomInt(rng, 0, 2) : -1)),
    compoundGateStart: new Uint32Array([0, 1, 3, 6]),
    gateLng: gatesXY.lng,
    gateLat: gatesXY.lat,
  };
  const attachments = attachPoints(graph, buildSegmentIndex(graph), xy.lng, xy.lat, { maxSnapM: 150, gates });
  return { attachments, ...xy, compound: gates.pointCompound };
}

/** Walking metres from a demand to a position on an edge (`offsetM` metres off it), by textbook Dijkstra from each demand attachment's ends. */
function referenceDistance(graph: WalkGraph, demands: PointSet, i: number, edge: number, t: number, offsetM: number): number {
  const A = demands.attachments;
  let best = Infinity;
  const lengthB = graph.edgeLengthM[edge]!;
  for (let a = A.start[i]!; a < A.start[i + 1]!; a++) {
    const e = A.edge[a]!;
    const lengthA = graph.edgeLengthM[e]!;
    const offsets = A.offsetM[a]! + offsetM;
    if (e === edge) best = Math.min(best, offsets + Math.abs(A.t[a]! - t) * lengthB);
    for (const [x, alongM] of [
      [graph.edgeU[e]!, A.t[a]! * lengthA],
      [graph.edgeV[e]!, (1 - A.t[a]!) * lengthA],
    ] as const) {
      const dist = referenceDijkstra(graph, [x], [0]);
      best = Math.min(
        best,
        offsets + alongM + dist[graph.edgeU[edge]!]! + t * lengthB,
        offsets + alongM + dist[graph.edgeV[edge]!]! + (1 - t) * lengthB,
      );
    }
  }
  return best;
}

describe('buildCoverageInstance', () => {
  for (const kind of ['points', 'nodes'] as const) {
    for (const contract of [true, false]) {
      it(`keeps exactly the pairs a textbook Dijkstra finds closer than now and within the cutoff (${kind} as candidates, ${contract ? 'contracted' : 'full'} graph)`, () => {
        let numPairs = 0;
        for (let seed = 1; seed <= 12; seed++) {
          const rng = seededRng(seed);
          const graph = withShapeNodes(rng, randomNetwork(rng, randomInt(rng, 20, 60)));
          const numDemands = randomInt(rng, 1, 20);
          const demands = randomDemands(rng, graph, numDemands);
          const currentDistM = Float64Array.from({ length: numDemands }, () => (rng() < 0.3 ? Infinity : rng() * 900));
          const weights = Float64Array.from({ length: numDemands }, () => randomInt(rng, 1, 9));
          const thresholdM = 300;
          const cutoffM = 600;
          let candidates: { lng: number; lat: number }[] | { nodes: Uint32Array };
          // Where each candidate joins the network, for the reference: an edge, a position, the metres off it.
          const joins: [number, number, number][] = [];
          if (kind === 'points') {
            const xy = randomPoints(rng, randomInt(rng, 1, 8));
            candidates = Array.from(xy.lng, (lng, j) => ({ lng, lat: xy.lat[j]! }));
            const snaps = attachPoints(graph, buildSegmentIndex(graph), xy.lng, xy.lat, { maxSnapM: 500 });
            for (let j = 0; j < xy.lng.length; j++) {
              const a = snaps.start[j]!;
              joins.push(snaps.start[j + 1]! > a ? [snaps.edge[a]!, snaps.t[a]!, snaps.offsetM[a]!] : [-1, 0, 0]);
            }
          } else {
            const nodes = Uint32Array.from({ length: randomInt(rng, 1, 8) }, () => randomInt(rng, 0, graph.numNodes - 1));
            candidates = { nodes };
            for (const v of nodes) {
              let edge = -1;
              for (let e = 0; e < graph.numEdges && edge < 0; e++) if (graph.edgeU[e] === v || graph.edgeV[e] === v) edge = e;
              joins.push([edge, edge >= 0 && graph.edgeU[edge] === v ? 0 : 1, 0]);
            }
          }
          const instance = buildCoverageInstance(graph, demands, candidates, {
            thresholdM,
            cutoffM,
            currentDistM,
            weights,
            contract,
          });
          assert.equal(instance.numCandidates, joins.length);
          numPairs += instance.pairDemand.length;
          joins.forEach(([edge, t, offsetM], j) => {
            const want = new Map<number, number>();
            if (edge >= 0) {
              for (let i = 0; i < numDemands; i++) {
                const d = referenceDistance(graph, demands, i, edge, t, offsetM);
                if (d <= cutoffM && d < currentDistM[i]!) want.set(i, d);
              }
            }
            const got = new Map<number, number>();
            for (let k = instance.pairStart[j]!; k < instance.pairStart[j + 1]!; k++) {
              got.set(instance.pairDemand[k]!, instance.pairDistM[k]!);
              if (k > instance.pairStart[j]!) assert.ok(instance.pairDemand[k]! > instance.pairDemand[k - 1]!, 'demands in increasing order');
            }
            assert.deepEqual([...got.keys()].sort((a, b) => a - b), [...want.keys()].sort((a, b) => a - b), `seed ${seed} candidate ${j}`);
            for (const [i, d] of want) assert.ok(Math.abs(got.get(i)! - d) < 1e-6, `seed ${seed} candidate ${j} demand ${i}: got ${got.get(i)}, want ${d}`);
          });
          // Covering sets: exactly the pairs within the threshold for demands not covered now.
          const sets = coveringSets(instance);
          for (let j = 0; j < instance.numCandidates; j++) {
            const want: number[] = [];
            for (let k = instance.pairStart[j]!; k < instance.pairStart[j + 1]!; k++) {
              const i = instance.pairDemand[k]!;
              if (instance.pairDistM[k]! <= thresholdM && currentDistM[i]! > thresholdM) want.push(i);
            }
            assert.deepEqual(Array.from(sets.demand.subarray(sets.start[j], sets.start[j + 1])), want);
          }
        }
        assert.ok(numPairs >= 20, `expected the seeds to produce pairs, got ${numPairs}`);
      });
    }
  }

  it('rejects a cutoff shorter than the threshold', () => {
    const graph = randomNetwork(seededRng(1), 10);
    const demands = randomDemands(seededRng(2), graph, 3);
    const options = { thresholdM: 500, cutoffM: 400, currentDistM: new Float64Array(3), weights: new Float64Array(3) };
    assert.throws(() => buildCoverageInstance(graph, demands, { nodes: new Uint32Array([0]) }, options), /expected cutoffM/);
  });
});
