import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError, type Compound } from '@lifecircle/shared';
import { openSqliteStore } from '@lifecircle/store';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { runImport } from './run-import.js';

const compound = (name: string, streetId: number, residents: number, isEstimated: boolean): Omit<Compound, 'id'> => ({
  name,
  streetId,
  committeeId: null,
  circleId: null,
  location: [121.4, 31.24],
  outline: null,
  gates: [],
  households: null,
  residents,
  age0to14: null,
  age15to59: null,
  age60plus: isEstimated ? residents / 4 : null,
  isEstimated,
  source: 'test',
  externalId: name,
});

describe('runImport of street totals', () => {
  it('scales the estimated compounds of a named street to its census figure and leaves the rest alone', async () => {
    const store = await openSqliteStore(':memory:');
    const district = await store.insertDistrict({ code: null, name: '区', boundary: null });
    const a = await store.insertStreet({
      districtId: district.id,
      code: '310107005',
      name: '甲街道',
      kind: 'subdistrict',
      boundary: null,
    });
    const b = await store.insertStreet({ districtId: district.id, code: null, name: '乙镇', kind: 'town', boundary: null });
    await store.insertCompounds([
      compound('e1', a.id, 100, true),
      compound('e2', a.id, 300, true),
      compound('t', a.id, 200, false),
      compound('e3', b.id, 50, true),
    ]);
    const request = (text: string) => ({
      kind: 'street-totals' as const,
      bytes: new TextEncoder().encode(text),
      file: 'census.csv',
      format: 'csv' as const,
      crs: 'wgs84' as const,
      taxonomy: defaultTaxonomy(),
    });
    const context = { userId: null, requestId: null };

    // Broken files change nothing: an unknown street in row 3, a street named twice.
    for (const [text, row] of [
      ['街道,人口\n310107005,1000\n丙街道,5\n', 3],
      ['街道,人口\n甲街道,1000\n310107005,900\n', 3],
    ] as const) {
      await assert.rejects(
        runImport(store, request(text), context),
        (error) => isLifecircleError(error, 'IMPORT_ROW') && error.details.row === row,
      );
      assert.deepEqual(
        (await store.listCompounds()).map((c) => c.residents),
        [100, 300, 200, 50],
      );
    }

    // By hand: street 甲 holds 200 tabled residents, so its estimates share 1000 − 200 = 800 as 100 : 300 → 200 and 600.
    const report = await runImport(store, request('街道,人口\n310107005,1000\n'), context);
    assert.equal(report.numUpdated, 2);
    const after = await store.listCompounds();
    assert.deepEqual(
      after.map((c) => c.residents),
      [200, 600, 200, 50],
    );
    assert.deepEqual(
      after.map((c) => c.age60plus),
      [50, 150, null, 12.5],
    );
    await store.close();
  });
});
