import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng, type Bbox } from '@lifecircle/shared';
import { partitionByPopulation } from './partition-by-population.js';

const inside = ([minX, minY, maxX, maxY]: Bbox, x: number, y: number) => x >= minX && x <= maxX && y >= minY && y <= maxY;

describe('partitionByPopulation', () => {
  it('puts every point in exactly one part, inside its rectangle, with rectangles tiling the box', () => {
    for (const seed of [1, 2, 3]) {
      const rng = seededRng(seed);
      const points = Array.from({ length: 500 }, () => ({ x: rng() * 10, y: rng() * 6, weight: 1 + Math.floor(rng() * 2000) }));
      for (const k of [1, 2, 3, 7, 10, 16]) {
        const parts = partitionByPopulation(points, [0, 0, 10, 6], k);
        assert.equal(parts.length, k, `seed ${seed} k ${k}`);
        const seen = new Uint8Array(points.length);
        let area = 0;
        for (const part of parts) {
          const [a, b, c, d] = part.bbox;
          area += (c - a) * (d - b);
          for (const i of part.members) {
            seen[i]!++;
            assert.ok(inside(part.bbox, points[i]!.x, points[i]!.y), `seed ${seed} k ${k} point ${i}`);
          }
        }
        assert.ok(
          seen.every((n) => n === 1),
          `seed ${seed} k ${k}: each point once`,
        );
        assert.ok(Math.abs(area - 60) < 1e-9, `seed ${seed} k ${k}: areas add up to the box`);
        // Balanced: with 500 points of weight ≤ 2000, every part is within 25 % of the mean weight.
        const total = points.reduce((s, p) => s + p.weight, 0);
        for (const part of parts) {
          const w = part.members.reduce((s, i) => s + points[i]!.weight, 0);
          assert.ok(Math.abs(w - total / k) <= 0.25 * (total / k), `seed ${seed} k ${k}: weight ${w} vs mean ${total / k}`);
        }
      }
    }
  });

  it('halves four equal points at the middle, by hand', () => {
    const points = [
      { x: 1, y: 1, weight: 5 },
      { x: 2, y: 1, weight: 5 },
      { x: 3, y: 1, weight: 5 },
      { x: 4, y: 1, weight: 5 },
    ];
    const parts = partitionByPopulation(points, [0, 0, 5, 2], 2);
    assert.deepEqual(parts[0]!.members, [0, 1]);
    assert.deepEqual(parts[0]!.bbox, [0, 0, 2.5, 2]);
    assert.deepEqual(parts[1]!.members, [2, 3]);
  });
});
