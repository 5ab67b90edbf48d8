import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Compound } from '@lifecircle/shared';
import { fuzzTally } from '@lifecircle/shared/testing';
import { FUZZ_STREETS } from './testing/import-fixture.js';
import { headerAlias, type TableModel } from './testing/table-files.js';
import {
  runBadCellProperty,
  runGarbageProperty,
  runValidFileProperty,
  type TableFormat,
  type TableImporter,
} from './testing/table-properties.js';
import { postgisFixtures, POSTGIS_GARBAGE_RUNS } from './testing/postgis-fixtures.js';

// Property-based fuzzing of street-total imports (runImport kind
// 'street-totals', CSV and XLSX): census residents per street scale the
// estimated compounds of the street, checked by the totals' invariants.

/** A compound put into the fixture before the import: its street (index into FUZZ_STREETS, or none), residents and bands. */
interface SeedCompound {
  street: number | null;
  residents: number;
  isEstimated: boolean;
  age60plus: number | null;
  age0to14: number | null;
}

interface TotalsFile {
  compounds: SeedCompound[];
  /** Rows: a street (by name or code) and its residents as the cell writes them. */
  rows: { street: number; by: 'name' | 'code'; residents: number; cell: 'plain' | 'thousands' | 'number' }[];
  aliases: { street: string; residents: string };
  format: TableFormat;
}

const seedCompound: fc.Arbitrary<SeedCompound> = fc
  .record({
    street: fc.option(fc.nat({ max: FUZZ_STREETS.length - 1 }), { nil: null }),
    residents: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20_000 })),
    isEstimated: fc.boolean(),
    old: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    young: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  })
  .map(({ old, young, ...rest }) => ({
    ...rest,
    age60plus: old === null ? null : Math.floor(old * rest.residents),
    age0to14: young === null ? null : Math.floor(young * rest.residents),
  }));

const totalsFile: fc.Arbitrary<TotalsFile> = fc.record({
  compounds: fc.array(seedCompound, { maxLength: 12 }),
  rows: fc.uniqueArray(
    fc.record({
      street: fc.nat({ max: FUZZ_STREETS.length - 1 }),
      by: fc.constantFrom('name' as const, 'code' as const),
      residents: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000_000 })),
      cell: fc.constantFrom('plain' as const, 'thousands' as const, 'number' as const),
    }),
    { minLength: 1, maxLength: FUZZ_STREETS.length, selector: (row) => row.street },
  ),
  aliases: fc.record({
    street: headerAlias(['street', '街道', 'street_code', '街道代码']),
    residents: headerAlias(['residents', 'population', '人口', '常住人口']),
  }),
  // XLSX round trips cost ten times a CSV's: fewer of them.
  format: fc.constantFrom<TableFormat>('csv', 'csv', 'csv', 'csv', 'xlsx'),
});

function totalsTable(file: TotalsFile): TableModel {
  return {
    header: [file.aliases.street, file.aliases.residents, '备注'],
    records: file.rows.map((row) => ({
      cells: [
        FUZZ_STREETS[row.street]![row.by],
        row.cell === 'thousands'
          ? row.residents.toLocaleString('en-US')
          : row.cell === 'number' && file.format === 'xlsx'
            ? row.residents
            : String(row.residents),
        '普查',
      ],
    })),
  };
}

const totalsImporter: TableImporter<TotalsFile> = {
  kind: 'street-totals',
  file: totalsFile,
  format: (file) => file.format,
  table: totalsTable,
  options: () => ({}),
  prepare: async (fixture, file) => {
    if (file.compounds.length === 0) return;
    await fixture.store.insertCompounds(
      file.compounds.map((c, index): Omit<Compound, 'id'> => ({
        name: `小区${index}`,
        streetId: c.street === null ? null : fixture.streets[c.street]!.id,
        committeeId: null,
        circleId: null,
        location: [121.41, 31.21],
        outline: null,
        gates: [],
        households: null,
        residents: c.residents,
        age0to14: c.age0to14,
        age15to59: null,
        age60plus: c.age60plus,
        isEstimated: c.isEstimated,
        source: 'fuzz',
        externalId: null,
      })),
    );
  },
};

test('a generated valid street-total file makes each named street sum to its figure, scaling only its estimated compounds', async (t) => {
  const count = await runValidFileProperty(
    totalsImporter,
    async (fixture, file, report) => {
      const after = await fixture.store.listCompounds();
      assert.equal(after.length, file.compounds.length);
      const totals = new Map(file.rows.map((row) => [row.street, row.residents]));
      let numChanged = 0;
      for (let s = 0; s < FUZZ_STREETS.length; s++) {
        const members = file.compounds.map((c, index) => ({ c, index })).filter(({ c }) => c.street === s);
        const estimated = members.filter(({ c }) => c.isEstimated);
        const total = totals.get(s);
        if (total === undefined || estimated.length === 0) continue;
        const tabled = members.filter(({ c }) => !c.isEstimated).reduce((sum, { c }) => sum + c.residents, 0);
        const target = Math.max(0, total - tabled);
        const estimateSum = estimated.reduce((sum, { c }) => sum + c.residents, 0);
        // The estimated compounds share the rest exactly, each within one person of its proportional share.
        assert.equal(
          estimated.reduce((sum, { index }) => sum + after[index]!.residents, 0),
          target,
          `street ${s}`,
        );
        for (const { c, index } of estimated) {
          const share = estimateSum > 0 ? (c.residents / estimateSum) * target : target / estimated.length;
          const scaled = after[index]!;
          assert.ok(Math.abs(scaled.residents - share) < 1, `compound ${index}: ${scaled.residents} for a share of ${share}`);
          const factor = c.residents > 0 ? scaled.residents / c.residents : 0;
          assert.equal(scaled.age60plus, c.age60plus === null ? null : Math.round(c.age60plus * factor));
          assert.equal(scaled.age0to14, c.age0to14 === null ? null : Math.round(c.age0to14 * factor));
          if (scaled.residents !== c.residents || scaled.age60plus !== c.age60plus || scaled.age0to14 !== c.age0to14)
            numChanged++;
        }
      }
      // Everything else is as it was: tabled compounds, streets without a figure, compounds without a street.
      file.compounds.forEach((c, index) => {
        const isScaled = c.isEstimated && c.street !== null && totals.has(c.street);
        if (!isScaled) assert.equal(after[index]!.residents, c.residents, `compound ${index} unchanged`);
      });
      assert.equal(report.numUpdated, numChanged);
    },
    150,
  );
  t.diagnostic(fuzzTally('import street totals: valid files', count));
});

const BAD_VALUES: Record<string, fc.Arbitrary<string>> = {
  street: fc.constantFrom('', '不存在街道', '310107', '甲', '310107003', ' '),
  residents: fc.constantFrom('', 'NaN', '-1', '1e999', '0x10', '10000001', '1.2.3', '１００', 'Infinity'),
};

test('one bad cell of a street-total file fails with IMPORT_ROW naming its row and column, and writes nothing', async (t) => {
  const count = await runBadCellProperty(
    totalsImporter,
    BAD_VALUES,
    (file, field) => file.aliases[field as 'street' | 'residents'],
    200,
  );
  t.diagnostic(fuzzTally('import street totals: bad cells', count));
});

test('any garbage in a street-total file is imported whole or rejected with a located error, never half', async (t) => {
  t.diagnostic(fuzzTally('import street totals: garbage files', await runGarbageProperty(totalsImporter, 300)));
});

const postgis = await postgisFixtures();

test(
  'on PostGIS, any garbage in a street-total file is imported whole or rejected with a located error, never half',
  { skip: postgis.skip },
  async (t) => {
    const count = await runGarbageProperty(totalsImporter, POSTGIS_GARBAGE_RUNS, postgis.fixtureStore!);
    t.diagnostic(fuzzTally('import street totals on PostGIS: garbage files', count));
  },
);
