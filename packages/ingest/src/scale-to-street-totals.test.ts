import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import { scaleToStreetTotals, type ScalableCompound } from './scale-to-street-totals.js';

const compound = (streetId: number | null, residents: number, isEstimated: boolean): ScalableCompound => ({
  streetId,
  residents,
  isEstimated,
  age0to14: null,
  age15to59: null,
  age60plus: isEstimated ? Math.round(residents / 4) : null,
});

test('a hand-worked street: 1000 tabled + estimates 300 and 100 scaled to a census 1800', () => {
  const input = [compound(1, 1000, false), compound(1, 300, true), compound(1, 100, true), compound(2, 50, true)];
  const output = scaleToStreetTotals(input, new Map([[1, 1800]]));
  assert.deepEqual(
    output.map((c) => c.residents),
    [1000, 600, 200, 50],
  );
  assert.equal(output[1]!.age60plus, 150);
  assert.equal(input[1]!.residents, 300, 'the input is not changed');
});

test('on seeded random data each street sums to its census figure and tabled compounds are untouched', () => {
  for (const seed of [1, 2, 3]) {
    const rng = seededRng(seed);
    const input = Array.from({ length: 200 }, () =>
      compound(rng() < 0.05 ? null : randomInt(rng, 1, 8), randomInt(rng, 0, 3000), rng() < 0.6),
    );
    const totals = new Map<number, number>();
    for (let street = 1; street <= 7; street++) {
      const tabled = input.filter((c) => c.streetId === street && !c.isEstimated).reduce((s, c) => s + c.residents, 0);
      totals.set(street, tabled + randomInt(rng, 0, 100_000));
    }
    const output = scaleToStreetTotals(input, totals);
    for (const [street, total] of totals) {
      const hasEstimated = input.some((c) => c.streetId === street && c.isEstimated);
      if (!hasEstimated) continue;
      const sum = output.filter((c) => c.streetId === street).reduce((s, c) => s + c.residents, 0);
      assert.equal(sum, total, `seed ${seed}, street ${street}`);
    }
    input.forEach((before, i) => {
      const after = output[i]!;
      assert.ok(Number.isInteger(after.residents) && after.residents >= 0);
      if (!before.isEstimated || before.streetId === null || !totals.has(before.streetId))
        assert.deepEqual(after, before, `seed ${seed}, row ${i}`);
    });
  }
});
