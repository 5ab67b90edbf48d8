import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWalkGraph } from '@lifecircle/engine';
import { haversineM, type LngLat } from '@lifecircle/shared';
import { categoryDistances } from './category-distances.js';
import type { PlannerCompound, PlannerInput, PlannerOutlet } from './planner-input.js';
import { buildPlannerModel } from './planner-model.js';
import { testCategory, testTaxonomy } from './testing/hand-worked-district.js';

const north = (m: number) => 31.2 + m / 111_195;

/**
 * One street along latitude 31.2 from 121.400 to 121.410 (about 952 m). A
 * compound north of it (outline 121.4005–121.4095, 10–40 m north) has its
 * only gate at 121.409 on the south side, 10 m from the street. Its
 * residents live at 121.401, 30 m north.
 */
function gatedInput(outlets: PlannerOutlet[], withRing: boolean): PlannerInput {
  const graph = buildWalkGraph({
    nodeLng: [121.4, 121.41],
    nodeLat: [31.2, 31.2],
    edgeU: [0],
    edgeV: [1],
    edgeLengthM: [haversineM(121.4, 31.2, 121.41, 31.2)],
  });
  const ring: LngLat[] = [
    [121.4005, north(10)],
    [121.4095, north(10)],
    [121.4095, north(40)],
    [121.4005, north(40)],
    [121.4005, north(10)],
  ];
  const compound: PlannerCompound = {
    id: 1,
    name: 'gated',
    location: [121.401, north(30)],
    ring: withRing ? ring : null,
    gates: [[121.409, north(10)]],
    residents: 100,
    households: 40,
    age60plus: 0,
    age0to14: 0,
    circleId: null,
    streetId: null,
  };
  return {
    graph,
    compounds: [compound],
    outlets,
    circles: [],
    streets: [],
    taxonomy: testTaxonomy([testCategory('shop', 'basic', null, 10)]),
  };
}

const shop = (id: number, location: LngLat): PlannerOutlet => ({
  id,
  name: `shop ${id}`,
  location,
  categoryIds: ['shop'],
  openingHours: null,
  circleId: null,
  streetId: null,
});

describe('buildPlannerModel', () => {
  it('walks residents of a compound with gates and an outline out through the gate', () => {
    const model = buildPlannerModel(gatedInput([shop(1, [121.401, 31.2])], true));
    const { distM } = categoryDistances(model, 'shop');
    // To the gate in a straight line, 10 m to the street, then back west 0.008° along it.
    const want = haversineM(121.401, north(30), 121.409, north(10)) + 10 + haversineM(121.401, 31.2, 121.409, 31.2);
    assert.ok(Math.abs(distM[0]! - want) < 0.2, `got ${distM[0]}, want ${want}`);
  });

  it('treats a compound with gates but no outline as open', () => {
    const model = buildPlannerModel(gatedInput([shop(1, [121.401, 31.2])], false));
    const { distM } = categoryDistances(model, 'shop');
    assert.ok(Math.abs(distM[0]! - 30) < 0.2, `got ${distM[0]}`);
  });

  it('lets residents walk straight to an outlet inside their own compound', () => {
    const inside: LngLat = [121.402, north(30)];
    const model = buildPlannerModel(gatedInput([shop(1, [121.401, 31.2]), shop(2, inside)], true));
    const { distM, nearestOutlet } = categoryDistances(model, 'shop');
    assert.equal(nearestOutlet[0], 1);
    assert.ok(Math.abs(distM[0]! - haversineM(121.401, north(30), inside[0], inside[1])) < 1e-9);
  });
});
