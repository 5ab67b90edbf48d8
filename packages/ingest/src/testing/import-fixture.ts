import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { LifecircleError, type AreaGeometry, type Street } from '@lifecircle/shared';
import { openPostgisStore, openSqliteStore, type Store } from '@lifecircle/store';
import {
  changedTables,
  sqliteStoreWatch,
  watchPostgres,
  type DatabaseDigest,
  type StoreWatch,
  type TestDatabases,
} from '@lifecircle/store/testing';
import { unfilledPlaceholders } from '@lifecircle/shared/testing';
import { runImport, type ImportKind, type ImportReport, type ImportRequest } from '../run-import.js';

// The fixture of the importer fuzz tests (*.fuzz.test.ts in this package):
// a real store (a SQLite file, or a PostGIS database), and the checks every
// import must pass.

/** Streets of the fuzz district: A and B side by side, 0.015° wide, over lat 31.20–31.215. */
export const FUZZ_STREETS = [
  { name: '甲街道', code: '310107001', west: 121.4, south: 31.2, size: 0.015 },
  { name: '乙街道', code: '310107002', west: 121.415, south: 31.2, size: 0.015 },
] as const;

/** A square of `size` degrees with its south-west corner at (west, south). */
export function squareArea(west: number, south: number, size: number): AreaGeometry {
  const ring: [number, number][] = [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

/** The index in FUZZ_STREETS of the street whose square holds the point strictly inside, or -1. */
export function fuzzStreetAt(lng: number, lat: number): number {
  return FUZZ_STREETS.findIndex(
    (street) => lng > street.west && lng < street.west + street.size && lat > street.south && lat < street.south + street.size,
  );
}

/** A store with one district and the fuzz streets; `digest()` reads the database apart from the store's connections. */
export interface ImportFixture {
  store: Store;
  /** Which store: 'SQLite' or 'PostGIS'. */
  storeName: string;
  streets: Street[];
  digest(): Promise<DatabaseDigest>;
  /** Changes whenever the store commits a write (see watchDatabase, watchPostgres). */
  version(): Promise<number>;
  close(): Promise<void>;
}

/** Where fixtures keep their data: a fresh empty store, its watch, and how to remove both. */
export interface FixtureStore {
  name: string;
  open(): Promise<{ store: Store; watch(): Promise<StoreWatch>; remove(): Promise<void> }>;
}

/** A SQLite file in a temporary folder (removed with the fixture). */
export const sqliteFixtureStore: FixtureStore = {
  name: 'SQLite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-import-fuzz-'));
    const path = join(dir, 'fuzz.db');
    return {
      store: await openSqliteStore(path),
      watch: async () => sqliteStoreWatch(path),
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** A fresh migrated database on the test server of `databases` (dropped with the fixture). */
export function postgisFixtureStore(databases: TestDatabases): FixtureStore {
  return {
    name: 'PostGIS',
    async open() {
      const database = await databases.migrated();
      return {
        store: await openPostgisStore(database.url),
        watch: () => watchPostgres(database.url),
        remove: () => database.drop(),
      };
    },
  };
}

/** Opens a fresh fixture on `fixtureStore` (removed by close). */
export async function openImportFixture(fixtureStore: FixtureStore = sqliteFixtureStore): Promise<ImportFixture> {
  const { store, watch: startWatch, remove } = await fixtureStore.open();
  const district = await store.insertDistrict({ code: '310107', name: '测试区', boundary: squareArea(121.4, 31.2, 0.03) });
  const streets: Street[] = [];
  for (const street of FUZZ_STREETS) {
    streets.push(
      await store.insertStreet({
        districtId: district.id,
        code: street.code,
        name: street.name,
        kind: 'subdistrict',
        boundary: squareArea(street.west, street.south, street.size),
      }),
    );
  }
  const watch = await startWatch();
  return {
    store,
    storeName: fixtureStore.name,
    streets,
    digest: () => watch.digest(),
    version: () => watch.version(),
    close: async () => {
      await watch.close();
      await store.close();
      await remove();
    },
  };
}

/**
 * One fixture for many imports, replaced by a fresh one after `runsPerFixture`
 * uses: accepted imports make a shared store grow, and with it the cost of
 * every digest.
 */
export function rotatingFixture(
  runsPerFixture = 50,
  fixtureStore: FixtureStore = sqliteFixtureStore,
): { get(): Promise<ImportFixture>; close(): Promise<void> } {
  let current: ImportFixture | null = null;
  let uses = 0;
  return {
    async get() {
      if (current === null || uses >= runsPerFixture) {
        await current?.close();
        current = await openImportFixture(fixtureStore);
        uses = 0;
      }
      uses++;
      return current;
    },
    async close() {
      await current?.close();
      current = null;
    },
  };
}

export const taxonomy = defaultTaxonomy();
const context = { userId: null, requestId: 'fuzz' };

/** An import request with the defaults of the fuzz tests. */
export function importRequest(
  kind: ImportKind,
  file: string,
  bytes: Uint8Array,
  rest: Partial<ImportRequest> = {},
): ImportRequest {
  return { kind, file, bytes, format: 'csv', crs: 'wgs84', taxonomy, ...rest };
}

/** The tables an accepted import of each kind may change. */
const WRITABLE: Record<ImportKind, readonly string[]> = {
  // outlet_rtree is the spatial index of outlets, outlet_search their keyword index (virtual tables and their shadow tables).
  outlets: [
    'outlets',
    'outlet_categories',
    'outlet_rtree',
    'outlet_rtree_node',
    'outlet_rtree_parent',
    'outlet_rtree_rowid',
    'outlet_search',
    'outlet_search_data',
    'outlet_search_idx',
    'outlet_search_docsize',
    'outlet_search_config',
  ],
  compounds: ['compounds'],
  boundaries: ['districts', 'streets', 'circles', 'circle_streets'],
  'street-totals': ['compounds'],
};

/** Where a rejection must point, as far as the test knows it. */
export interface RejectionExpectation {
  /** The highest row number the file has (lines of a CSV, features of a GeoJSON file); rows above it are wrong. */
  maxRow?: number;
  /** The exact row and field, when the test broke one cell on purpose. */
  row?: number;
  field?: string;
}

/**
 * Checks an error an import threw: a LifecircleError of the import codes
 * naming the file, and, for a row problem, a row ≥ 1 (≤ maxRow) and a field;
 * its messages in both languages have every placeholder filled.
 */
export function assertImportError(error: unknown, request: ImportRequest, expected: RejectionExpectation = {}): LifecircleError {
  if (!(error instanceof LifecircleError)) throw error;
  assert.ok(['IMPORT_ROW', 'UNSUPPORTED_FORMAT'].includes(error.code), `unexpected code ${error.code}: ${error.message}`);
  assert.equal(error.details.file, request.file);
  assert.deepEqual(unfilledPlaceholders(error.code, error.details), [], 'every placeholder of the message is filled');
  if (error.code === 'IMPORT_ROW') {
    const row = error.details.row as number;
    assert.ok(Number.isInteger(row) && row >= 1, `row ${row} is a row number`);
    if (expected.maxRow !== undefined) assert.ok(row <= expected.maxRow, `row ${row} is within the file's ${expected.maxRow}`);
    assert.ok(typeof error.details.field === 'string' && error.details.field !== '', 'the error names a field');
    assert.ok(String(error.details.reason).length > 0);
  } else {
    assert.ok(String(error.details.reason).length > 0);
  }
  if (expected.row !== undefined) {
    assert.equal(error.code, 'IMPORT_ROW', error.message);
    assert.equal(error.details.row, expected.row, error.message);
  }
  if (expected.field !== undefined) assert.equal(error.details.field, expected.field, error.message);
  return error;
}

/** What one import did: its report, or the error it was rejected with. */
export type ImportOutcome = { report: ImportReport; error?: undefined } | { error: LifecircleError; report?: undefined };

/**
 * Runs one import against the fixture and checks the all-or-nothing rule on
 * the database: a rejected import (a registry error, see
 * assertImportError) commits no write and leaves every table unchanged
 * (SQLite's autoincrement counters included; PostgreSQL's sequences never
 * roll back, and are no table); an accepted one adds exactly one audit entry and touches only
 * the tables of its kind.
 */
export async function checkedImport(
  fixture: ImportFixture,
  request: ImportRequest,
  expected: RejectionExpectation = {},
): Promise<ImportOutcome> {
  const version = await fixture.version();
  const before = await fixture.digest();
  let report: ImportReport;
  try {
    report = await runImport(fixture.store, request, context);
  } catch (error) {
    const known = assertImportError(error, request, expected);
    // Not a single commit, let alone a changed row.
    assert.equal(await fixture.version(), version, `a rejected import committed (${known.message})`);
    assert.deepEqual(changedTables(before, await fixture.digest()), [], `a rejected import changed nothing (${known.message})`);
    return { error: known };
  }
  const after = await fixture.digest();
  assert.equal(after.audit_log!.numRows, before.audit_log!.numRows + 1, 'one audit entry per import');
  const allowed = new Set([...WRITABLE[request.kind], 'audit_log', 'sqlite_sequence']);
  for (const table of changedTables(before, after)) assert.ok(allowed.has(table), `an ${request.kind} import changed ${table}`);
  assert.ok(report.numInserted >= 0 && report.numUpdated >= 0);
  // A row inserts or updates one record at most (street totals update compounds, however many a street has).
  if (request.kind !== 'street-totals') assert.ok(report.numInserted + report.numUpdated <= report.numRows);
  return { report };
}

/** Asserts one stored record per generated row, in file order, and checks each against its row (labelled `row N`). */
export function assertRowByRow<R, M>(
  stored: readonly R[],
  rows: readonly M[],
  check: (record: R, row: M, label: string) => void,
): void {
  assert.equal(stored.length, rows.length, 'one record per row');
  stored.forEach((record, index) => check(record, rows[index]!, `row ${index + 1}`));
}

/** Asserts a stored record has the expected value in every field `expected` names (others are checked apart). */
export function assertFields(record: object, expected: Record<string, unknown>, message: string): void {
  const actual = Object.fromEntries(Object.keys(expected).map((key) => [key, (record as Record<string, unknown>)[key]]));
  assert.deepEqual(actual, expected, message);
}

/** Asserts every stored outlet and compound has a finite position in range and a name. */
export async function assertStoredRecordsValid(store: Store): Promise<void> {
  const inRange = ([lng, lat]: readonly [number, number]) =>
    Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90;
  for (const outlet of await store.listOutlets()) {
    assert.ok(inRange(outlet.location), `outlet ${outlet.id} at ${JSON.stringify(outlet.location)}`);
    assert.ok(outlet.name.trim() !== '' && outlet.categoryIds.length > 0);
  }
  for (const compound of await store.listCompounds()) {
    assert.ok(inRange(compound.location), `compound ${compound.id} at ${JSON.stringify(compound.location)}`);
    assert.ok(Number.isInteger(compound.residents) && compound.residents >= 0, `compound ${compound.id} residents`);
  }
}
