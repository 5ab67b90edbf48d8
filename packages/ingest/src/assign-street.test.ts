import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AreaGeometry } from '@lifecircle/shared';
import { areaBbox, createStreetLocator, isPointInArea } from './assign-street.js';

// A 4 × 4 square with a 2 × 2 hole in its middle (units: 0.001°), and a
// MultiPolygon street made of the hole's interior square plus a far square.
const k = 0.001;
const square = (x0: number, y0: number, size: number): [number, number][] => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];
const withHole: AreaGeometry = { type: 'Polygon', coordinates: [square(0, 0, 4 * k), square(k, k, 2 * k).reverse()] };
const islands: AreaGeometry = { type: 'MultiPolygon', coordinates: [[square(1.5 * k, 1.5 * k, k)], [square(10 * k, 10 * k, k)]] };

test('a point in the ring but not in the hole is inside; a point in the hole is outside', () => {
  assert.equal(isPointInArea(0.5 * k, 0.5 * k, withHole), true);
  assert.equal(isPointInArea(3.5 * k, 2 * k, withHole), true);
  assert.equal(isPointInArea(2 * k, 2 * k, withHole), false);
  assert.equal(isPointInArea(5 * k, 2 * k, withHole), false);
  assert.equal(isPointInArea(-0.1 * k, 2 * k, withHole), false);
});

test('the locator gives the street whose area holds the point, across multipolygon parts and holes', () => {
  const locate = createStreetLocator([
    { id: 1, boundary: withHole },
    { id: 2, boundary: islands },
    { id: 3, boundary: null },
  ]);
  assert.equal(locate(0.5 * k, 3.5 * k), 1);
  assert.equal(locate(2 * k, 2 * k), 2);
  assert.equal(locate(1.2 * k, 1.2 * k), null);
  assert.equal(locate(10.5 * k, 10.5 * k), 2);
  assert.equal(locate(20 * k, 20 * k), null);
});

test('areaBbox spans every part', () => {
  assert.deepEqual(areaBbox(islands), [1.5 * k, 1.5 * k, 11 * k, 11 * k]);
});
