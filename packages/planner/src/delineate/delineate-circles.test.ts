import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWalkGraph } from '@lifecircle/engine';
import { METRES_PER_DEGREE, randomInt, seededRng } from '@lifecircle/shared';
import { compoundWalkM } from './compound-graph.js';
import { delineateCircles, type DelineateOptions } from './delineate-circles.js';
import { randomDistrict, randomGridDistrict } from './random-district.js';

/** Options scaled to a square-kilometre district: 720 m walk limit, 350 m adjacency. */
const SMALL: Partial<DelineateOptions> = {
  minResidents: 8000,
  maxResidents: 20_000,
  speedMps: 1,
  walkMinutes: 12,
  adjacencyM: 350,
};

/** Connected parts of `members` by breadth-first search over every pair within `adjacencyM` (the test's own reference). */
function bfsParts(walk: (a: number, b: number) => number, members: number[], adjacencyM: number): number {
  const seen = new Set<number>();
  let parts = 0;
  for (const start of members) {
    if (seen.has(start)) continue;
    parts++;
    const queue = [start];
    seen.add(start);
    while (queue.length > 0) {
      const a = queue.shift()!;
      for (const b of members)
        if (!seen.has(b) && walk(a, b) <= adjacencyM) {
          seen.add(b);
          queue.push(b);
        }
    }
  }
  return parts;
}

describe('delineateCircles', () => {
  it('puts every compound in exactly one contiguous circle, within bounds or reported with a true reason', () => {
    let numWithinBounds = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const rng = seededRng(seed);
      // Mostly street grids dense with compounds; every third an engine random network (sparse: many islands).
      const side = randomInt(rng, 8, 12);
      const { graph, compounds } =
        seed % 3 === 0
          ? randomDistrict(rng, randomInt(rng, 150, 400), randomInt(rng, 40, 150))
          : randomGridDistrict(rng, side, Math.round(side * side * 0.7));
      const result = delineateCircles({ graph, compounds }, { ...SMALL, seed });
      const cg = result.compoundGraph;
      const walk = (a: number, b: number) => compoundWalkM(cg, a, b);
      const seen = new Int32Array(compounds.length).fill(-1);
      result.circles.forEach((circle, i) => {
        for (const c of circle.compoundIndices) {
          assert.equal(seen[c], -1, `seed ${seed}: compound ${c} in two circles`);
          seen[c] = i;
          assert.equal(result.circleOfCompound[c], i);
        }
        assert.deepEqual(
          circle.compoundIds,
          circle.compoundIndices.map((c) => compounds[c]!.id),
        );
        assert.equal(bfsParts(walk, circle.compoundIndices, SMALL.adjacencyM!), 1, `seed ${seed}: circle ${i} is not contiguous`);
        const residents = circle.compoundIndices.reduce((s, c) => s + compounds[c]!.residents, 0);
        assert.equal(circle.residents, residents);
        const kinds = circle.issues.map((issue) => issue.kind);
        if (residents >= SMALL.minResidents! && residents <= SMALL.maxResidents!) numWithinBounds++;
        const outside = compounds.map((_, c) => c).filter((c) => !circle.compoundIndices.includes(c));
        if (residents < SMALL.minResidents!) {
          if (kinds.includes('island-below-min') || kinds.includes('off-network')) {
            // No compound outside the circle is a neighbour of one inside.
            for (const a of circle.compoundIndices)
              for (const b of outside) assert.ok(walk(a, b) > SMALL.adjacencyM!, `seed ${seed}`);
          } else {
            assert.ok(kinds.includes('below-min'), `seed ${seed}: circle ${i} below min without a reason`);
            const neighbours = new Set<number>();
            for (const a of circle.compoundIndices)
              for (const b of outside) if (walk(a, b) <= SMALL.adjacencyM!) neighbours.add(result.circleOfCompound[b]!);
            for (const j of neighbours) assert.ok(residents + result.circles[j]!.residents > SMALL.maxResidents!, `seed ${seed}`);
          }
        }
        if (residents > SMALL.maxResidents!) {
          assert.ok(
            kinds.includes('compound-above-max') && circle.compoundIndices.length === 1,
            `seed ${seed}: circle ${i} above max`,
          );
        }
        // The core reaches members as the compound graph says, and stragglers are all listed.
        const far = circle.compoundIndices.filter((c) => walk(circle.coreCompoundIndex, c) > result.maxWalkM);
        const listed = circle.issues.find((issue) => issue.kind === 'beyond-walk')?.compoundIds ?? [];
        assert.deepEqual(
          listed,
          far.map((c) => compounds[c]!.id),
          `seed ${seed}: circle ${i}`,
        );
        assert.ok(circle.compoundIndices.includes(circle.coreCompoundIndex));
      });
      assert.ok(
        seen.every((i) => i >= 0),
        `seed ${seed}: a compound has no circle`,
      );
    }
    // The grids leave room for real circles: most of the test is not about islands.
    assert.ok(numWithinBounds >= 15, `only ${numWithinBounds} circles within bounds`);
  });

  it('returns the same circles for the same seed', () => {
    const make = () => randomGridDistrict(seededRng(42), 11, 90);
    const a = delineateCircles(make(), { ...SMALL, seed: 5 });
    const b = delineateCircles(make(), { ...SMALL, seed: 5 });
    assert.deepEqual(
      a.circles.map((c) => [c.compoundIds, c.coreCompoundId]),
      b.circles.map((c) => [c.compoundIds, c.coreCompoundId]),
    );
  });

  it('cuts a street of six equal compounds into two halves and never crosses a 500 m gap (hand-worked)', () => {
    // Nodes every 150 m along one street, with a 500 m gap between the sixth and seventh node.
    const kx = METRES_PER_DEGREE * Math.cos((31.2 * Math.PI) / 180);
    const xs = [0, 150, 300, 450, 600, 750, 1250, 1400];
    const graph = buildWalkGraph({
      nodeLng: xs.map((x) => 121.4 + x / kx),
      nodeLat: xs.map(() => 31.2),
      edgeU: [0, 1, 2, 3, 4, 5, 6],
      edgeV: [1, 2, 3, 4, 5, 6, 7],
      edgeLengthM: [150, 150, 150, 150, 150, 500, 150],
    });
    const compounds = xs.map((x, i) => ({
      id: 10 + i,
      location: [121.4 + x / kx, 31.2 + 20 / METRES_PER_DEGREE] as const,
      ring: null,
      gates: [],
      residents: i < 6 ? 10_000 : 5_000,
    }));
    const result = delineateCircles(
      { graph, compounds },
      { minResidents: 20_000, maxResidents: 30_000, adjacencyM: 200, speedMps: 1, walkMinutes: 10 },
    );
    assert.deepEqual(
      result.circles.map((c) => c.compoundIds),
      [
        [10, 11, 12],
        [13, 14, 15],
        [16, 17],
      ],
    );
    assert.deepEqual(
      result.circles.map((c) => c.coreCompoundId),
      [11, 14, 16],
    );
    assert.deepEqual(
      result.circles[2]!.issues.map((i) => i.kind),
      ['island-below-min'],
    );
    assert.ok(Math.abs(result.circles[0]!.maxWalkM - (150 + 40)) < 1e-6);
  });
});
