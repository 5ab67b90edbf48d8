import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INCOMPRESSIBLE_TEXT } from '@lifecircle/shared/testing';
import { MAX_EXTERNAL_ID_LENGTH } from './table-columns.js';
import {
  checkedImport,
  importRequest,
  openImportFixture,
  sqliteFixtureStore,
  type FixtureStore,
} from './testing/import-fixture.js';
import { postgisFixtures } from './testing/postgis-fixtures.js';

// Regression tests of the PostGIS fuzz run (issue 6, item 6): a NUL
// character in a GeoJSON property (`\u0000`) came out of the PostGIS store
// as VALIDATION of field "unknown" (SQLSTATE 22021) where SQLite stored it,
// and an external id of kilobytes that no compression shortens was past the
// btree index entry limit of compounds (source, external_id): SQLSTATE
// 54000, an INTERNAL error. Now both are IMPORT_ROW at the row and column,
// on both stores, and nothing is written.

const postgis = await postgisFixtures();
const stores: { fixtureStore: FixtureStore | null; skip: string | false }[] = [
  { fixtureStore: sqliteFixtureStore, skip: false },
  postgis,
];

const square =
  '{"type":"Polygon","coordinates":[[[121.401,31.201],[121.41,31.201],[121.41,31.21],[121.401,31.21],[121.401,31.201]]]}';
const encode = (text: string) => new TextEncoder().encode(text);

for (const { fixtureStore, skip } of stores) {
  describe(`import input PostgreSQL cannot hold, on ${fixtureStore?.name ?? 'PostGIS'}`, { skip }, () => {
    it('refuses a NUL character in a GeoJSON property with IMPORT_ROW naming the feature and property, writing nothing', async () => {
      const fixture = await openImportFixture(fixtureStore!);
      try {
        const boundaries = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"ok","level":"circle"},"geometry":${square}},{"type":"Feature","properties":{"name":"a\\u0000b","level":"circle"},"geometry":${square}}]}`;
        const request = importRequest('boundaries', 'b.geojson', encode(boundaries), { format: 'geojson' });
        const refused = await checkedImport(fixture, request, { row: 2, field: 'name' });
        assert.match(String(refused.error?.details.reason), /NUL/);
        const outlets = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"药房","category":"pharmacy","address":"\\u0000"},"geometry":{"type":"Point","coordinates":[121.405,31.205]}}]}`;
        const outletRequest = importRequest('outlets', 'o.geojson', encode(outlets), { format: 'geojson' });
        assert.ok((await checkedImport(fixture, outletRequest, { row: 1, field: 'address' })).error);
      } finally {
        await fixture.close();
      }
    });

    it(`refuses an external id past ${MAX_EXTERNAL_ID_LENGTH} characters (3,000 that do not compress) with IMPORT_ROW at its row, and takes one of ${MAX_EXTERNAL_ID_LENGTH}`, async () => {
      const fixture = await openImportFixture(fixtureStore!);
      try {
        const csv = (externalId: string) =>
          encode(`name,lng,lat,residents,external_id\n甲小区,121.405,31.205,100,a1\n乙小区,121.406,31.206,100,${externalId}\n`);
        const refused = await checkedImport(fixture, importRequest('compounds', 'c.csv', csv(INCOMPRESSIBLE_TEXT)), {
          row: 3,
          field: 'external_id',
        });
        assert.ok(refused.error);
        const longest = INCOMPRESSIBLE_TEXT.slice(0, MAX_EXTERNAL_ID_LENGTH);
        const accepted = await checkedImport(fixture, importRequest('compounds', 'c.csv', csv(longest)));
        assert.equal(accepted.report?.numInserted, 2, accepted.error?.message);
        assert.deepEqual(
          (await fixture.store.listCompounds()).map((compound) => compound.externalId).sort(),
          ['a1', longest].sort(),
        );
      } finally {
        await fixture.close();
      }
    });
  });
}
