import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWalkGraph } from '@lifecircle/engine';
import { METRES_PER_DEGREE, type AreaGeometry, type LngLat } from '@lifecircle/shared';
import { delineateCircles } from './delineate-circles.js';
import { diagnoseCircles } from './diagnose-circles.js';

const KX = METRES_PER_DEGREE * Math.cos((31.2 * Math.PI) / 180);
const at = (x: number, y: number): LngLat => [121.4 + x / KX, 31.2 + y / METRES_PER_DEGREE];
const rect = (x0: number, y0: number, x1: number, y1: number): LngLat[][] => [
  [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)],
];

/**
 * A full 10 × 10 street grid, 100 m blocks, one compound 20 m east and 40 m north of every
 * node (no gates). Four hand-drawn circles:
 * 1 west (columns 0–2), 4,000 residents a compound: 120,000, too dense;
 * 2 the east of rows 0–1 and of rows 8–9 (columns 3–9), 700 m apart: split;
 * 3 columns 3–5 and 4 columns 6–9 of rows 2–7, whose rectangles overlap by
 *   50 m × 600 m.
 */
function handDistrict() {
  const side = 10;
  const nodeLng: number[] = [];
  const nodeLat: number[] = [];
  const edgeU: number[] = [];
  const edgeV: number[] = [];
  const edgeLengthM: number[] = [];
  const link = (a: number, b: number) => {
    edgeU.push(a);
    edgeV.push(b);
    edgeLengthM.push(100);
  };
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const [lng, lat] = at(col * 100, row * 100);
      nodeLng.push(lng);
      nodeLat.push(lat);
      const v = row * side + col;
      if (col > 0) link(v - 1, v);
      if (row > 0) link(v - side, v);
    }
  }
  const graph = buildWalkGraph({ nodeLng, nodeLat, edgeU, edgeV, edgeLengthM });
  const compounds = [];
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const circleId = col <= 2 ? 1 : row <= 1 || row >= 8 ? 2 : col <= 5 ? 3 : 4;
      compounds.push({
        id: 100 + row * side + col,
        location: at(col * 100 + 20, row * 100 + 40),
        ring: null,
        gates: [],
        residents: circleId === 1 ? 4000 : 1000,
        circleId,
      });
    }
  }
  const polygon = (coordinates: LngLat[][]): AreaGeometry => ({ type: 'Polygon', coordinates });
  const circles = [
    { id: 1, name: 'west', boundary: polygon(rect(-50, -50, 250, 950)) },
    {
      id: 2,
      name: 'north and south',
      boundary: { type: 'MultiPolygon', coordinates: [rect(250, -50, 950, 150), rect(250, 750, 950, 950)] } as AreaGeometry,
    },
    { id: 3, name: 'middle', boundary: polygon(rect(250, 150, 620, 750)) },
    { id: 4, name: 'east', boundary: polygon(rect(570, 150, 950, 750)) },
  ];
  return { graph, compounds, circles };
}

describe('diagnoseCircles', () => {
  const district = handDistrict();
  const diagnosis = diagnoseCircles(district);
  const byId = (id: number) => diagnosis.circles.find((c) => c.circleId === id)!;

  it('flags the circle of 120,000 residents as too dense and no other', () => {
    assert.equal(byId(1).residents, 120_000);
    assert.deepEqual(
      diagnosis.circles.map((c) => c.isTooDense),
      [true, false, false, false],
    );
    // 28 compounds of 1,000 and 18, 24 of them: all below 15,000 but the first.
    assert.deepEqual(
      diagnosis.circles.map((c) => [c.residents, c.isTooSmall]),
      [
        [120_000, false],
        [28_000, false],
        [18_000, false],
        [24_000, false],
      ],
    );
  });

  it('finds the split circle, its two parts, and half its residents beyond 10 minutes of its core', () => {
    assert.deepEqual(
      diagnosis.circles.map((c) => c.isSplit),
      [false, true, false, false],
    );
    assert.deepEqual(
      byId(2).parts.map((p) => p.residents),
      [14_000, 14_000],
    );
    // At 15 minutes (1,080 m) most of the far part is still within reach: 740 m straight up the grid.
    assert.ok(byId(2).shareBeyondWalk < 0.5);
    // At 10 minutes (720 m) the core's own part is within 440 m and the other part at least 740 m away.
    const strict = diagnoseCircles(district, { walkMinutes: 10 });
    assert.equal(strict.circles[1]!.shareBeyondWalk, 0.5);
    assert.equal(strict.circles[1]!.isTooLarge, true);
    assert.equal(strict.circles[2]!.isTooLarge, false);
    assert.equal(byId(3).isTooLarge, false);
  });

  it('finds the two overlapping circles and the overlap area (50 m × 600 m), ignoring shared edges', () => {
    assert.deepEqual(
      diagnosis.circles.map((c) => c.overlaps.map((o) => o.circleId)),
      [[], [], [4], [3]],
    );
    const area = byId(3).overlaps[0]!.areaM2;
    assert.ok(Math.abs(area - 30_000) < 30, `got ${area}`);
    assert.ok(Math.abs(byId(1).areaM2! - 300 * 1000) < 300);
  });

  it('counts, against a proposal, the residents that move and the circles each old one becomes', () => {
    const proposed = delineateCircles(district, { minResidents: 30_000, maxResidents: 70_000 });
    const compared = diagnoseCircles({ ...district, proposed, compoundGraph: proposed.compoundGraph });
    let total = 0;
    for (const row of compared.comparison!) {
      const members = district.compounds.map((c, i) => ({ c, i })).filter(({ c }) => c.circleId === row.circleId);
      const counts = new Map<number, number>();
      for (const { c, i } of members)
        counts.set(proposed.circleOfCompound[i]!, (counts.get(proposed.circleOfCompound[i]!) ?? 0) + c.residents);
      assert.equal(row.proposedCircles.length, counts.size);
      const kept = Math.max(...counts.values());
      assert.equal(row.residentsMoved, row.residents - kept);
      assert.equal(row.numMajorProposedCircles, [...counts.values()].filter((r) => r >= 0.1 * row.residents).length);
      total += row.residentsMoved;
    }
    assert.equal(compared.residentsMoved, total);
    // The too-dense west (120,000) cannot stay whole under a 70,000 cap.
    assert.ok(compared.comparison![0]!.proposedCircles.length >= 2);
  });
});
