import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fuzzParameters, JsonRaw, mutateBytes } from '@lifecircle/shared/testing';
import type { ImportKind, ImportReport, ImportRequest } from '../run-import.js';
import { lineCount } from './csv-writer.js';
import { byteMutation, garbageCell } from './garbage-inputs.js';
import {
  assertStoredRecordsValid,
  checkedImport,
  importRequest,
  openImportFixture,
  rotatingFixture,
  sqliteFixtureStore,
  type FixtureStore,
  type ImportFixture,
} from './import-fixture.js';
import { fileStyle, writeTable, xlsxSafe, type TableModel } from './table-files.js';

// The two table properties every importer of tables shares: one bad cell is
// reported at its row and column, and any garbage is imported whole or
// rejected whole. Each runs over a generated valid file of the importer.

export type TableFormat = 'csv' | 'xlsx' | 'geojson';

/** How to turn a generated file of one importer into a table and a request. */
export interface TableImporter<F> {
  kind: ImportKind;
  /** Generated valid files. */
  file: fc.Arbitrary<F>;
  format(file: F): TableFormat;
  table(file: F): TableModel;
  /** Request options besides kind, bytes, file and format (crs, personsPerM2, …). */
  options(file: F): Partial<ImportRequest>;
  /** Records the file's import works on, put into each fresh fixture of the valid-file property (street totals scale compounds). */
  prepare?(fixture: ImportFixture, file: F): Promise<void>;
}

/**
 * Generated valid files, each imported into a fresh fixture (prepared by the
 * importer): the import must be accepted, insert one record per row, and pass `check`, which compares
 * what was stored with what the test works out from the generated file.
 * Returns how many inputs ran.
 */
export async function runValidFileProperty<F>(
  importer: TableImporter<F>,
  check: (fixture: ImportFixture, file: F, report: ImportReport) => Promise<void>,
  numRuns: number,
  fixtureStore: FixtureStore = sqliteFixtureStore,
): Promise<number> {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(importer.file, fileStyle, async (file, style) => {
      count++;
      const fixture = await openImportFixture(fixtureStore);
      try {
        await importer.prepare?.(fixture, file);
        const format = importer.format(file);
        const table = importer.table(file);
        const { bytes } = await writeTable(table, format, style);
        const request = importRequest(importer.kind, `${importer.kind}.${format}`, bytes, { format, ...importer.options(file) });
        const outcome = await checkedImport(fixture, request);
        assert.ok(outcome.report, `accepted: ${outcome.error?.message}`);
        assert.equal(outcome.report.numRows, table.records.length);
        // Street totals insert nothing: they scale what is there.
        assert.equal(outcome.report.numInserted, importer.kind === 'street-totals' ? 0 : table.records.length);
        await check(fixture, file, outcome.report);
      } finally {
        await fixture.close();
      }
    }),
    fuzzParameters(numRuns),
  );
  return count;
}

/** A cell value to write in a format: XLSX cannot hold some characters, so they become a space there. */
function writable(format: TableFormat, value: string): string {
  return format === 'xlsx' && !xlsxSafe(value) ? ' ' : value;
}

/**
 * Breaks one cell of a valid file with a value its field must refuse and
 * checks the import fails with IMPORT_ROW at that row and column (as the
 * header writes it), writing nothing. `badValues` by field; `column` finds
 * the field's header in a file, or null where the field is not read (then the
 * case is skipped). Returns how many inputs ran.
 */
export async function runBadCellProperty<F>(
  importer: TableImporter<F>,
  badValues: Record<string, fc.Arbitrary<string>>,
  column: (file: F, field: string) => string | null,
  numRuns: number,
  fixtureStore: FixtureStore = sqliteFixtureStore,
): Promise<number> {
  let count = 0;
  const fixtures = rotatingFixture(50, fixtureStore);
  const bad = fc.constantFrom(...Object.keys(badValues)).chain((field) => badValues[field]!.map((value) => ({ field, value })));
  try {
    await fc.assert(
      fc.asyncProperty(importer.file, fileStyle, bad, fc.nat(), async (file, style, { field, value }, rowSeed) => {
        const table = importer.table(file);
        const header = column(file, field);
        fc.pre(header !== null);
        count++;
        const format = importer.format(file);
        const index = rowSeed % table.records.length;
        const at = table.header.indexOf(header!);
        assert.ok(at >= 0, `the file has a ${header} column`);
        table.records[index]!.cells[at] = writable(format, value);
        const { bytes, rows } = await writeTable(table, format, style);
        const request = importRequest(importer.kind, `${importer.kind}.${format}`, bytes, { format, ...importer.options(file) });
        const outcome = await checkedImport(await fixtures.get(), request, { row: rows[index]!, field: header!.trim() });
        assert.ok(outcome.error, `"${value}" in ${field} was accepted`);
      }),
      fuzzParameters(numRuns),
    );
  } finally {
    await fixtures.close();
  }
  return count;
}

/**
 * Garbage in a valid file: a few cells replaced by garbage values, a header
 * renamed, repeated or dropped, then the bytes cut, overwritten or spliced.
 * Whatever comes out is imported whole or rejected with a located registry
 * error that changed nothing (checkedImport), and what is stored stays valid.
 * On `fixtureStore` (SQLite unless given). Returns how many inputs ran.
 */
export async function runGarbageProperty<F>(
  importer: TableImporter<F>,
  numRuns: number,
  fixtureStore: FixtureStore = sqliteFixtureStore,
): Promise<number> {
  let count = 0;
  const fixtures = rotatingFixture(50, fixtureStore);
  const cellEdit = fc.record({ row: fc.nat(), column: fc.nat(), value: garbageCell });
  const headerEdit = fc.oneof(
    fc.constant({ kind: 'duplicate' as const }),
    fc.constant({ kind: 'drop' as const }),
    fc.record({ kind: fc.constant('rename' as const), value: garbageCell }),
  );
  try {
    await fc.assert(
      fc.asyncProperty(
        importer.file,
        fileStyle,
        fc.array(cellEdit, { maxLength: 4 }),
        fc.option(fc.tuple(headerEdit, fc.nat()), { nil: null }),
        fc.array(byteMutation, { maxLength: 3 }),
        async (file, style, cellEdits, header, mutations) => {
          count++;
          const format = importer.format(file);
          const table = importer.table(file);
          for (const edit of cellEdits) {
            const record = table.records[edit.row % table.records.length]!;
            record.cells[edit.column % record.cells.length] = writable(format, edit.value);
          }
          if (header !== null) {
            const [edit, at] = header;
            const column = at % table.header.length;
            if (edit.kind === 'duplicate') {
              table.header.push(table.header[column]!);
              for (const record of table.records) record.cells.push(record.cells[column]!);
            } else if (edit.kind === 'drop') {
              table.header.splice(column, 1);
              for (const record of table.records) record.cells.splice(column, 1);
            } else table.header[column] = writable(format, edit.value);
          }
          const written = await writeTable(table, format, style);
          const bytes = mutateBytes(written.bytes, mutations);
          const request = importRequest(importer.kind, `${importer.kind}.${format}`, bytes, {
            format,
            ...importer.options(file),
          });
          // Rows an error may name: the lines of a CSV file; the features of an unmutated GeoJSON file.
          const maxRow =
            format === 'csv'
              ? lineCount(bytes)
              : format === 'geojson' && mutations.length === 0
                ? table.records.length
                : undefined;
          const fixture = await fixtures.get();
          const outcome = await checkedImport(fixture, request, { maxRow });
          if (outcome.report !== undefined) await assertStoredRecordsValid(fixture.store);
        },
      ),
      fuzzParameters(numRuns),
    );
  } finally {
    await fixtures.close();
  }
  return count;
}

/**
 * GeoJSON files of the importer with one feature's geometry replaced by a
 * bad one (raw GeoJSON text): the import fails with IMPORT_ROW naming that
 * feature and 'geometry', and writes nothing. Returns how many inputs ran.
 */
export async function runBadGeometryProperty<F>(
  importer: TableImporter<F>,
  asGeoJson: (file: F) => F,
  geometries: readonly string[],
  numRuns: number,
): Promise<number> {
  let count = 0;
  const fixtures = rotatingFixture();
  try {
    await fc.assert(
      fc.asyncProperty(
        importer.file,
        fileStyle,
        fc.constantFrom(...geometries),
        fc.nat(),
        async (generated, style, geometry, rowSeed) => {
          count++;
          const file = asGeoJson(generated);
          const table = importer.table(file);
          const index = rowSeed % table.records.length;
          table.records[index]!.geometry = new JsonRaw(geometry);
          const { bytes, rows } = await writeTable(table, 'geojson', style);
          const request = importRequest(importer.kind, `${importer.kind}.geojson`, bytes, {
            format: 'geojson',
            ...importer.options(file),
          });
          const outcome = await checkedImport(await fixtures.get(), request, { row: rows[index]!, field: 'geometry' });
          assert.ok(outcome.error, `${geometry} was accepted`);
        },
      ),
      fuzzParameters(numRuns),
    );
  } finally {
    await fixtures.close();
  }
  return count;
}
