import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haversineM, seededRng } from '@lifecircle/shared';
import { fromWgs84, toWgs84, type Crs } from './coordinate-system.js';

/** Random points over Shanghai's built-up area (WGS-84). */
function shanghaiPoints(seed: number, count: number): [number, number][] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, () => [121.2 + rng() * 0.5, 31.0 + rng() * 0.4] as [number, number]);
}

for (const crs of ['gcj02', 'bd09'] as Crs[]) {
  test(`a point converted ${crs} → WGS-84 → ${crs} comes back within 1 m (seed 7)`, () => {
    for (const [lng, lat] of shanghaiPoints(7, 200)) {
      const [wLng, wLat] = toWgs84(lng, lat, crs);
      const [backLng, backLat] = fromWgs84(wLng, wLat, crs);
      const errorM = haversineM(lng, lat, backLng, backLat);
      assert.ok(errorM < 1, `seed 7, ${crs} point ${lng},${lat}: round trip off by ${errorM} m`);
    }
  });
}

test('the GCJ-02 shift in Shanghai is about 450–550 m, so a no-op conversion would fail', () => {
  for (const [lng, lat] of shanghaiPoints(11, 50)) {
    const [wLng, wLat] = toWgs84(lng, lat, 'gcj02');
    const shiftM = haversineM(lng, lat, wLng, wLat);
    assert.ok(shiftM > 450 && shiftM < 550, `shift ${shiftM} m at ${lng},${lat}`);
    // GCJ-02 moves points to the east-south-east of WGS-84, so WGS-84 lies west.
    assert.ok(wLng < lng, 'WGS-84 longitude lies west of the GCJ-02 one');
  }
});

test('the BD-09 shift is larger than the GCJ-02 one (BD-09 adds its own offset)', () => {
  const [lng, lat] = [121.4, 31.25];
  const gcjShiftM = haversineM(lng, lat, ...toWgs84(lng, lat, 'gcj02'));
  const bdShiftM = haversineM(lng, lat, ...toWgs84(lng, lat, 'bd09'));
  assert.ok(bdShiftM > gcjShiftM + 300, `bd09 ${bdShiftM} m vs gcj02 ${gcjShiftM} m`);
});

test('WGS-84 input is returned unchanged', () => {
  assert.deepEqual(toWgs84(121.4, 31.2, 'wgs84'), [121.4, 31.2]);
  assert.deepEqual(fromWgs84(121.4, 31.2, 'wgs84'), [121.4, 31.2]);
});
