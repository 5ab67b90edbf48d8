import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { haversineM, seededRng } from '@lifecircle/shared';
import { buildSegmentIndex } from './segment-index.js';
import { emptySnap, snapToNetwork } from './snap-to-network.js';
import { randomNetwork } from './testing/random-network.js';

describe('snapToNetwork', () => {
  it('finds the same nearest segment distance as a linear scan of every edge', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rng = seededRng(seed);
      const graph = randomNetwork(rng, 400);
      const index = buildSegmentIndex(graph);
      const { nodeX, nodeY, projection } = index;
      const snap = emptySnap();
      for (let i = 0; i < 200; i++) {
        const lng = 121.399 + rng() * 0.012;
        const lat = 31.199 + rng() * 0.011;
        const px = lng * projection.metresPerDegreeLng;
        const py = lat * projection.metresPerDegreeLat;
        // Linear scan: the reference.
        let bestSq = Infinity;
        for (let e = 0; e < graph.numEdges; e++) {
          const u = graph.edgeU[e];
          const v = graph.edgeV[e];
          const dx = nodeX[v] - nodeX[u];
          const dy = nodeY[v] - nodeY[u];
          const lenSq = dx * dx + dy * dy;
          const t = lenSq > 0 ? Math.max(0, Math.min(1, ((px - nodeX[u]) * dx + (py - nodeY[u]) * dy) / lenSq)) : 0;
          const qx = nodeX[u] + t * dx - px;
          const qy = nodeY[u] + t * dy - py;
          bestSq = Math.min(bestSq, qx * qx + qy * qy);
        }
        snapToNetwork(graph, index, lng, lat, 5000, snap);
        assert.ok(snap.edge >= 0, `seed ${seed} point ${i} should snap`);
        const e = snap.edge;
        const u = graph.edgeU[e];
        const v = graph.edgeV[e];
        const sx = nodeX[u] + snap.t * (nodeX[v] - nodeX[u]) - px;
        const sy = nodeY[u] + snap.t * (nodeY[v] - nodeY[u]) - py;
        assert.ok(Math.abs(Math.sqrt(sx * sx + sy * sy) - Math.sqrt(bestSq)) < 1e-6, `seed ${seed} point ${i}`);
        // The reported distance is the haversine to the snapped point.
        const snapLng = graph.nodeLng[u] + snap.t * (graph.nodeLng[v] - graph.nodeLng[u]);
        const snapLat = graph.nodeLat[u] + snap.t * (graph.nodeLat[v] - graph.nodeLat[u]);
        assert.ok(Math.abs(snap.distanceM - haversineM(lng, lat, snapLng, snapLat)) < 1e-9);
      }
    }
  });

  it('reports points beyond the maximum snap distance as off the network', () => {
    const graph = randomNetwork(seededRng(3), 100);
    const index = buildSegmentIndex(graph);
    const snap = snapToNetwork(graph, index, 121.5, 31.3, 300, emptySnap());
    assert.equal(snap.edge, -1);
    assert.equal(snap.distanceM, Infinity);
  });
});
