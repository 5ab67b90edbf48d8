import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AreaGeometry } from '@lifecircle/shared';
import { seededRng } from '@lifecircle/shared';
import { AreaLocator } from './area-locator.js';

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('AreaLocator', () => {
  it('finds the area holding a point, leaves holes out, and answers -1 outside every area', () => {
    const withHole: AreaGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] };
    const inHole: AreaGeometry = { type: 'Polygon', coordinates: [square(4, 4, 6, 6)] };
    const twoParts: AreaGeometry = { type: 'MultiPolygon', coordinates: [[square(20, 0, 22, 2)], [square(30, 0, 32, 2)]] };
    const locator = new AreaLocator([{ boundary: withHole }, { boundary: null }, { boundary: inHole }, { boundary: twoParts }]);
    assert.equal(locator.locate(1, 1), 0);
    assert.equal(locator.locate(5, 5), 2); // in the hole of area 0, inside area 2
    assert.equal(locator.locate(21, 1), 3);
    assert.equal(locator.locate(31, 1), 3);
    assert.equal(locator.locate(25, 1), -1);
    assert.equal(locator.locate(-1, 5), -1);
  });

  it('agrees with a linear scan over a grid of squares on random points', () => {
    const rng = seededRng(7);
    const areas = [];
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 4; j++)
        areas.push({ boundary: { type: 'Polygon', coordinates: [square(i, j, i + 1, j + 1)] } as AreaGeometry });
    const locator = new AreaLocator(areas);
    for (let k = 0; k < 2000; k++) {
      const x = rng() * 6 - 0.5;
      const y = rng() * 5 - 0.5;
      const expected = x < 0 || y < 0 || x >= 5 || y >= 4 ? -1 : Math.floor(x) * 4 + Math.floor(y);
      assert.equal(locator.locate(x, y), expected, `point ${x}, ${y}`);
    }
  });
});
