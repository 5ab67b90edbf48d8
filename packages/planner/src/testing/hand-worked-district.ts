import { buildWalkGraph } from '@lifecircle/engine';
import type { AreaGeometry, Category, Taxonomy } from '@lifecircle/shared';
import type { PlannerCompound, PlannerInput, PlannerOutlet } from '../planner-input.js';

/** A category for tests (only the fields the planner reads matter). */
export function testCategory(
  id: string,
  tier: 'basic' | 'quality',
  group: string | null,
  defaultWalkMinutes: number | null,
  strictWalkMinutes: number | null = null,
): Category {
  return {
    id,
    nameZh: id,
    nameEn: id,
    tier,
    group,
    defaultWalkMinutes,
    strictWalkMinutes,
    walkEvaluated: defaultWalkMinutes !== null,
    official: false,
    osm: [],
    osmWeak: [],
    nameKeywords: [],
    excludeNameKeywords: [],
    amap: { typecodes: [], types: [], excludeTypecodes: [], candidateTypes: [] },
  };
}

export function testTaxonomy(categories: Category[]): Taxonomy {
  return { categories, byId: new Map(categories.map((c) => [c.id, c])) };
}

/** Longitude of node i of the hand-worked street (nodes 0.001° apart along latitude 31.2). */
export const nodeLng = (i: number) => 121.4 + i * 0.001;
export const LAT = 31.2;

function square(lng0: number, lng1: number): AreaGeometry {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lng0, LAT - 0.0005],
        [lng1, LAT - 0.0005],
        [lng1, LAT + 0.0005],
        [lng0, LAT + 0.0005],
        [lng0, LAT - 0.0005],
      ],
    ],
  };
}

/**
 * The hand-worked district of the planner's tests. One straight street of
 * nodes N0..N7, each edge declared 300 m long (so node i is 300·i metres
 * from N0 along the street), with every compound and outlet placed exactly
 * on a node (no snapping offset). Street S1 (id 1) holds N0–N3 and circle
 * C1 (id 10); street S2 (id 2) holds N4–N6 and circle C2 (id 20); N7 lies
 * outside the district.
 *
 * | compound | node | residents | 60+ | 0–14 | circle |
 * | A (101)  | N0   | 1000      | 300 | 100  | C1     |
 * | B (102)  | N2   | 2000      | 200 | 700  | C1     |
 * | C (103)  | N5   | 1000      | 500 | 100  | C2     |
 *
 * | outlet | node | category          | hours                | circle/street |
 * | 1      | N1   | convenience_store | —                    | C1/S1 |
 * | 2      | N1   | breakfast         | Mo-Su 06:00-10:00    | C1/S1 |
 * | 3      | N3   | wet_market        | —                    | C1/S1 |
 * | 4      | N4   | repair_point      | —                    | C2/S2 |
 * | 5      | N5   | pharmacy          | —                    | C2/S2 |
 * | 6      | N6   | elderly_care      | —                    | C2/S2 |
 * | 7      | N6   | convenience_store | —                    | C2/S2 |
 * | 8      | N0   | fitness           | Mo-Su 06:00-22:00    | C1/S1 |
 * | 9      | N0   | pharmacy          | "whenever" (invalid) | C1/S1 |
 * | 10     | N2   | front_warehouse   | —                    | C1/S1 |
 * | 11     | N7   | childcare         | —                    | none  |
 */
export function handWorkedDistrict(): PlannerInput {
  const numNodes = 8;
  const graph = buildWalkGraph({
    nodeLng: Array.from({ length: numNodes }, (_, i) => nodeLng(i)),
    nodeLat: Array.from({ length: numNodes }, () => LAT),
    edgeU: Array.from({ length: numNodes - 1 }, (_, i) => i),
    edgeV: Array.from({ length: numNodes - 1 }, (_, i) => i + 1),
    edgeLengthM: Array.from({ length: numNodes - 1 }, () => 300),
  });
  const taxonomy = testTaxonomy([
    testCategory('convenience_store', 'basic', '一店一早', 10, 5),
    testCategory('breakfast', 'basic', '一店一早', 10, 5),
    testCategory('wet_market', 'basic', '一菜一修', 10, 8),
    testCategory('repair_point', 'basic', '一菜一修', 10),
    testCategory('pharmacy', 'basic', null, 10, 8),
    testCategory('front_warehouse', 'basic', null, null),
    testCategory('elderly_care', 'quality', '一老一小', 15, 5),
    testCategory('childcare', 'quality', '一老一小', 15, 10),
    testCategory('fitness', 'quality', null, 15),
  ]);
  const compound = (
    id: number,
    name: string,
    node: number,
    residents: number,
    age60plus: number,
    age0to14: number,
    circleId: number,
    streetId: number,
  ): PlannerCompound => ({
    id,
    name,
    location: [nodeLng(node), LAT],
    ring: null,
    gates: [],
    residents,
    households: residents / 2.5,
    age60plus,
    age0to14,
    circleId,
    streetId,
  });
  const outlet = (
    id: number,
    node: number,
    categoryId: string,
    openingHours: string | null,
    circleId: number | null,
    streetId: number | null,
  ): PlannerOutlet => ({
    id,
    name: `${categoryId} ${id}`,
    location: [nodeLng(node), LAT],
    categoryIds: [categoryId],
    openingHours,
    circleId,
    streetId,
  });
  return {
    graph,
    taxonomy,
    streets: [
      { id: 1, name: 'S1' },
      { id: 2, name: 'S2' },
    ],
    circles: [
      { id: 10, name: 'C1', streetIds: [1], boundary: square(nodeLng(-0.5), nodeLng(3.5)) },
      { id: 20, name: 'C2', streetIds: [2], boundary: square(nodeLng(3.5), nodeLng(6.5)) },
    ],
    compounds: [
      compound(101, 'A', 0, 1000, 300, 100, 10, 1),
      compound(102, 'B', 2, 2000, 200, 700, 10, 1),
      compound(103, 'C', 5, 1000, 500, 100, 20, 2),
    ],
    outlets: [
      outlet(1, 1, 'convenience_store', null, 10, 1),
      outlet(2, 1, 'breakfast', 'Mo-Su 06:00-10:00', 10, 1),
      outlet(3, 3, 'wet_market', null, 10, 1),
      outlet(4, 4, 'repair_point', null, 20, 2),
      outlet(5, 5, 'pharmacy', null, 20, 2),
      outlet(6, 6, 'elderly_care', null, 20, 2),
      outlet(7, 6, 'convenience_store', null, 20, 2),
      outlet(8, 0, 'fitness', 'Mo-Su 06:00-22:00', 10, 1),
      outlet(9, 0, 'pharmacy', 'whenever', 10, 1),
      outlet(10, 2, 'front_warehouse', null, 10, 1),
      outlet(11, 7, 'childcare', null, null, null),
    ],
  };
}

/** China wall-clock times of the tests: Monday 5 January 2026 at the given hour. */
export const at = (hour: number) => new Date(2026, 0, 5, hour, 0, 0);
