import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METRES_PER_DEGREE } from '@lifecircle/shared';
import { buildPlannerModel } from '../planner-model.js';
import { at, handWorkedDistrict } from '../testing/hand-worked-district.js';
import { distancesAt, evaluate } from './evaluate.js';
import { DEFAULT_GRADING_RULES } from './grading-rules.js';
import { circlePortrait } from './portrait.js';
import { circleShortfalls } from './shortfalls.js';
import { sharingLedger } from './sharing-ledger.js';

const rules = DEFAULT_GRADING_RULES;
const input = handWorkedDistrict();
const model = buildPlannerModel(input);
const adult = evaluate(model, { profile: 'adult', openAt: at(7), rules });
const table = distancesAt(model, at(7));
const close = (got: number, want: number, what: string) =>
  assert.ok(Math.abs(got - want) < 1e-9, `${what}: got ${got}, want ${want}`);

describe('circlePortrait on the hand-worked district (adult, 07:00)', () => {
  it('measures the circle and classes C1 youth-heavy with the youth basket', () => {
    const p = circlePortrait(model, adult, 10, rules);
    // Boundary 0.004° × 0.001° at 31.2° N: 0.004 · cos 31.2° · 111,195 m × 0.001 · 111,195 m ≈ 380.5 × 111.2 m.
    const want = (0.004 * Math.cos((31.2 * Math.PI) / 180) * METRES_PER_DEGREE * 0.001 * METRES_PER_DEGREE) / 1e6;
    assert.ok(Math.abs(p.areaKm2! / want - 1) < 1e-5, `area ${p.areaKm2}, want ${want}`);
    assert.ok(Math.abs(p.areaKm2! - 0.0423) < 0.0001);
    assert.equal(p.residents, 3000);
    assert.equal(p.households, 1200);
    assert.ok(Math.abs(p.densityPerKm2! / (3000 / want) - 1) < 1e-5, 'density');
    // 60+: 500/3000 = 0.167 (district 0.25); 0–14: 800/3000 = 0.267 ≥ district 0.225 + 3 points → youth-heavy.
    close(p.elderlyShare, 500 / 3000, 'elderly share');
    close(p.youthShare, 800 / 3000, 'youth share');
    assert.equal(p.type, 'youth-heavy');
    assert.deepEqual(p.outletsByFormat, {
      convenience_store: 1,
      breakfast: 1,
      wet_market: 1,
      fitness: 1,
      pharmacy: 1,
      front_warehouse: 1,
    });
    // Against the district: breakfast and fitness +0.25 (1 vs 0.75); pharmacy, elderly care, childcare −0.25.
    assert.deepEqual(
      p.strongest.map((d) => d.categoryId),
      ['breakfast', 'fitness'],
    );
    assert.deepEqual(
      p.weakest.map((d) => d.categoryId),
      ['pharmacy', 'elderly_care', 'childcare'],
    );
    // Youth basket in this taxonomy: childcare (A 2,100, B 1,500 > 1,080 m → 0) and fitness (A 0, B 600 → 1).
    assert.equal(p.basket.basket, 'youth');
    assert.deepEqual(
      p.basket.categories.map((c) => [c.categoryId, c.share]),
      [
        ['childcare', 0],
        ['fitness', 1],
      ],
    );
    close(p.basket.meanShare, 0.5, 'basket mean');
  });

  it('classes C2 elderly-heavy and judges its basket with the elderly profile and strict minutes', () => {
    const p = circlePortrait(model, adult, 20, rules);
    // 60+: 500/1000 = 0.5 ≥ 0.40.
    assert.equal(p.type, 'elderly-heavy');
    assert.equal(p.basket.profile, 'elderly');
    // 0.8 m/s, strict minutes: elderly care 5 min = 240 m (C at 300 → 0); pharmacy 8 min = 384 m (0 m → 1);
    // repair (no strict figure: 10 min = 480 m; 300 → 1); wet market 8 min = 384 m (600 → 0); breakfast 5 min = 240 m (1,200 → 0).
    assert.deepEqual(
      p.basket.categories.map((c) => [c.categoryId, c.targetMinutes, c.share]),
      [
        ['elderly_care', 5, 0],
        ['pharmacy', 8, 1],
        ['repair_point', 10, 1],
        ['wet_market', 8, 0],
        ['breakfast', 5, 0],
      ],
    );
    close(p.basket.meanShare, 0.4, 'basket mean');
  });

  it('gives the same portrait from distances computed once', () => {
    assert.deepEqual(circlePortrait(model, adult, 20, rules, table), circlePortrait(model, adult, 20, rules));
  });

  it('refuses an unknown circle with NOT_FOUND', () => {
    assert.throws(() => circlePortrait(model, adult, 999, rules), { code: 'NOT_FOUND' });
  });
});

describe('circleShortfalls on the hand-worked district (adult, 07:00)', () => {
  const [c1, c2] = circleShortfalls(input.compounds, adult, table, rules);

  it('lists every category under 90 % with uncovered residents', () => {
    // C1: wet and repair 2/3 (A uncovered), pharmacy, elderly care, childcare 0 (A and B uncovered).
    assert.deepEqual(
      c1!.shortfalls.map((s) => [s.categoryId, s.uncoveredResidents, s.uncoveredElderly]),
      [
        ['wet_market', 1000, 300],
        ['repair_point', 1000, 300],
        ['pharmacy', 3000, 500],
        ['elderly_care', 3000, 500],
        ['childcare', 3000, 500],
      ],
    );
    // C2: breakfast (1,200 m) and fitness (1,500 m) uncovered.
    assert.deepEqual(
      c2!.shortfalls.map((s) => s.categoryId),
      ['breakfast', 'fitness'],
    );
  });

  it('maps the uncovered compounds with their walking minutes', () => {
    const wet = c1!.shortfalls[0]!;
    assert.equal(wet.compounds.features.length, 1);
    const a = wet.compounds.features[0]!;
    assert.deepEqual(a.geometry, { type: 'Point', coordinates: [121.4, 31.2] });
    assert.equal(a.properties.id, 101);
    // 900 m at 72 m/min = 12.5 minutes.
    close(a.properties.walkMinutes!, 12.5, 'minutes');
    const fitness = c2!.shortfalls[1]!.compounds.features[0]!;
    // 1,500 m at 72 m/min.
    close(fitness.properties.walkMinutes!, 1500 / 72, 'fitness minutes');
  });

  it('takes the threshold from the rules', () => {
    const strict = circleShortfalls(input.compounds, adult, table, { ...rules, shortfallShare: 0.5 });
    // At 50 %, C1's wet and repair (2/3) are no longer shortfalls.
    assert.deepEqual(
      strict[0]!.shortfalls.map((s) => s.categoryId),
      ['pharmacy', 'elderly_care', 'childcare'],
    );
  });
});

describe('sharingLedger on the two circles of the hand-worked district (07:00)', () => {
  const ledger = sharingLedger(input.compounds, input.outlets, [10, 20], [1, 2], table);
  const of = (entry: { categories: { categoryId: string }[] }, id: string) =>
    entry.categories.find((c) => c.categoryId === id) as ReturnType<
      typeof sharingLedger
    >['circles'][number]['categories'][number];

  it('gives the share of residents served from another circle, street or district', () => {
    const [c1, c2] = ledger.circles;
    // Convenience: A, B → id 1 in C1; C → id 7 in C2: nobody crosses.
    assert.equal(of(c1!, 'convenience_store').otherCircleShare, 0);
    assert.equal(of(c2!, 'convenience_store').otherCircleShare, 0);
    // Wet market id 3 is in C1/S1: C2's resident (C) crosses into another circle and street.
    assert.equal(of(c1!, 'wet_market').otherCircleShare, 0);
    assert.equal(of(c2!, 'wet_market').otherCircleShare, 1);
    assert.equal(of(c2!, 'wet_market').otherStreetShare, 1);
    // Repair id 4 is in C2/S2: all 3,000 of C1 cross.
    assert.equal(of(c1!, 'repair_point').otherCircleShare, 1);
    assert.equal(of(c1!, 'repair_point').servedResidents, 3000);
    // Childcare id 11 is in no street: everyone is served from outside the district.
    assert.equal(of(c1!, 'childcare').outsideShare, 1);
    assert.equal(of(ledger.streets[1]!, 'childcare').outsideShare, 1);
    assert.equal(of(ledger.streets[0]!, 'wet_market').otherStreetShare, 0);
  });

  it('lists the outlets nearest for residents of both circles', () => {
    // Every category but convenience has one outlet serving A, B (C1: 3,000) and C (C2: 1,000); pharmacy id 9 is closed at 07:00.
    assert.deepEqual(
      ledger.sharedOutlets.map((s) => [s.outletId, s.categoryId, s.circles.map((c) => c.residents)]),
      [
        [2, 'breakfast', [3000, 1000]],
        [3, 'wet_market', [3000, 1000]],
        [4, 'repair_point', [3000, 1000]],
        [5, 'pharmacy', [3000, 1000]],
        [6, 'elderly_care', [3000, 1000]],
        [11, 'childcare', [3000, 1000]],
        [8, 'fitness', [3000, 1000]],
      ],
    );
  });
});
