import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METRES_PER_DEGREE, type LngLat } from '@lifecircle/shared';
import { areaKm2 } from './area-km2.js';

const square = (lng: number, lat: number, side: number): LngLat[] => [
  [lng, lat],
  [lng + side, lat],
  [lng + side, lat + side],
  [lng, lat + side],
  [lng, lat],
];

describe('areaKm2', () => {
  it('measures a 0.01° square at 31.2° N as 0.01² · cos(lat) · (111.195 km)²', () => {
    // Mean latitude 31.205°: 0.01 · 111.195 km · cos 31.205° × 0.01 · 111.195 km ≈ 0.951 × 1.112 km.
    const want = 0.01 * Math.cos((31.205 * Math.PI) / 180) * (METRES_PER_DEGREE / 1000) * 0.01 * (METRES_PER_DEGREE / 1000);
    const got = areaKm2({ type: 'Polygon', coordinates: [square(121.4, 31.2, 0.01)] });
    assert.ok(Math.abs(got / want - 1) < 1e-9, `got ${got}, want ${want}`);
    assert.ok(Math.abs(got - 1.0576) < 0.001);
  });

  it('subtracts holes and adds the parts of a multipolygon', () => {
    const outer = square(121.4, 31.2, 0.01);
    const hole = square(121.402, 31.202, 0.005);
    const whole = areaKm2({ type: 'Polygon', coordinates: [outer] });
    const withHole = areaKm2({ type: 'Polygon', coordinates: [outer, hole] });
    // The hole is a quarter of the square (half the side), to the precision of the shared mean latitude.
    assert.ok(Math.abs(withHole / whole - 0.75) < 1e-3, `ratio ${withHole / whole}`);
    const two = areaKm2({ type: 'MultiPolygon', coordinates: [[outer], [square(121.42, 31.2, 0.01)]] });
    assert.ok(Math.abs(two / whole - 2) < 1e-3, `ratio ${two / whole}`);
  });
});
