import { after, describe } from 'node:test';
import { TestDatabases, testPostgres } from '@lifecircle/store/testing';
import { postgisFixtureStore } from './testing/platform-app.js';
import { describeApiFuzz, POSTGIS_ROUTE_BUDGET } from './testing/api-fuzz.js';

// Property-based fuzzing of the HTTP API on a PostGIS database (testing/api-fuzz.ts says what is checked), with
// fewer inputs per route than on SQLite (POSTGIS_ROUTE_BUDGET) to keep `npm test` quick; FUZZ_RUNS scales both.
const postgres = await testPostgres();
if (!postgres.ok) {
  describe('the HTTP API on PostGIS', { skip: postgres.reason }, () => {});
} else {
  const databases = new TestDatabases(postgres.server.adminUrl);
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
  });
  describeApiFuzz(postgisFixtureStore(databases), POSTGIS_ROUTE_BUDGET);
}
