import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { seededRng } from '@lifecircle/shared';
import type { LngLat, Rng } from '@lifecircle/shared';
import { testPostgres } from '../testing/test-postgres.js';
import { TestDatabases } from '../testing/postgres-databases.js';
import { fromEwkbHex, toEwkbHex } from './ewkb.js';
import type { StoredGeometry } from './ewkb.js';

/** A position with full-precision doubles, some tiny, some negative. */
function randomPosition(rng: Rng): LngLat {
  const scale = rng() < 0.2 ? 1e-6 : 1;
  return [(rng() * 360 - 180) * scale, (rng() * 180 - 90) * scale];
}

function randomRing(rng: Rng): LngLat[] {
  const ring = Array.from({ length: 3 + Math.floor(rng() * 5) }, () => randomPosition(rng));
  return [...ring, ring[0]!];
}

/** Seeded random geometries of every kind the store keeps (nesting and emptiness included). */
function randomGeometry(rng: Rng): StoredGeometry {
  const kind = Math.floor(rng() * 4);
  if (kind === 0) return { type: 'Point', coordinates: randomPosition(rng) };
  if (kind === 1)
    return { type: 'MultiPoint', coordinates: Array.from({ length: Math.floor(rng() * 4) }, () => randomPosition(rng)) };
  const polygon = () => Array.from({ length: 1 + Math.floor(rng() * 3) }, () => randomRing(rng));
  if (kind === 2) return { type: 'Polygon', coordinates: polygon() };
  return { type: 'MultiPolygon', coordinates: Array.from({ length: 1 + Math.floor(rng() * 3) }, polygon) };
}

/** Well-known text with each double in its shortest exact decimal form (what PostGIS parses back exactly). */
function toWkt(geometry: StoredGeometry): string {
  const position = ([lng, lat]: LngLat) => `${lng} ${lat}`;
  const rings = (polygon: LngLat[][]) => `(${polygon.map((ring) => `(${ring.map(position).join(', ')})`).join(', ')})`;
  switch (geometry.type) {
    case 'Point':
      return `POINT(${position(geometry.coordinates)})`;
    case 'MultiPoint':
      return geometry.coordinates.length === 0
        ? 'MULTIPOINT EMPTY'
        : `MULTIPOINT(${geometry.coordinates.map((p) => `(${position(p)})`).join(', ')})`;
    case 'Polygon':
      return `POLYGON${rings(geometry.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON(${geometry.coordinates.map(rings).join(', ')})`;
  }
}

describe('EWKB', () => {
  it('round-trips seeded random geometries exactly', () => {
    const seed = 61;
    const rng = seededRng(seed);
    for (let trial = 0; trial < 500; trial++) {
      const geometry = randomGeometry(rng);
      assert.deepEqual(fromEwkbHex(toEwkbHex(geometry)), geometry, `seed ${seed}, trial ${trial}`);
    }
  });

  it('refuses a position that is not two numbers', () => {
    assert.throws(() => toEwkbHex({ type: 'Point', coordinates: [1] as unknown as LngLat }), /\[lng, lat\]/);
    assert.throws(() => fromEwkbHex('0102000000'), /not one the store writes|out of range/);
  });
});

const postgres = await testPostgres();
describe('EWKB against PostGIS', { skip: postgres.ok ? false : postgres.reason }, () => {
  if (!postgres.ok) return;
  const databases = new TestDatabases(postgres.server.adminUrl);
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
  });

  it('writes the bytes PostGIS writes for the same WKT, and reads its big-endian form', async () => {
    const database = await databases.migrated();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const seed = 62;
      const rng = seededRng(seed);
      for (let trial = 0; trial < 100; trial++) {
        const geometry = randomGeometry(rng);
        const wkt = toWkt(geometry);
        const { rows } = await client.query<{ ndr: string; xdr: string }>(
          `SELECT ST_AsHEXEWKB(g, 'NDR') AS ndr, ST_AsHEXEWKB(g, 'XDR') AS xdr FROM ST_GeomFromText($1, 4326) AS g`,
          [wkt],
        );
        const message = `seed ${seed}, trial ${trial}: ${wkt}`;
        assert.equal(toEwkbHex(geometry).toUpperCase(), rows[0]!.ndr, message);
        assert.deepEqual(fromEwkbHex(rows[0]!.xdr), geometry, message);
      }
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
