import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pointsBbox, seededRng } from '@lifecircle/shared';
import { randomNetwork, referenceDijkstra, withShapeNodes } from './testing/random-network.js';
import { localProjection } from './local-projection.js';
import { walkSubgraph } from './walk-subgraph.js';

describe('walkSubgraph', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`keeps exactly the edges meeting the box, and searches within reach see the same distances (seed ${seed})`, () => {
      const rng = seededRng(seed);
      const graph = withShapeNodes(rng, randomNetwork(rng, 400));
      // A small inner box somewhere in the ~1 km network, and the box reaching reachM beyond it.
      const lng0 = 121.4 + rng() * 0.008;
      const lat0 = 31.2 + rng() * 0.007;
      const inner = [lng0, lat0, lng0 + 0.001, lat0 + 0.001] as const;
      const reachM = 100 + rng() * 300;
      const box = pointsBbox(
        [
          [inner[0], inner[1]],
          [inner[2], inner[3]],
        ],
        reachM,
      );
      const { graph: sub, nodeIndex, referenceLat } = walkSubgraph(graph, box);
      assert.deepEqual(
        localProjection(sub.nodeLat, referenceLat),
        localProjection(graph.nodeLat),
        'the part is projected as the whole',
      );

      // The edges: brute force over the whole graph, compared as (u, v, length) in whole-graph indices.
      const expected: string[] = [];
      for (let e = 0; e < graph.numEdges; e++) {
        const [u, v] = [graph.edgeU[e], graph.edgeV[e]];
        const meets =
          Math.max(graph.nodeLng[u], graph.nodeLng[v]) >= box[0] &&
          Math.min(graph.nodeLng[u], graph.nodeLng[v]) <= box[2] &&
          Math.max(graph.nodeLat[u], graph.nodeLat[v]) >= box[1] &&
          Math.min(graph.nodeLat[u], graph.nodeLat[v]) <= box[3];
        if (meets) expected.push(`${u}-${v}-${graph.edgeLengthM[e]}`);
      }
      const kept: string[] = [];
      for (let e = 0; e < sub.numEdges; e++)
        kept.push(`${nodeIndex[sub.edgeU[e]]}-${nodeIndex[sub.edgeV[e]]}-${sub.edgeLengthM[e]}`);
      assert.deepEqual(kept.sort(), expected.sort());
      for (let s = 0; s < sub.numNodes; s++) {
        assert.equal(sub.nodeLng[s], graph.nodeLng[nodeIndex[s]]);
        assert.equal(sub.nodeLat[s], graph.nodeLat[nodeIndex[s]]);
      }

      // Distances from the nodes inside the inner box: equal on both wherever the whole graph's is within reach.
      const sources: number[] = [];
      for (let v = 0; v < graph.numNodes; v++) {
        if (
          graph.nodeLng[v] >= inner[0] &&
          graph.nodeLng[v] <= inner[2] &&
          graph.nodeLat[v] >= inner[1] &&
          graph.nodeLat[v] <= inner[3]
        ) {
          sources.push(v);
        }
      }
      const whole = referenceDijkstra(
        graph,
        sources,
        sources.map(() => 0),
      );
      const subOf = new Map(Array.from(nodeIndex, (v, s) => [v, s]));
      const partSources = sources.filter((v) => subOf.has(v)).map((v) => subOf.get(v)!);
      const part = referenceDijkstra(
        sub,
        partSources,
        partSources.map(() => 0),
      );
      let numWithinReach = 0;
      for (let v = 0; v < graph.numNodes; v++) {
        if (!(whole[v]! <= reachM)) continue;
        numWithinReach++;
        const s = subOf.get(v);
        assert.ok(s !== undefined, `node ${v} at ${whole[v]} m is on the part`);
        assert.ok(Math.abs(part[s]! - whole[v]!) < 1e-9, `node ${v}: ${part[s]} vs ${whole[v]} m`);
      }
      for (let s = 0; s < sub.numNodes; s++) assert.ok(part[s]! >= whole[nodeIndex[s]!]! - 1e-9);
      assert.ok(sources.length === 0 || numWithinReach > sources.length, 'the search reached beyond its sources');
    });
  }
});
