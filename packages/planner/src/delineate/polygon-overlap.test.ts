import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METRES_PER_DEGREE, seededRng, type AreaGeometry, type LngLat } from '@lifecircle/shared';
import { convexHull } from './convex-hull.js';
import { overlapAreaM2, ringAreaM2 } from './polygon-overlap.js';

const LAT0 = 31.2;
const KX = METRES_PER_DEGREE * Math.cos((LAT0 * Math.PI) / 180);
/** A polygon from corners in metres east and north of (121.4, 31.2). */
const polygon = (...corners: [number, number][]): AreaGeometry => {
  const ring: LngLat[] = corners.map(([x, y]) => [121.4 + x / KX, LAT0 + y / METRES_PER_DEGREE]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
};
const rect = (x0: number, y0: number, x1: number, y1: number) => polygon([x0, y0], [x1, y0], [x1, y1], [x0, y1]);
const ell = (dx: number, dy: number) =>
  polygon([dx, dy], [dx + 200, dy], [dx + 200, dy + 100], [dx + 100, dy + 100], [dx + 100, dy + 200], [dx, dy + 200]);
const near = (got: number, want: number, relative: number) =>
  assert.ok(Math.abs(got - want) <= relative * want + 1e-6, `got ${got}, want ${want}`);

describe('overlapAreaM2', () => {
  it('measures two overlapping rectangles exactly', () => {
    near(overlapAreaM2(rect(0, 0, 100, 100), rect(50, 50, 150, 150)), 2500, 1e-3);
    near(ringAreaM2((rect(0, 0, 100, 100) as { coordinates: LngLat[][] }).coordinates[0]!), 10_000, 1e-3);
  });

  it('clips a concave L-shape by a rectangle (hand-worked: 7,500 + 2,500 m²)', () => {
    near(overlapAreaM2(ell(0, 0), rect(50, 50, 250, 150)), 10_000, 1e-3);
    near(overlapAreaM2(rect(50, 50, 250, 150), ell(0, 0)), 10_000, 1e-3);
  });

  it('estimates the overlap of two concave shapes by sampling (hand-worked: 12,500 m²)', () => {
    near(overlapAreaM2(ell(0, 0), ell(50, 50)), 12_500, 0.02);
  });

  it('gives zero for rectangles that only share an edge or lie apart, whatever the winding', () => {
    assert.ok(overlapAreaM2(rect(0, 0, 100, 100), rect(100, 0, 200, 100)) < 1e-3);
    assert.equal(overlapAreaM2(rect(0, 0, 100, 100), rect(300, 0, 400, 100)), 0);
    near(overlapAreaM2(polygon([0, 0], [0, 100], [100, 100], [100, 0]), rect(50, 0, 150, 100)), 5000, 1e-3);
  });

  it('adds the parts of a MultiPolygon', () => {
    const a = rect(0, 0, 100, 100) as { type: 'Polygon'; coordinates: LngLat[][] };
    const b = rect(200, 0, 300, 100) as { type: 'Polygon'; coordinates: LngLat[][] };
    const multi: AreaGeometry = { type: 'MultiPolygon', coordinates: [a.coordinates, b.coordinates] };
    near(overlapAreaM2(multi, rect(50, 0, 250, 100)), 10_000, 1e-3);
  });
});

describe('convexHull', () => {
  it('encloses every point with a convex counter-clockwise ring of input points', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = seededRng(seed);
      const points: LngLat[] = Array.from({ length: 3 + Math.floor(rng() * 40) }, () => [rng(), rng()]);
      const hull = convexHull(points);
      assert.deepEqual(hull[0], hull[hull.length - 1]);
      const ring = hull.slice(0, -1);
      for (const v of ring) assert.ok(points.includes(v), `seed ${seed}`);
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[(i + 1) % ring.length]!;
        for (const p of points) {
          const side = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
          assert.ok(side >= -1e-12, `seed ${seed}: a point lies outside the hull`);
        }
      }
    }
  });
});
