import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import { attachPoints } from './attachments.js';
import { BucketSearch } from './bucket-search.js';
import { SweepSearch } from './sweep-search.js';
import { nearestOutletDistances } from './nearest-outlet.js';
import { nearestOutletSources } from './nearest-outlet-sources.js';
import type { PointSet } from './point-set.js';
import { buildSegmentIndex } from './segment-index.js';
import { buildWalkGraph } from './walk-graph.js';
import { randomNetwork } from './testing/random-network.js';
import { randomInstance, randomPoints, referencePairDistance } from './testing/nearest-outlet-fixtures.js';

describe('nearestOutletSources', () => {
  for (const withGates of [false, true]) {
    it(`names an outlet at the brute-force minimum distance ${withGates ? 'with' : 'without'} gated compounds`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const { rng, graph, origins, outlets } = randomInstance(seed, withGates, 8);
        const numOutlets = outlets.lng.length;
        const subset = Uint32Array.from({ length: numOutlets }, (_, i) => i).filter((o) => o === 0 || rng() < 0.7);
        const cutoffM = seed % 4 === 0 ? 400 : Infinity;
        const numOrigins = origins.lng.length;
        const gotM = new Float64Array(numOrigins);
        const gotOutlet = new Int32Array(numOrigins);
        const search = seed % 2 === 0 ? new SweepSearch(graph) : new BucketSearch(graph);
        nearestOutletSources(search, origins, outlets, subset, cutoffM, gotM, gotOutlet);
        const plainM = new Float64Array(numOrigins);
        nearestOutletDistances(search, origins, outlets, subset, cutoffM, plainM);
        for (let p = 0; p < numOrigins; p++) {
          const where = `seed ${seed} origin ${p}`;
          assert.equal(gotM[p], plainM[p], `${where}: the distance is nearestOutletDistances' own`);
          const reference = Array.from(subset, (o) => referencePairDistance(graph, origins, p, outlets, o));
          let want = Math.min(Infinity, ...reference);
          if (want > cutoffM) want = Infinity;
          if (want === Infinity) {
            assert.equal(gotOutlet[p], -1, where);
            continue;
          }
          const k = Array.from(subset).indexOf(gotOutlet[p]);
          assert.ok(k >= 0, `${where}: outlet ${gotOutlet[p]} is one of the searched outlets`);
          assert.ok(
            Math.abs(reference[k] - want) < 1e-6,
            `${where}: outlet ${gotOutlet[p]} is ${reference[k]} m away, nearest ${want}`,
          );
        }
      }
    });
  }

  it('breaks exact ties by the smaller outlet key, whatever the order of the outlets', () => {
    const rng = seededRng(7);
    const graph = randomNetwork(rng, 40);
    const index = buildSegmentIndex(graph);
    // Two outlets at the very same place are always tied.
    const xy = randomPoints(rng, 1);
    const lng = new Float64Array([xy.lng[0], xy.lng[0]]);
    const lat = new Float64Array([xy.lat[0], xy.lat[0]]);
    const outlets: PointSet = { attachments: attachPoints(graph, index, lng, lat, { maxSnapM: 500 }), lng, lat };
    const originXY = randomPoints(rng, 10);
    const origins: PointSet = {
      attachments: attachPoints(graph, index, originXY.lng, originXY.lat, { maxSnapM: 500 }),
      ...originXY,
    };
    const dist = new Float64Array(10);
    const forward = new Int32Array(10);
    const backward = new Int32Array(10);
    nearestOutletSources(new BucketSearch(graph), origins, outlets, [0, 1], Infinity, dist, forward, [20, 10]);
    nearestOutletSources(new BucketSearch(graph), origins, outlets, [1, 0], Infinity, dist, backward, [20, 10]);
    for (let p = 0; p < 10; p++) {
      if (dist[p] === Infinity) continue;
      assert.equal(forward[p], 1, `origin ${p}: key 10 beats key 20`);
      assert.equal(backward[p], 1, `origin ${p}`);
    }
  });
  it('gives the same outlets whatever their order, on networks with zero-length edges and co-located outlets', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = seededRng(1000 + seed);
      const base = randomNetwork(rng, randomInt(rng, 20, 70));
      // Every third edge has length 0 (two mapped nodes on one spot): tight arcs between nodes of equal distance.
      const graph = buildWalkGraph({
        nodeLng: base.nodeLng,
        nodeLat: base.nodeLat,
        edgeU: Array.from(base.edgeU),
        edgeV: Array.from(base.edgeV),
        edgeLengthM: Array.from(base.edgeLengthM, (m, e) => (e % 3 === 0 ? 0 : m)),
      });
      const index = buildSegmentIndex(graph);
      const xy = randomPoints(rng, randomInt(rng, 2, 8));
      // Pairs of outlets on one spot: exact ties everywhere they are nearest.
      const lng = Float64Array.from([...xy.lng, ...xy.lng]);
      const lat = Float64Array.from([...xy.lat, ...xy.lat]);
      const outlets: PointSet = { attachments: attachPoints(graph, index, lng, lat, { maxSnapM: 300 }), lng, lat };
      const originXY = randomPoints(rng, 15);
      const origins: PointSet = {
        attachments: attachPoints(graph, index, originXY.lng, originXY.lat, { maxSnapM: 300 }),
        ...originXY,
      };
      const keys = Float64Array.from({ length: lng.length }, () => randomInt(rng, 0, 1_000_000));
      const all = Array.from({ length: lng.length }, (_, i) => i);
      const shuffled = [...all].sort(() => rng() - 0.5);
      const d1 = new Float64Array(15);
      const d2 = new Float64Array(15);
      const o1 = new Int32Array(15);
      const o2 = new Int32Array(15);
      nearestOutletSources(new SweepSearch(graph), origins, outlets, all, Infinity, d1, o1, keys);
      nearestOutletSources(new BucketSearch(graph), origins, outlets, shuffled, Infinity, d2, o2, keys);
      assert.deepEqual(d1, d2, `seed ${seed}: distances`);
      assert.deepEqual(o1, o2, `seed ${seed}: outlets`);
      for (let p = 0; p < 15; p++) {
        if (o1[p] < 0) continue;
        // Of the two outlets on the chosen spot, the one with the smaller key.
        const twin = o1[p] < xy.lng.length ? o1[p] + xy.lng.length : o1[p] - xy.lng.length;
        assert.ok(keys[o1[p]] <= keys[twin], `seed ${seed} origin ${p}: key ${keys[o1[p]]} vs twin ${keys[twin]}`);
        const want = Math.min(...all.map((o) => referencePairDistance(graph, origins, p, outlets, o)));
        assert.ok(Math.abs(d1[p] - want) < 1e-6, `seed ${seed} origin ${p}`);
      }
    }
  });
});
