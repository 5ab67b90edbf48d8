import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlannerModel } from '../planner-model.js';
import { categoryDistances } from '../category-distances.js';
import { at, handWorkedDistrict } from '../testing/hand-worked-district.js';
import { evaluate, evaluateMany } from './evaluate.js';
import type { AreaEvaluation } from './area-evaluation.js';
import { DEFAULT_GRADING_RULES } from './grading-rules.js';

// The hand-worked figures below count a format present by walking coverage alone; §4.4's "or an outlet inside"
// (the default) is checked apart, at the end.
const rules = { ...DEFAULT_GRADING_RULES, presenceCountsInside: false };
const model = buildPlannerModel(handWorkedDistrict());
const share = (area: AreaEvaluation, id: string) => area.categories.find((c) => c.categoryId === id)!;
const close = (got: number, want: number, what: string) =>
  assert.ok(Math.abs(got - want) < 1e-9, `${what}: got ${got}, want ${want}`);
/** Metres agree to a micrometre (chains are contracted: t · length may round); Infinity must match exactly. */
const metres = (got: Float64Array, want: number[]) => {
  assert.equal(got.length, want.length);
  want.forEach((w, i) => (w === Infinity ? assert.equal(got[i], Infinity) : close(got[i]!, w, `compound ${i}`)));
};

// Node i lies 300·i m along the street: A at 0 m, B at 600 m, C at 1,500 m (see hand-worked-district.ts).
describe('categoryDistances on the hand-worked district', () => {
  it('finds the nearest outlet and its walking metres per compound', () => {
    // wet market at N3 (900 m): A 900, B 300, C 600, all to outlet index 2 (id 3).
    const wet = categoryDistances(model, 'wet_market');
    metres(wet.distM, [900, 300, 600]);
    assert.deepEqual(Array.from(wet.nearestOutlet), [2, 2, 2]);
    // convenience stores at N1 (300 m) and N6 (1,800 m): A, B → id 1 (300 m each), C → id 7 (300 m).
    const store = categoryDistances(model, 'convenience_store');
    metres(store.distM, [300, 300, 300]);
    assert.deepEqual(Array.from(store.nearestOutlet), [0, 0, 6]);
  });

  it('counts a breakfast shop open 06:00-10:00 at 07:00 but not at 12:00', () => {
    const morning = categoryDistances(model, 'breakfast', { openAt: at(7) });
    metres(morning.distM, [300, 300, 1200]);
    const noon = categoryDistances(model, 'breakfast', { openAt: at(12) });
    metres(noon.distM, [Infinity, Infinity, Infinity]);
    assert.deepEqual(Array.from(noon.nearestOutlet), [-1, -1, -1]);
  });

  it('treats unparsable hours as closed and counts them, and null hours as always open', () => {
    // Pharmacy id 9 at N0 has hours "whenever"; id 5 at N5 has none.
    const always = categoryDistances(model, 'pharmacy');
    metres(always.distM, [0, 600, 0]);
    assert.equal(always.numUnparsableHours, 0);
    const morning = categoryDistances(model, 'pharmacy', { openAt: at(7) });
    metres(morning.distM, [1500, 900, 0]);
    assert.equal(morning.numUnparsableHours, 1);
  });

  it('leaves out excluded outlets and adds extra ones', () => {
    const without = categoryDistances(model, 'wet_market', { excludeOutletIds: new Set([3]) });
    metres(without.distM, [Infinity, Infinity, Infinity]);
    const extra = categoryDistances(model, 'wet_market', {
      extraOutlets: [
        {
          id: 99,
          name: 'new',
          location: [121.4 + 0.005, 31.2],
          categoryIds: ['wet_market'],
          openingHours: null,
          circleId: 20,
          streetId: 2,
        },
      ],
    });
    // The new market at N5 (1,500 m): C at 0 m takes it (index 11 = 11 outlets + 0); A and B keep id 3.
    metres(extra.distM, [900, 300, 0]);
    assert.deepEqual(Array.from(extra.nearestOutlet), [2, 2, 11]);
  });
});

describe('evaluate on the hand-worked district', () => {
  // Adult 1.2 m/s: 10 minutes = 720 m, 15 minutes = 1,080 m.
  const adult = evaluate(model, { profile: 'adult', openAt: at(7), rules });

  it('computes population-weighted coverage per category for the district (adult, 07:00)', () => {
    const d = adult.district;
    assert.equal(d.residents, 4000);
    assert.equal(d.elderly, 1000);
    // convenience: 300 m for all → 4000/4000.
    close(share(d, 'convenience_store').share, 1, 'convenience');
    // breakfast: A, B at 300 m, C at 1,200 m > 720 → 3000/4000; elderly (300 + 200)/1000.
    close(share(d, 'breakfast').share, 0.75, 'breakfast');
    close(share(d, 'breakfast').elderlyShare, 0.5, 'breakfast elderly');
    assert.equal(share(d, 'breakfast').uncoveredResidents, 1000);
    assert.equal(share(d, 'breakfast').uncoveredElderly, 500);
    // wet market: A 900 > 720; B, C covered → 3000/4000; elderly (200 + 500)/1000.
    close(share(d, 'wet_market').share, 0.75, 'wet');
    close(share(d, 'wet_market').elderlyShare, 0.7, 'wet elderly');
    // pharmacy at 07:00 (id 9 closed: unparsable): only C → 1000/4000.
    close(share(d, 'pharmacy').share, 0.25, 'pharmacy');
    // elderly care, 15 minutes = 1,080 m: A 1,800, B 1,200 out; C 300 in → 0.25.
    close(share(d, 'elderly_care').share, 0.25, 'elderly care');
    // childcare outside the district at N7: C at 600 m → 0.25.
    close(share(d, 'childcare').share, 0.25, 'childcare');
    // fitness at N0: A 0, B 600 in; C 1,500 out → 0.75.
    close(share(d, 'fitness').share, 0.75, 'fitness');
    assert.equal(adult.numUnparsableHours, 1);
  });

  it('counts outlets per 10,000 residents, formats present, diversity and the grade of the district', () => {
    const d = adult.district;
    // Two convenience stores inside for 4,000 residents → 5 per 10,000.
    close(share(d, 'convenience_store').outletsPer10k, 5, 'per 10k');
    // Childcare's only outlet lies outside every street: none inside.
    assert.equal(share(d, 'childcare').numOutletsInside, 0);
    // Present (≥ 50 % covered): convenience, breakfast, wet, repair (0.75), fitness; front warehouse by an outlet inside.
    assert.deepEqual(d.formatsPresent, [
      'convenience_store',
      'breakfast',
      'wet_market',
      'repair_point',
      'front_warehouse',
      'fitness',
    ]);
    // Basic walk-evaluated formats: 5, present 4 → 0.8. Quality: 3, present 1 → 1/3.
    close(d.basicShare, 0.8, 'basic share');
    close(d.qualityShare, 1 / 3, 'quality share');
    assert.deepEqual(d.groupsMet, ['一店一早', '一菜一修']);
    // 基础型 gates pass (0.8 ≥ 0.65, both groups); 提升型 fails on quality 1/3 < 0.4 and on elderly care.
    assert.equal(d.grade, '基础型');
    assert.deepEqual(
      d.gradeReasons.map((r) => [r.grade, r.gate, r.detail]),
      [
        ['提升型', 'qualityShare', '0.333'],
        ['提升型', 'mustHave', 'elderly_care'],
      ],
    );
    // Outlets inside by category: 2 convenience, 2 pharmacy, 6 others with 1 → 10 outlets, 8 formats.
    // Shannon: −(2 · 0.2 ln 0.2 + 6 · 0.1 ln 0.1) = 0.64378 + 1.38155 = 2.02533.
    assert.equal(d.numFormats, 8);
    close(d.diversity, -(2 * 0.2 * Math.log(0.2) + 6 * 0.1 * Math.log(0.1)), 'diversity');
  });

  it('grades each circle and says which gate failed', () => {
    const [c1, c2] = adult.circles;
    // C1 (A, B; 3,000): convenience 1, breakfast 1, wet 2/3, repair 2/3, pharmacy 0, elderly care 0, childcare 0, fitness 1.
    close(share(c1!, 'wet_market').share, 2 / 3, 'C1 wet');
    close(c1!.basicShare, 0.8, 'C1 basic');
    assert.equal(c1!.grade, '基础型');
    // C1 inside: six outlets of six formats → ln 6.
    close(c1!.diversity, Math.log(6), 'C1 diversity');
    // C2 (C; 1,000): breakfast at 1,200 m missing → 一店一早 incomplete → 未达标, although quality is 2/3.
    close(c2!.qualityShare, 2 / 3, 'C2 quality');
    assert.equal(c2!.grade, '未达标');
    assert.deepEqual(
      c2!.gradeReasons.map((r) => [r.grade, r.gate, r.detail]),
      [['基础型', 'group', '一店一早']],
    );
    assert.deepEqual(c2!.groupsMet, ['一菜一修', '一老一小']);
  });

  it('uses the elderly thresholds with the elderly profile', () => {
    // Elderly 0.8 m/s: 10 minutes = 480 m, 15 minutes = 720 m.
    const elderly = evaluate(model, { profile: 'elderly', openAt: at(7), rules });
    const d = elderly.district;
    // wet: only B (300 m); C at 600 > 480 → 2000/4000 = 0.5, still present (≥ 50 %).
    close(share(d, 'wet_market').share, 0.5, 'wet');
    // repair: only C (300 m); B at 600 > 480 → 0.25.
    close(share(d, 'repair_point').share, 0.25, 'repair');
    // fitness (720 m): A 0, B 600 → 0.75.
    close(share(d, 'fitness').share, 0.75, 'fitness');
    // Basic present: convenience, breakfast, wet → 3/5 = 0.6 < 0.65, and 一菜一修 lacks repair.
    close(d.basicShare, 0.6, 'basic');
    assert.equal(d.grade, '未达标');
    assert.deepEqual(
      d.gradeReasons.map((r) => [r.gate, r.detail]),
      [
        ['basicShare', '0.600'],
        ['group', '一菜一修'],
      ],
    );
    // Strict minutes: convenience 5 minutes = 240 m at 0.8 m/s; everyone is 300 m away → 0.
    const strict = evaluate(model, { profile: 'elderly', openAt: at(7), rules, minutes: 'strict' });
    close(share(strict.district, 'convenience_store').share, 0, 'strict convenience');
    assert.equal(share(strict.district, 'convenience_store').targetMinutes, 5);
  });

  it('evaluates profiles × times reusing distances, with the same figures as one at a time', () => {
    const many = evaluateMany(model, ['adult', 'elderly'], [at(7), at(12)], rules);
    assert.equal(many.length, 4);
    assert.deepEqual(many[0], adult);
    assert.deepEqual(many[3], evaluate(model, { profile: 'elderly', openAt: at(12), rules }));
    // At noon the breakfast shop is closed: no one is covered.
    close(share(many[1]!.district, 'breakfast').share, 0, 'noon breakfast');
  });

  it('by default also counts a format present when an outlet of it lies inside the area (§4.4)', () => {
    // Without a time of day every outlet counts (at a time, only the open ones: see the next test).
    const walkOnly = evaluate(model, { profile: 'adult', openAt: null, rules });
    const both = evaluate(model, { profile: 'adult', openAt: null, rules: DEFAULT_GRADING_RULES });
    for (const [a, b] of [
      [walkOnly.district, both.district],
      ...walkOnly.circles.map((c, i) => [c, both.circles[i]!] as const),
    ] as const) {
      const inside = a.categories.filter((c) => c.numOutletsInside > 0).map((c) => c.categoryId);
      const expected = new Set([...a.formatsPresent, ...inside]);
      assert.deepEqual(new Set(b.formatsPresent), expected, a.name);
      assert.ok(b.basicShare >= a.basicShare && b.qualityShare >= a.qualityShare, a.name);
    }
  });

  it('at a time of day, an outlet inside makes its format present only when it is open then', () => {
    // The hand-worked breakfast shop (Mo-Su 06:00-10:00) is inside; at 12:00 it is closed.
    const noon = evaluate(model, { profile: 'adult', openAt: at(12), rules: DEFAULT_GRADING_RULES });
    const anyTime = evaluate(model, { profile: 'adult', openAt: null, rules: DEFAULT_GRADING_RULES });
    assert.ok(share(anyTime.district, 'breakfast').numOutletsInside > 0);
    assert.ok(anyTime.district.formatsPresent.includes('breakfast'));
    assert.ok(!noon.district.formatsPresent.includes('breakfast'));
    assert.equal(
      share(noon.district, 'breakfast').numOutletsInside,
      share(anyTime.district, 'breakfast').numOutletsInside,
      'the stock is counted at any time',
    );
  });
});
