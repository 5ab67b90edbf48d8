import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRng as seeded } from '@lifecircle/shared';
import gcoordModule from 'gcoord';
import { boundsFromDisplay, featureCollectionToDisplay, fromDisplay, toDisplay, type Position } from './display-crs.js';

const gcoord = gcoordModule as unknown as {
  WGS84: string;
  GCJ02: string;
  transform(position: Position, from: string, to: string): Position;
};

/**
 * The published WGS-84 → GCJ-02 formula (Krasovsky 1940 ellipsoid and the well-known polynomial offsets),
 * written out independently of gcoord as the reference.
 */
function referenceWgsToGcj([lng, lat]: Position): Position {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = lng - 105;
  const y = lat - 35;
  const pi = Math.PI;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20 * Math.sin(6 * x * pi) + 20 * Math.sin(2 * x * pi)) * 2) / 3;
  dLat += ((20 * Math.sin(y * pi) + 40 * Math.sin((y / 3) * pi)) * 2) / 3;
  dLat += ((160 * Math.sin((y / 12) * pi) + 320 * Math.sin((y * pi) / 30)) * 2) / 3;
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20 * Math.sin(6 * x * pi) + 20 * Math.sin(2 * x * pi)) * 2) / 3;
  dLng += ((20 * Math.sin(x * pi) + 40 * Math.sin((x / 3) * pi)) * 2) / 3;
  dLng += ((150 * Math.sin((x / 12) * pi) + 300 * Math.sin((x / 30) * pi)) * 2) / 3;
  const radLat = (lat / 180) * pi;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * pi);
  dLng = (dLng * 180) / ((a / sqrtMagic) * Math.cos(radLat) * pi);
  return [lng + dLng, lat + dLat];
}

/** Metres between two nearby positions (equirectangular: exact enough below a few kilometres). */
function metres(a: readonly number[], b: readonly number[]): number {
  const radLat = (((a[1]! + b[1]!) / 2) * Math.PI) / 180;
  const dx = ((b[0]! - a[0]!) * Math.PI * 6371008.8 * Math.cos(radLat)) / 180;
  const dy = ((b[1]! - a[1]!) * Math.PI * 6371008.8) / 180;
  return Math.hypot(dx, dy);
}

/** Random positions in Shanghai and across mainland China. */
function randomPositions(seed: number, count: number): Position[] {
  const random = seeded(seed);
  const positions: Position[] = [];
  for (let i = 0; i < count; i++) {
    positions.push(i % 2 === 0 ? [121.2 + random() * 0.5, 31.0 + random() * 0.4] : [100 + random() * 20, 23 + random() * 17]);
  }
  return positions;
}

test('WGS-84 to GCJ-02 agrees with the published formula within a millimetre', () => {
  const seed = 5;
  for (const position of randomPositions(seed, 500)) {
    const shifted = toDisplay(position, 'gcj02');
    const expected = referenceWgsToGcj(position);
    assert.ok(metres(shifted, expected) < 0.001, `seed ${seed}: ${position} → ${shifted}, expected ${expected}`);
  }
});

test('a picked GCJ-02 position comes back to its WGS-84 origin within 20 cm, as gcoord round-trips it', () => {
  const seed = 6;
  for (const position of randomPositions(seed, 500)) {
    const shifted = toDisplay(position, 'gcj02');
    const back = fromDisplay(shifted, 'gcj02');
    assert.deepEqual(back, gcoord.transform([...shifted], gcoord.GCJ02, gcoord.WGS84), `seed ${seed}`);
    // gcoord inverts GCJ-02 by iteration; measured on 20,000 points across China it lands within 15 cm.
    assert.ok(metres(back, position) < 0.2, `seed ${seed}: ${position} came back as ${back}`);
  }
});

test('the shift in Shanghai is a few hundred metres, and WGS-84 display changes nothing', () => {
  const middle: Position = [121.399, 31.248];
  const shift = metres(middle, toDisplay(middle, 'gcj02'));
  assert.ok(shift > 300 && shift < 800, `shift ${shift} m`);
  assert.deepEqual(toDisplay(middle, 'wgs84'), middle);
  assert.deepEqual(fromDisplay(middle, 'wgs84'), middle);
  // Outside China the GCJ-02 rules leave positions alone.
  assert.deepEqual(toDisplay([2.35, 48.85], 'gcj02'), [2.35, 48.85]);
});

test('a feature collection is shifted position by position into a copy, its properties and heights kept', () => {
  const input = {
    type: 'FeatureCollection' as const,
    features: [
      { type: 'Feature', properties: { id: 1 }, geometry: { type: 'Point', coordinates: [121.4, 31.25, 12] } },
      {
        type: 'Feature',
        properties: { id: 2 },
        geometry: {
          type: 'LineString',
          coordinates: [
            [121.4, 31.25],
            [121.41, 31.26],
          ],
        },
      },
      {
        type: 'Feature',
        properties: null,
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [121.4, 31.25],
                [121.41, 31.25],
                [121.41, 31.26],
                [121.4, 31.25],
              ],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { id: 4 },
        geometry: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [121.42, 31.27] }] },
      },
      { type: 'Feature', properties: { id: 5 }, geometry: null },
    ],
  };
  const copy = structuredClone(input);
  const shifted = featureCollectionToDisplay(input, 'gcj02');
  assert.deepEqual(input, copy, 'the input is not changed');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shifted features are read back untyped
  const features = shifted.features as unknown as { properties: unknown; geometry: any }[];
  assert.deepEqual(features[0]!.geometry.coordinates, [...toDisplay([121.4, 31.25], 'gcj02'), 12]);
  assert.deepEqual(features[1]!.geometry.coordinates, [toDisplay([121.4, 31.25], 'gcj02'), toDisplay([121.41, 31.26], 'gcj02')]);
  const ring = [
    [121.4, 31.25],
    [121.41, 31.25],
    [121.41, 31.26],
    [121.4, 31.25],
  ];
  assert.deepEqual(
    features[2]!.geometry.coordinates[0][0],
    ring.map((position) => toDisplay(position, 'gcj02')),
  );
  assert.deepEqual(features[3]!.geometry.geometries[0].coordinates, toDisplay([121.42, 31.27], 'gcj02'));
  assert.equal(features[4]!.geometry, null);
  assert.deepEqual(
    features.map((feature) => feature.properties),
    copy.features.map((feature) => feature.properties),
  );
  assert.equal(featureCollectionToDisplay(input, 'wgs84'), input);
});

test('the WGS-84 bounds of a displayed box hold every point picked inside it', () => {
  const seed = 7;
  const random = seeded(seed);
  for (let trial = 0; trial < 50; trial++) {
    const west = 121.2 + random() * 0.3;
    const south = 31.0 + random() * 0.3;
    const box: [number, number, number, number] = [west, south, west + random() * 0.2, south + random() * 0.2];
    const bounds = boundsFromDisplay(box, 'gcj02');
    for (let i = 0; i < 20; i++) {
      const picked = fromDisplay([box[0] + random() * (box[2] - box[0]), box[1] + random() * (box[3] - box[1])], 'gcj02');
      const inside = picked[0] >= bounds[0] && picked[0] <= bounds[2] && picked[1] >= bounds[1] && picked[1] <= bounds[3];
      assert.ok(inside, `seed ${seed}, trial ${trial}: ${picked} outside ${bounds}`);
    }
  }
  assert.deepEqual(boundsFromDisplay([1, 2, 3, 4], 'wgs84'), [1, 2, 3, 4]);
});
