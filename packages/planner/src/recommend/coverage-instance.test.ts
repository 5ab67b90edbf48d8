import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachPoints, buildSegmentIndex, type PointSet, type WalkGraph } from '@lifecircle/engine';
import { randomNetwork, withShapeNodes } from '@lifecircle/engine/testing';
import { randomInt, seededRng } from '@lifecircle/shared';
import { buildCoverageInstance, coveringSets } from './coverage-instance.js';
import { randomGates, randomPointSet, randomPoints, referenceEdgeToEdgeM, referenceWalkM } from './testing/random-district.js';

/** Metres from demand i to a position on an edge, `offsetM` off it: the brute-force reference. */
function referenceDistance(graph: WalkGraph, demands: PointSet, i: number, edge: number, t: number, offsetM: number): number {
  const A = demands.attachments;
  let best = Infinity;
  for (let a = A.start[i]!; a < A.start[i + 1]!; a++) {
    best = Math.min(best, A.offsetM[a]! + offsetM + referenceEdgeToEdgeM(graph, A.edge[a]!, A.t[a]!, edge, t));
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
          const demands = randomPointSet(rng, graph, numDemands, randomGates(rng));
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
              if (k > instance.pairStart[j]!)
                assert.ok(instance.pairDemand[k]! > instance.pairDemand[k - 1]!, 'demands in increasing order');
            }
            assert.deepEqual(
              [...got.keys()].sort((a, b) => a - b),
              [...want.keys()].sort((a, b) => a - b),
              `seed ${seed} candidate ${j}`,
            );
            for (const [i, d] of want)
              assert.ok(
                Math.abs(got.get(i)! - d) < 1e-6,
                `seed ${seed} candidate ${j} demand ${i}: got ${got.get(i)}, want ${d}`,
              );
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

  it('reaches candidates inside gated compounds through their gates, and from their own compound straight', () => {
    let numInside = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const rng = seededRng(100 + seed);
      const graph = withShapeNodes(rng, randomNetwork(rng, randomInt(rng, 20, 60)));
      const gates = randomGates(rng);
      const numDemands = randomInt(rng, 3, 20);
      const demands = randomPointSet(rng, graph, numDemands, gates);
      const sites = randomPointSet(rng, graph, randomInt(rng, 1, 8), gates);
      const currentDistM = Float64Array.from({ length: numDemands }, () => (rng() < 0.5 ? Infinity : rng() * 900));
      const cutoffM = 600;
      const instance = buildCoverageInstance(
        graph,
        demands,
        Array.from(sites.lng, (lng, j) => ({ lng, lat: sites.lat[j]! })),
        {
          thresholdM: 300,
          cutoffM,
          currentDistM,
          weights: new Float64Array(numDemands).fill(1),
          maxSnapM: 150,
          candidateGates: { ...gates, pointCompound: sites.compound! },
        },
      );
      for (let j = 0; j < sites.lng.length; j++) {
        const got = new Map<number, number>();
        for (let k = instance.pairStart[j]!; k < instance.pairStart[j + 1]!; k++)
          got.set(instance.pairDemand[k]!, instance.pairDistM[k]!);
        for (let i = 0; i < numDemands; i++) {
          const d = referenceWalkM(graph, demands, i, sites, j);
          const isKept = d <= cutoffM && d < currentDistM[i]!;
          assert.equal(got.has(i), isKept, `seed ${seed} candidate ${j} demand ${i}: reference ${d}`);
          if (isKept)
            assert.ok(Math.abs(got.get(i)! - d) < 1e-6, `seed ${seed} candidate ${j} demand ${i}: got ${got.get(i)}, want ${d}`);
          if (isKept && sites.compound![j]! >= 0 && sites.compound![j] === demands.compound![i]) numInside++;
        }
      }
    }
    assert.ok(numInside >= 3, `only ${numInside} pairs shared a compound: the check lost its power`);
  });

  it('rejects a cutoff shorter than the threshold', () => {
    const graph = randomNetwork(seededRng(1), 10);
    const demands = randomPointSet(seededRng(2), graph, 3, randomGates(seededRng(3)));
    const options = { thresholdM: 500, cutoffM: 400, currentDistM: new Float64Array(3), weights: new Float64Array(3) };
    assert.throws(() => buildCoverageInstance(graph, demands, { nodes: new Uint32Array([0]) }, options), /expected cutoffM/);
  });
});
