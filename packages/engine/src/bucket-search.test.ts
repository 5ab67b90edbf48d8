import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import { BucketSearch } from './bucket-search.js';
import { SweepSearch } from './sweep-search.js';
import { buildWalkGraph, walkGraphFromBuffer } from './walk-graph.js';
import { randomNetwork, referenceDijkstra } from './testing/random-network.js';

for (const [label, Search] of [
  ['BucketSearch', BucketSearch],
  ['SweepSearch', SweepSearch],
] as const) {
  describe(label, () => {
    it('matches textbook Dijkstra from several sources on seeded random networks', () => {
      for (let seed = 1; seed <= 30; seed++) {
        const rng = seededRng(seed);
        const graph = randomNetwork(rng, randomInt(rng, 2, 160));
        const numSources = randomInt(rng, 1, 5);
        const sources: number[] = [];
        const offsets: number[] = [];
        for (let i = 0; i < numSources; i++) {
          sources.push(randomInt(rng, 0, graph.numNodes - 1));
          offsets.push(seed % 5 === 0 ? rng() * 20_000 : rng() * 300);
        }
        const expected = referenceDijkstra(graph, sources, offsets);
        const search = new Search(graph, [1, 7, undefined, 60][seed % 4]);
        search.run(sources, offsets, numSources);
        for (let v = 0; v < graph.numNodes; v++) {
          const want = expected[v];
          const got = search.distM[v];
          if (want === Infinity) assert.equal(got, Infinity, `seed ${seed} node ${v}`);
          else assert.ok(Math.abs(got - want) < 1e-6, `seed ${seed} node ${v}: got ${got}, want ${want}`);
        }
      }
    });

    it('satisfies dist[v] <= dist[u] + w(u,v) on every edge', () => {
      const rng = seededRng(99);
      const graph = randomNetwork(rng, 2000);
      const search = new Search(graph);
      search.run([0, 17, 400], [0, 12.5, 3], 3);
      const d = search.distM;
      for (let e = 0; e < graph.numEdges; e++) {
        const u = graph.edgeU[e];
        const v = graph.edgeV[e];
        const w = graph.edgeLengthM[e];
        assert.ok(d[v] <= d[u] + w + 1e-9 && d[u] <= d[v] + w + 1e-9, `edge ${e}`);
      }
    });

    it('labels exactly the nodes within the cutoff and reuses its scratch arrays between runs', () => {
      const rng = seededRng(7);
      const graph = randomNetwork(rng, 500);
      const search = new Search(graph);
      const full = referenceDijkstra(graph, [3], [0]);
      for (const cutoffM of [0, 50, 200, 1e9]) {
        search.run([3], [0], 1, cutoffM);
        for (let v = 0; v < graph.numNodes; v++) {
          if (full[v] <= cutoffM) assert.ok(Math.abs(search.distM[v] - full[v]) < 1e-6, `cutoff ${cutoffM} node ${v}`);
          else assert.ok(!(search.distM[v] <= cutoffM), `cutoff ${cutoffM} node ${v} should be beyond`);
        }
      }
    });

    it('returns Infinity for unreachable nodes', () => {
      const graph = buildWalkGraph({
        nodeLng: [121, 121.001, 121.002, 121.003],
        nodeLat: [31, 31, 31, 31],
        edgeU: [0, 2],
        edgeV: [1, 3],
        edgeLengthM: [95, 95],
      });
      const search = new Search(graph);
      search.run([0], [0], 1);
      assert.deepEqual([...search.distM], [0, 95, Infinity, Infinity]);
    });

    it('survives a round trip through its ArrayBuffer', () => {
      const graph = randomNetwork(seededRng(5), 300);
      const copy = walkGraphFromBuffer(graph.buffer.slice(0));
      const a = new Search(graph);
      const b = new Search(copy);
      a.run([1], [0], 1);
      b.run([1], [0], 1);
      assert.deepEqual([...a.distM], [...b.distM]);
      assert.throws(() => walkGraphFromBuffer(new ArrayBuffer(64)), /expected a lifecircle walk-graph buffer/);
    });
  });
}
