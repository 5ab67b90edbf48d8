import { distancesAt } from './evaluation/evaluate.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomNetwork } from '@lifecircle/engine/testing';
import { randomInt, seededRng, type LngLat, type Rng } from '@lifecircle/shared';
import { categoryDistances } from './category-distances.js';
import { DEFAULT_GRADING_RULES } from './evaluation/grading-rules.js';
import type { PlannerCompound, PlannerInput, PlannerOutlet } from './planner-input.js';
import { buildPlannerModel } from './planner-model.js';
import { at, handWorkedDistrict, testCategory, testTaxonomy } from './testing/hand-worked-district.js';
import { Scenario, type ScenarioEdit } from './what-if.js';

const CATEGORIES = ['shop', 'market', 'care'];
const HOURS = [null, null, 'Mo-Su 06:00-10:00', 'Mo-Su 12:00-20:00', 'nonsense'];

const point = (rng: Rng): LngLat => [121.4 + rng() * 0.01, 31.2 + rng() * 0.009];

function randomOutlet(rng: Rng, id: number): PlannerOutlet {
  const categoryIds = CATEGORIES.filter(() => rng() < 0.5);
  if (categoryIds.length === 0) categoryIds.push(CATEGORIES[randomInt(rng, 0, 2)]!);
  const circle = randomInt(rng, 0, 2);
  return {
    id,
    name: `outlet ${id}`,
    location: point(rng),
    categoryIds,
    openingHours: HOURS[randomInt(rng, 0, HOURS.length - 1)]!,
    circleId: circle === 2 ? null : circle + 1,
    streetId: circle === 2 ? null : circle + 1,
  };
}

function randomCompound(rng: Rng, id: number, canBeGated: boolean): PlannerCompound {
  const location = point(rng);
  const isGated = canBeGated && rng() < 0.4;
  const h = 0.0008;
  const [x, y] = location;
  const circle = randomInt(rng, 1, 2);
  return {
    id,
    name: `compound ${id}`,
    location,
    ring: isGated
      ? [
          [x - h, y - h],
          [x + h, y - h],
          [x + h, y + h],
          [x - h, y + h],
          [x - h, y - h],
        ]
      : null,
    gates: isGated
      ? [
          [x + h, y],
          [x, y - h],
        ]
      : [],
    residents: randomInt(rng, 100, 3000),
    households: 100,
    age60plus: randomInt(rng, 0, 100),
    age0to14: randomInt(rng, 0, 100),
    circleId: circle,
    streetId: circle,
  };
}

function randomInput(rng: Rng): PlannerInput {
  const graph = randomNetwork(rng, randomInt(rng, 40, 120));
  return {
    graph,
    taxonomy: testTaxonomy([
      testCategory('shop', 'basic', null, 5),
      testCategory('market', 'basic', null, 10),
      testCategory('care', 'quality', null, 15),
    ]),
    streets: [
      { id: 1, name: 'S1' },
      { id: 2, name: 'S2' },
    ],
    circles: [
      { id: 1, name: 'C1', streetIds: [1], boundary: null },
      { id: 2, name: 'C2', streetIds: [2], boundary: null },
    ],
    compounds: Array.from({ length: randomInt(rng, 3, 20) }, (_, i) => randomCompound(rng, 100 + i, true)),
    outlets: Array.from({ length: randomInt(rng, 2, 15) }, (_, i) => randomOutlet(rng, 1 + i)),
  };
}

function randomEdit(rng: Rng, scenario: Scenario, nextId: () => number): ScenarioEdit {
  const active = scenario.editedInput().outlets;
  const kind = randomInt(rng, 0, 3);
  if (kind === 0 || active.length === 0) return { kind: 'addOutlet', outlet: randomOutlet(rng, nextId()) };
  const target = active[randomInt(rng, 0, active.length - 1)]!;
  if (kind === 1) return { kind: 'removeOutlet', outletId: target.id };
  if (kind === 2) return { kind: 'moveOutlet', outletId: target.id, location: point(rng) };
  return { kind: 'addCompound', compound: randomCompound(rng, nextId(), false) };
}

describe('Scenario', () => {
  it('equals a full recomputation on the edited input after random edit sequences', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rng = seededRng(seed);
      const input = randomInput(rng);
      const openAt = seed % 3 === 0 ? null : at(seed % 3 === 1 ? 7 : 13);
      const scenario = new Scenario(buildPlannerModel(input), openAt);
      let id = 5000;
      const numEdits = randomInt(rng, 1, 8);
      for (let k = 0; k < numEdits; k++) {
        scenario.apply(randomEdit(rng, scenario, () => id++));
        const edited = scenario.editedInput();
        const full = buildPlannerModel({ ...input, compounds: edited.compounds, outlets: edited.outlets });
        const incremental = scenario.distances();
        for (const categoryId of CATEGORIES) {
          const want = categoryDistances(full, categoryId, { openAt });
          const got = incremental.get(categoryId)!;
          const where = `seed ${seed} edit ${k} (${scenario.edits[k]!.kind}) ${categoryId}`;
          assert.deepEqual(Array.from(got.distM), Array.from(want.distM), where);
          const wantIds = Array.from(want.nearestOutlet, (o) => (o < 0 ? NaN : edited.outlets[o]!.id));
          assert.deepEqual(Array.from(got.nearestOutletId), wantIds, where);
        }
      }
    }
  });

  it('gives the same result for edits applied all at once, from a baseline handed in, as one by one', () => {
    for (let seed = 31; seed <= 45; seed++) {
      const rng = seededRng(seed);
      const input = randomInput(rng);
      const openAt = seed % 2 === 0 ? null : at(7);
      const model = buildPlannerModel(input);
      const oneByOne = new Scenario(model, openAt);
      let id = 5000;
      const numEdits = randomInt(rng, 2, 8);
      for (let k = 0; k < numEdits; k++) oneByOne.apply(randomEdit(rng, oneByOne, () => id++));
      const atOnce = new Scenario(model, openAt, distancesAt(model, openAt));
      atOnce.applyAll(oneByOne.edits);
      const want = oneByOne.distances();
      for (const [categoryId, got] of atOnce.distances()) {
        assert.deepEqual(Array.from(got.distM), Array.from(want.get(categoryId)!.distM), `seed ${seed} ${categoryId}`);
        assert.deepEqual(
          Array.from(got.nearestOutletId),
          Array.from(want.get(categoryId)!.nearestOutletId),
          `seed ${seed} ${categoryId}`,
        );
      }
    }
  });

  it('recomputes only the categories an edit touches', () => {
    const model = buildPlannerModel(handWorkedDistrict());
    const scenario = new Scenario(model, at(7));
    const outlet: PlannerOutlet = {
      id: 500,
      name: 'new',
      location: [121.4, 31.2],
      categoryIds: ['elderly_care'],
      openingHours: null,
      circleId: 10,
      streetId: 1,
    };
    assert.deepEqual(scenario.apply({ kind: 'addOutlet', outlet }), ['elderly_care']);
    assert.deepEqual(scenario.apply({ kind: 'moveOutlet', outletId: 3, location: [121.401, 31.2] }), ['wet_market']);
    assert.deepEqual(scenario.apply({ kind: 'addCompound', compound: { ...handWorkedDistrict().compounds[0]!, id: 900 } }), []);
    assert.throws(() => scenario.apply({ kind: 'removeOutlet', outletId: 12345 }), { code: 'NOT_FOUND' });
  });

  it('reports coverage, grade and shortfall changes of an added elderly-care outlet by hand', () => {
    // Hand-worked district, adult, 07:00: elderly care only at N6 (1,800 m): C1 (A at 0 m, B at 600 m) 0 % covered.
    // A new elderly-care outlet at N1 (300 m): A 300, B 300 ≤ 1,080 m → C1 100 %, no longer a shortfall.
    const model = buildPlannerModel(handWorkedDistrict());
    const scenario = new Scenario(model, at(7));
    scenario.apply({
      kind: 'addOutlet',
      outlet: {
        id: 500,
        name: 'new',
        location: [121.401, 31.2],
        categoryIds: ['elderly_care'],
        openingHours: null,
        circleId: 10,
        streetId: 1,
      },
    });
    const comparison = scenario.evaluate({ profile: 'adult', rules: DEFAULT_GRADING_RULES });
    const c1 = comparison.circles[0]!;
    const care = c1.categories.find((c) => c.categoryId === 'elderly_care')!;
    assert.deepEqual([care.shareBefore, care.shareAfter, care.coveredResidentsChange], [0, 1, 3000]);
    assert.deepEqual([care.wasShortfall, care.isShortfall], [true, false]);
    // C1's quality share goes from 1/3 (fitness) to 2/3 and elderly care is present: 基础型 → 提升型.
    assert.deepEqual([c1.gradeBefore, c1.gradeAfter], ['基础型', '提升型']);
    // C2 is unchanged.
    assert.ok(comparison.circles[1]!.categories.every((c) => c.change === 0));
  });
});
