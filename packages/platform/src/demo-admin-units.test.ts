import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng } from '@lifecircle/shared';
import { demoAdminUnits, PUTUO_STREETS, RESIDENTS_PER_CIRCLE } from './demo-admin-units.js';

describe('demoAdminUnits', () => {
  it('puts every compound in one street, one committee of that street and one circle', () => {
    const rng = seededRng(3);
    const compounds = Array.from({ length: 2000 }, () => ({
      x: 121.36 + rng() * 0.08,
      y: 31.2 + rng() * 0.07,
      weight: 100 + Math.floor(rng() * 1000),
    }));
    const total = compounds.reduce((s, c) => s + c.weight, 0);
    const units = demoAdminUnits(compounds, [121.36, 31.2, 121.44, 31.27]);
    assert.equal(units.streets.length, PUTUO_STREETS.length);
    assert.equal(units.circles.length, Math.round(total / RESIDENTS_PER_CIRCLE));
    const street = new Int32Array(compounds.length).fill(-1);
    units.streets.forEach((s, k) => s.part.members.forEach((i) => (assert.equal(street[i], -1), (street[i] = k))));
    assert.ok(street.every((s) => s >= 0));
    const committee = new Int32Array(compounds.length).fill(-1);
    units.committees.forEach((c, k) =>
      c.part.members.forEach((i) => {
        assert.equal(committee[i], -1);
        committee[i] = k;
        assert.equal(street[i], c.street, 'a committee lies inside its street');
      }),
    );
    assert.ok(committee.every((c) => c >= 0));
    const circle = new Int32Array(compounds.length).fill(-1);
    units.circles.forEach((c, k) => c.part.members.forEach((i) => (assert.equal(circle[i], -1), (circle[i] = k))));
    assert.ok(circle.every((c) => c >= 0));
    assert.equal(new Set(units.circles.map((c) => c.name)).size, units.circles.length, 'circle names are unique');
    assert.equal(new Set(units.committees.map((c) => c.code)).size, units.committees.length, 'committee codes are unique');
  });
});
