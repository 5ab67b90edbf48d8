import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { haversineM } from '@lifecircle/shared';
import { attachPoints, type GateAccess } from './attachments.js';
import { BucketSearch } from './bucket-search.js';
import { SweepSearch } from './sweep-search.js';
import { nearestOutletDistances } from './nearest-outlet.js';
import { buildOriginIndex, countOutletsWithin } from './outlets-within.js';
import type { PointSet } from './point-set.js';
import { buildSegmentIndex } from './segment-index.js';
import { buildWalkGraph } from './walk-graph.js';
import { randomInstance, referencePairDistance } from './testing/nearest-outlet-fixtures.js';

describe('nearestOutletDistances', () => {
  for (const withGates of [false, true]) {
    it(`equals the brute-force minimum over outlets ${withGates ? 'with' : 'without'} gated compounds`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const { graph, origins, outlets } = randomInstance(seed, withGates);
        const numOutlets = outlets.lng.length;
        const all = Uint32Array.from({ length: numOutlets }, (_, i) => i);
        const cutoffM = seed % 4 === 0 ? 400 : Infinity;
        const got = new Float64Array(origins.lng.length);
        // Either search serves: alternate them.
        const search = seed % 2 === 0 ? new SweepSearch(graph) : new BucketSearch(graph);
        nearestOutletDistances(search, origins, outlets, all, cutoffM, got);
        for (let p = 0; p < origins.lng.length; p++) {
          let want = Infinity;
          for (let o = 0; o < numOutlets; o++) want = Math.min(want, referencePairDistance(graph, origins, p, outlets, o));
          if (want > cutoffM) want = Infinity;
          if (want === Infinity) assert.equal(got[p], Infinity, `seed ${seed} origin ${p}`);
          else assert.ok(Math.abs(got[p] - want) < 1e-6, `seed ${seed} origin ${p}: got ${got[p]}, want ${want}`);
        }
      }
    });
  }

  it('walks residents of a gated compound out through its gate, not through the wall', () => {
    // A street along latitude 31.2000 from 121.4000 to 121.4100 (about 952 m).
    // A compound north of it has one gate at its east end (121.4090), 20 m north of the street.
    // A building sits 30 m north of the street at 121.4010; an outlet on the street at 121.4010.
    const graph = buildWalkGraph({
      nodeLng: [121.4, 121.41],
      nodeLat: [31.2, 31.2],
      edgeU: [0],
      edgeV: [1],
      edgeLengthM: [haversineM(121.4, 31.2, 121.41, 31.2)],
    });
    const index = buildSegmentIndex(graph);
    const north = (m: number) => 31.2 + m / 111_195;
    const gates: GateAccess = {
      pointCompound: new Int32Array([0]),
      compoundGateStart: new Uint32Array([0, 1]),
      gateLng: new Float64Array([121.409]),
      gateLat: new Float64Array([north(20)]),
    };
    const building = { lng: new Float64Array([121.401]), lat: new Float64Array([north(30)]) };
    const shop = { lng: new Float64Array([121.401]), lat: new Float64Array([31.2]) };
    const outlets: PointSet = { attachments: attachPoints(graph, index, shop.lng, shop.lat, { maxSnapM: 100 }), ...shop };
    const gated: PointSet = {
      attachments: attachPoints(graph, index, building.lng, building.lat, { maxSnapM: 100, gates }),
      ...building,
      compound: gates.pointCompound,
    };
    const open: PointSet = {
      attachments: attachPoints(graph, index, building.lng, building.lat, { maxSnapM: 100 }),
      ...building,
    };
    const search = new BucketSearch(graph);
    const out = new Float64Array(1);
    nearestOutletDistances(search, open, outlets, [0], Infinity, out);
    assert.ok(Math.abs(out[0] - 30) < 0.1, `without gates the building is 30 m away, got ${out[0]}`);
    nearestOutletDistances(search, gated, outlets, [0], Infinity, out);
    // To the gate (hand-worked): straight line 121.4010,30 m N -> 121.4090,20 m N; then 20 m to the street; then 8/1000 of the street back west.
    const toGate = haversineM(121.401, north(30), 121.409, north(20));
    const along = haversineM(121.401, 31.2, 121.409, 31.2);
    assert.ok(Math.abs(out[0] - (toGate + 20 + along)) < 0.2, `got ${out[0]}, want ${toGate + 20 + along}`);
  });
});

describe('countOutletsWithin', () => {
  it('counts the same outlets within each threshold as brute force', () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const withGates of [false, true]) {
        const { graph, origins, outlets } = randomInstance(seed * 7, withGates);
        const numOrigins = origins.lng.length;
        const numOutlets = outlets.lng.length;
        const thresholdsM = [100, 300, 600];
        const counts = new Uint16Array(numOrigins * 3);
        const all = Uint32Array.from({ length: numOutlets }, (_, i) => i);
        const index = buildOriginIndex(graph, origins);
        countOutletsWithin(new BucketSearch(graph), origins, index, outlets, all, thresholdsM, counts);
        for (let p = 0; p < numOrigins; p++) {
          const distances = Array.from({ length: numOutlets }, (_, o) => referencePairDistance(graph, origins, p, outlets, o));
          thresholdsM.forEach((threshold, k) => {
            // Distances within 1e-6 m of a threshold could fall either side by rounding; none in these seeds.
            const want = distances.filter((d) => d <= threshold).length;
            assert.equal(counts[p * 3 + k], want, `seed ${seed * 7} gates ${withGates} origin ${p} threshold ${threshold}`);
          });
        }
      }
    }
  });
});
