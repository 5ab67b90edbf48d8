import { after } from 'node:test';
import { TestDatabases, testPostgres } from '@lifecircle/store/testing';
import { postgisFixtureStore, type FixtureStore } from './import-fixture.js';

/**
 * The importer fuzz tests' PostGIS fixtures for one test file: fixtureStore on
 * the test server (scripts/run-tests.mjs starts one; see testPostgres), or,
 * without one, the reason the PostGIS tests skip. Drops its template database
 * after the file's tests.
 */
export async function postgisFixtures(): Promise<
  { fixtureStore: FixtureStore; skip: false } | { fixtureStore: null; skip: string }
> {
  const postgres = await testPostgres();
  if (!postgres.ok) return { fixtureStore: null, skip: postgres.reason };
  const databases = new TestDatabases(postgres.server.adminUrl);
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
  });
  return { fixtureStore: postgisFixtureStore(databases), skip: false };
}

/**
 * Inputs of each importer's garbage property on PostGIS in a default run (FUZZ_RUNS scales it): a fresh
 * database per 50 imports and a digest of every table before and after each keep it slower than on SQLite.
 */
export const POSTGIS_GARBAGE_RUNS = 100;
