import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { haversineM, seededRng } from '@lifecircle/shared';
import { fitLocalProjection, formatLengthM, niceScaleLengthM } from './local-projection.js';
import type { ReportLngLat } from './report-data.js';

const BOX = { x: 40, y: 100, width: 500, height: 300 };

describe('fitLocalProjection', () => {
  it('keeps ground distances to within 0.5 % of the haversine distance over a circle-sized area', () => {
    const rng = seededRng(7);
    const points: ReportLngLat[] = Array.from({ length: 40 }, () => [121.5 + rng() * 0.03, 31.2 + rng() * 0.02]);
    const projection = fitLocalProjection(points, BOX, 10);
    for (let i = 0; i + 1 < points.length; i += 2) {
      const [lngA, latA] = points[i]!;
      const [lngB, latB] = points[i + 1]!;
      const [xA, yA] = projection.project(lngA, latA);
      const [xB, yB] = projection.project(lngB, latB);
      const mapM = Math.hypot(xB - xA, yB - yA) * projection.metresPerPoint;
      const groundM = haversineM(lngA, latA, lngB, latB);
      assert.ok(Math.abs(mapM - groundM) <= 0.005 * groundM, `seed 7, pair ${i}: ${mapM} vs ${groundM}`);
    }
  });

  it('puts north up, east right, and fits the points inside the padded box, centred', () => {
    const points: ReportLngLat[] = [
      [121.5, 31.2],
      [121.52, 31.205],
    ];
    const projection = fitLocalProjection(points, BOX, 10);
    const [xSW, ySW] = projection.project(121.5, 31.2);
    const [xNE, yNE] = projection.project(121.52, 31.205);
    assert.ok(xNE > xSW && yNE < ySW);
    for (const [x, y] of [
      [xSW, ySW],
      [xNE, yNE],
    ] as const) {
      assert.ok(x >= BOX.x + 10 - 1e-9 && x <= BOX.x + BOX.width - 10 + 1e-9, `x ${x}`);
      assert.ok(y >= BOX.y + 10 - 1e-9 && y <= BOX.y + BOX.height - 10 + 1e-9, `y ${y}`);
    }
    // ≈ 1.9 km wide by 0.56 km tall in a 480 × 280 pt area: the width limits, the height is centred.
    assert.ok(Math.abs(xNE - xSW - 480) < 1e-6);
    assert.ok(Math.abs((ySW + yNE) / 2 - (BOX.y + BOX.height / 2)) < 1e-6);
  });

  it('gives finite positions for a single point and for no points at all', () => {
    for (const points of [[[121.5, 31.2]], []] as ReportLngLat[][]) {
      const projection = fitLocalProjection(points, BOX, 10);
      const [x, y] = projection.project(121.5, 31.2);
      assert.ok(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(projection.metresPerPoint));
    }
  });
});

describe('niceScaleLengthM', () => {
  it('picks the longest 1, 2 or 5 × 10ᵏ metres not above the limit', () => {
    const cases: [number, number][] = [
      [0.5, 0.5],
      [1, 1],
      [7, 5],
      [199, 100],
      [200, 200],
      [999, 500],
      [1000, 1000],
      [2500, 2000],
      [0, 0],
      [Number.NaN, 0],
    ];
    for (const [maxM, expected] of cases) assert.equal(niceScaleLengthM(maxM), expected, `${maxM}`);
  });

  it('labels lengths in metres below a kilometre and in kilometres from one', () => {
    assert.equal(formatLengthM(500), '500 m');
    assert.equal(formatLengthM(1000), '1 km');
    assert.equal(formatLengthM(2500), '2.5 km');
  });
});
