import { after, describe } from 'node:test';
import { describeStore } from '../testing/describe-store.js';
import { TestDatabases } from '../testing/postgres-databases.js';
import { testPostgres } from '../testing/test-postgres.js';

const postgres = await testPostgres();
if (postgres.ok) {
  const databases = new TestDatabases(postgres.server.adminUrl);
  after(async () => {
    await databases.dispose();
    postgres.server.stop();
  });
  describeStore('postgis', () => databases.store());
} else {
  describe('Store conformance: postgis', { skip: postgres.reason }, () => {});
}
