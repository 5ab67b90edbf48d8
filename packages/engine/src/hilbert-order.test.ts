import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng } from '@lifecircle/shared';
import { hilbertOrder } from './hilbert-order.js';

describe('hilbertOrder', () => {
  it('returns a permutation that keeps neighbours close', () => {
    const rng = seededRng(11);
    const n = 5000;
    const lng = Float64Array.from({ length: n }, () => 121 + rng() * 0.1);
    const lat = Float64Array.from({ length: n }, () => 31 + rng() * 0.1);
    const order = hilbertOrder(lng, lat);
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i),
    );
    const step = (a: number, b: number) => Math.hypot(lng[a]! - lng[b]!, lat[a]! - lat[b]!);
    let along = 0;
    let input = 0;
    for (let i = 1; i < n; i++) {
      along += step(order[i - 1]!, order[i]!);
      input += step(i - 1, i);
    }
    // Random order steps about a third of the box; along the curve, about the spacing of points.
    assert.ok(along < input / 20, `curve ${along.toFixed(3)} vs input order ${input.toFixed(3)}`);
  });

  it('orders a 2 × 2 grid along the curve: (0,0) (0,1) (1,1) (1,0)', () => {
    const order = hilbertOrder([0, 1, 0, 1], [0, 0, 1, 1]);
    assert.deepEqual([...order], [0, 2, 3, 1]);
  });
});
