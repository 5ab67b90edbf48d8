import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng } from '@lifecircle/shared';
import { buildSegmentIndex, emptySnap, snapToNetwork, buildWalkGraph } from '@lifecircle/engine';
import { randomNetwork, referenceDijkstra } from '@lifecircle/engine/testing';
import { NetworkWalkRouter } from './network-walk-router.js';

const CATEGORIES = ['pharmacy', 'breakfast', 'repair'];

describe('NetworkWalkRouter', () => {
  it('orders outlets by walking metres exactly as a textbook Dijkstra from the snapped point does', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = seededRng(seed);
      const graph = randomNetwork(rng, 300);
      const index = buildSegmentIndex(graph);
      const router = new NetworkWalkRouter(graph, { maxSnapM: 200 });
      const outlets = Array.from({ length: 60 }, (_, i) => ({
        id: i + 1,
        location: [121.4 + rng() * 0.01, 31.2 + rng() * 0.009] as [number, number],
        categoryIds: [CATEGORIES[i % 3]!],
      }));
      for (const outlet of outlets) router.upsertOutlet(outlet);
      for (let q = 0; q < 10; q++) {
        const lng = 121.4 + rng() * 0.01;
        const lat = 31.2 + rng() * 0.009;
        const categoryId = q % 2 === 0 ? CATEGORIES[q % 3] : undefined;
        const maxWalkM = 300 + rng() * 900;
        const got = router.nearby(lng, lat, { categoryId, limit: 100, maxWalkM });

        // Reference: snap, Dijkstra from both ends of the origin's edge, best end of each outlet's edge.
        const origin = snapToNetwork(graph, index, lng, lat, 200, emptySnap());
        if (origin.edge < 0) {
          assert.equal(got, null, `seed ${seed} query ${q}`);
          continue;
        }
        const len = graph.edgeLengthM[origin.edge]!;
        const dist = referenceDijkstra(
          graph,
          [graph.edgeU[origin.edge]!, graph.edgeV[origin.edge]!],
          [origin.distanceM + origin.t * len, origin.distanceM + (1 - origin.t) * len],
        );
        const expected: { outletId: number; walkM: number }[] = [];
        for (const outlet of outlets) {
          if (categoryId !== undefined && !outlet.categoryIds.includes(categoryId)) continue;
          const s = snapToNetwork(graph, index, outlet.location[0], outlet.location[1], 200, emptySnap());
          if (s.edge < 0) continue;
          const l = graph.edgeLengthM[s.edge]!;
          let walkM = Math.min(
            dist[graph.edgeU[s.edge]!]! + s.t * l + s.distanceM,
            dist[graph.edgeV[s.edge]!]! + (1 - s.t) * l + s.distanceM,
          );
          if (s.edge === origin.edge) walkM = Math.min(walkM, origin.distanceM + Math.abs(s.t - origin.t) * l + s.distanceM);
          if (walkM <= maxWalkM) expected.push({ outletId: outlet.id, walkM });
        }
        expected.sort((a, b) => a.walkM - b.walkM || a.outletId - b.outletId);
        assert.ok(got !== null);
        assert.equal(got.length, expected.length, `seed ${seed} query ${q}: count`);
        for (let i = 0; i < got.length; i++) {
          assert.ok(Math.abs(got[i]!.walkM - expected[i]!.walkM) < 1e-6, `seed ${seed} query ${q} rank ${i}`);
        }
        // Ties may order differently only when the distances are equal.
        assert.deepEqual(
          got.map((r) => r.outletId).sort((a, b) => a - b),
          expected.map((r) => r.outletId).sort((a, b) => a - b),
        );
      }
    }
  });

  it('walks a hand-worked street: along the edge, round the corner, and not past the limit', () => {
    // An L-shaped street: A(0,0) — B(100 m east) — C(100 m north of B), roughly.
    const mLng = 1 / (111_320 * Math.cos((31.2 * Math.PI) / 180));
    const mLat = 1 / 110_574;
    const lng0 = 121.4;
    const lat0 = 31.2;
    const graph = buildWalkGraph({
      nodeLng: new Float64Array([lng0, lng0 + 100 * mLng, lng0 + 100 * mLng]),
      nodeLat: new Float64Array([lat0, lat0, lat0 + 100 * mLat]),
      edgeU: [0, 1],
      edgeV: [1, 2],
      edgeLengthM: [100, 100],
    });
    const router = new NetworkWalkRouter(graph);
    // Outlet 1 on AB 30 m from A, 10 m off the street; outlet 2 on BC 40 m north of B, on the street.
    router.upsertOutlet({ id: 1, location: [lng0 + 30 * mLng, lat0 + 10 * mLat], categoryIds: ['a'] });
    router.upsertOutlet({ id: 2, location: [lng0 + 100 * mLng, lat0 + 40 * mLat], categoryIds: ['b'] });
    // From 80 m along AB: outlet 1 is 50 m back along the street + 10 m across; outlet 2 is 20 + 40.
    const got = router.nearby(lng0 + 80 * mLng, lat0, { limit: 5, maxWalkM: 1000 })!;
    assert.equal(got.length, 2);
    assert.ok(Math.abs(got.find((r) => r.outletId === 1)!.walkM - 60) < 0.5);
    assert.ok(Math.abs(got.find((r) => r.outletId === 2)!.walkM - 60) < 0.5);
    const onlyB = router.nearby(lng0 + 80 * mLng, lat0, { categoryId: 'b', limit: 5, maxWalkM: 59 })!;
    assert.deepEqual(onlyB, []);
    // Moving outlet 2 to C makes it 120 m away; removing outlet 1 leaves only it.
    router.upsertOutlet({ id: 2, location: [lng0 + 100 * mLng, lat0 + 100 * mLat], categoryIds: ['b'] });
    router.removeOutlet(1);
    const after = router.nearby(lng0 + 80 * mLng, lat0, { limit: 5, maxWalkM: 1000 })!;
    assert.equal(after.length, 1);
    assert.ok(Math.abs(after[0]!.walkM - 120) < 0.5);
    assert.equal(router.numOutlets, 1);
    // Far from every street: off the network.
    assert.equal(router.nearby(lng0 + 5000 * mLng, lat0 + 5000 * mLat, { limit: 5, maxWalkM: 1000 }), null);
  });

  it('draws a route whose metres equal nearby, along edges of the graph, from the point to the outlet', () => {
    for (const seed of [7, 8, 9]) {
      const rng = seededRng(seed);
      const graph = randomNetwork(rng, 300);
      const router = new NetworkWalkRouter(graph, { maxSnapM: 200 });
      const outlets = Array.from({ length: 40 }, (_, i) => ({
        id: i + 1,
        location: [121.4 + rng() * 0.01, 31.2 + rng() * 0.009] as [number, number],
        categoryIds: ['a'],
      }));
      for (const outlet of outlets) router.upsertOutlet(outlet);
      const adjacent = new Set<string>();
      for (let e = 0; e < graph.numEdges; e++) {
        adjacent.add(`${graph.edgeU[e]},${graph.edgeV[e]}`);
        adjacent.add(`${graph.edgeV[e]},${graph.edgeU[e]}`);
      }
      const nodeAt = new Map<string, number>();
      for (let v = 0; v < graph.numNodes; v++) nodeAt.set(`${graph.nodeLng[v]},${graph.nodeLat[v]}`, v);
      let checked = 0;
      for (let q = 0; q < 15; q++) {
        const lng = 121.4 + rng() * 0.01;
        const lat = 31.2 + rng() * 0.009;
        for (const hit of router.nearby(lng, lat, { limit: 3, maxWalkM: 2000 }) ?? []) {
          const route = router.route(lng, lat, hit.outletId, 2000);
          assert.ok(route !== null, `seed ${seed} query ${q} outlet ${hit.outletId}`);
          assert.ok(Math.abs(route.walkM - hit.walkM) < 1e-6, `seed ${seed} query ${q}: ${route.walkM} vs ${hit.walkM}`);
          assert.deepEqual(route.coordinates[0], [lng, lat]);
          assert.deepEqual(route.coordinates.at(-1), outlets[hit.outletId - 1]!.location);
          // The inner points that are graph nodes follow edges of the graph.
          const nodes = route.coordinates.map((p) => nodeAt.get(`${p[0]},${p[1]}`) ?? -1).filter((v) => v >= 0);
          for (let i = 1; i < nodes.length; i++) {
            if (nodes[i] !== nodes[i - 1])
              assert.ok(adjacent.has(`${nodes[i - 1]},${nodes[i]}`), `seed ${seed}: ${nodes[i - 1]} → ${nodes[i]}`);
          }
          checked++;
        }
      }
      assert.ok(checked > 10);
      assert.equal(router.route(121.4, 31.2, 999, 2000), null, 'unknown outlet');
    }
  });
});
