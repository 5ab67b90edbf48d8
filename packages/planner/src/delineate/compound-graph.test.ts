import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachPoints, buildSegmentIndex } from '@lifecircle/engine';
import { referenceDijkstra } from '@lifecircle/engine/testing';
import { randomInt, seededRng } from '@lifecircle/shared';
import { buildCompoundGraph, compoundWalkM, connectedParts } from './compound-graph.js';
import { randomDistrict } from './random-district.js';

describe('buildCompoundGraph', () => {
  it('matches textbook Dijkstra between every pair of compounds on seeded random districts', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rng = seededRng(seed);
      const { graph, compounds } = randomDistrict(rng, randomInt(rng, 20, 120), randomInt(rng, 2, 25));
      const radiusM = 150 + rng() * 600;
      const cg = buildCompoundGraph(graph, compounds, radiusM);
      // The reference attaches the same way but walks the full (uncontracted) graph with O(V²) Dijkstra.
      const gateStart = [0];
      compounds.forEach((c) => gateStart.push(gateStart[gateStart.length - 1]! + c.gates.length));
      const at = attachPoints(
        graph,
        buildSegmentIndex(graph),
        compounds.map((c) => c.location[0]),
        compounds.map((c) => c.location[1]),
        {
          maxSnapM: 500,
          gates: {
            pointCompound: Int32Array.from(compounds, (c, i) => (c.gates.length > 0 ? i : -1)),
            compoundGateStart: Uint32Array.from(gateStart),
            gateLng: Float64Array.from(compounds.flatMap((c) => c.gates.map((g) => g[0]))),
            gateLat: Float64Array.from(compounds.flatMap((c) => c.gates.map((g) => g[1]))),
          },
        },
      );
      for (let a = 0; a < compounds.length; a++) {
        const nodes: number[] = [];
        const offsets: number[] = [];
        for (let k = at.start[a]!; k < at.start[a + 1]!; k++) {
          const len = graph.edgeLengthM[at.edge[k]!]!;
          nodes.push(graph.edgeU[at.edge[k]!]!, graph.edgeV[at.edge[k]!]!);
          offsets.push(at.offsetM[k]! + at.t[k]! * len, at.offsetM[k]! + (1 - at.t[k]!) * len);
        }
        const dist =
          nodes.length > 0 ? referenceDijkstra(graph, nodes, offsets) : new Float64Array(graph.numNodes).fill(Infinity);
        for (let b = 0; b < compounds.length; b++) {
          let want = a === b ? 0 : Infinity;
          for (let k = at.start[b]!; k < at.start[b + 1]!; k++) {
            const e = at.edge[k]!;
            const len = graph.edgeLengthM[e]!;
            const viaNodes = Math.min(dist[graph.edgeU[e]!]! + at.t[k]! * len, dist[graph.edgeV[e]!]! + (1 - at.t[k]!) * len);
            want = Math.min(want, viaNodes + at.offsetM[k]!);
            for (let j = at.start[a]!; j < at.start[a + 1]!; j++) {
              if (at.edge[j] === e) want = Math.min(want, at.offsetM[j]! + at.offsetM[k]! + Math.abs(at.t[j]! - at.t[k]!) * len);
            }
          }
          const got = compoundWalkM(cg, a, b);
          if (want > radiusM + 1e-6) assert.ok(got === Infinity || got <= radiusM, `seed ${seed} ${a}→${b}`);
          else if (want < radiusM - 1e-6)
            assert.ok(Math.abs(got - want) < 1e-6, `seed ${seed} ${a}→${b}: got ${got}, want ${want}`);
        }
      }
    }
  });

  it('is symmetric and lists neighbours ascending without the compound itself', () => {
    const rng = seededRng(7);
    const { graph, compounds } = randomDistrict(rng, 300, 80);
    const cg = buildCompoundGraph(graph, compounds, 500);
    for (let a = 0; a < cg.numCompounds; a++) {
      for (let k = cg.neighbourStart[a]!; k < cg.neighbourStart[a + 1]!; k++) {
        const b = cg.neighbour[k]!;
        assert.notEqual(b, a);
        if (k > cg.neighbourStart[a]!) assert.ok(cg.neighbour[k - 1]! < b);
        assert.equal(compoundWalkM(cg, b, a), cg.neighbourM[k]);
      }
    }
  });
});

describe('connectedParts', () => {
  it('agrees with a union-find over pairs within the adjacency', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = seededRng(seed);
      const { graph, compounds } = randomDistrict(rng, 200, 60);
      const cg = buildCompoundGraph(graph, compounds, 400);
      const members = compounds.map((_, i) => i).filter(() => rng() < 0.7);
      const adjacencyM = 250;
      const parent = compounds.map((_, i) => i);
      const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
      for (const a of members) for (const b of members) if (compoundWalkM(cg, a, b) <= adjacencyM) parent[find(a)] = find(b);
      const parts = connectedParts(cg, members, adjacencyM);
      assert.equal(parts.flat().length, members.length, `seed ${seed}`);
      for (const part of parts) for (const c of part) assert.equal(find(c), find(part[0]!), `seed ${seed}`);
      assert.equal(parts.length, new Set(members.map(find)).size, `seed ${seed}`);
    }
  });
});
