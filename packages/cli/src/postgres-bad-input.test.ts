import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestDatabases, testPostgres } from '@lifecircle/store/testing';
import {
  fixtureToken,
  openPlatformApp,
  postgisFixtureStore,
  sqliteFixtureStore,
  type FixtureStore,
  type PlatformApp,
} from './testing/platform-app.js';

// Regression tests of the PostGIS fuzz run (issue 6, item 6): input that
// PostgreSQL refuses and SQLite took — a NUL character (SQLSTATE 22021), an
// id past 2^31-1 (22003) — came out of the PostGIS store as VALIDATION of
// field "unknown" with the raw SQLSTATE, or was stored by SQLite. Now the API
// refuses it before any store, as VALIDATION naming the field, on both.

const postgres = await testPostgres();
const databases = postgres.ok ? new TestDatabases(postgres.server.adminUrl) : undefined;
after(async () => {
  await databases?.dispose();
  if (postgres.ok) postgres.server.stop();
});

const stores: { fixtureStore: FixtureStore | null; skip: string | false }[] = [
  { fixtureStore: sqliteFixtureStore, skip: false },
  postgres.ok ? { fixtureStore: postgisFixtureStore(databases!), skip: false } : { fixtureStore: null, skip: postgres.reason },
];

for (const { fixtureStore, skip } of stores) {
  describe(`input PostgreSQL cannot hold, on ${fixtureStore?.name ?? 'PostGIS'}`, { skip }, () => {
    let fixture: PlatformApp;
    let token: string;
    before(async () => {
      fixture = await openPlatformApp({ loginPerMinute: 1e9, anonymousPostsPerHour: 1e9 }, fixtureStore!);
      token = await fixtureToken(fixture, 'commission');
    });
    after(async () => {
      await fixture.close();
    });

    /** Sends a request and asserts a 400 VALIDATION naming `field` that committed nothing. */
    async function assertRefused(
      request: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object; isSignedIn?: boolean },
      field: string,
    ): Promise<void> {
      const version = await fixture.watch.version();
      const response = await fixture.app.inject({
        method: request.method,
        url: request.url,
        headers: request.isSignedIn ? { authorization: `Bearer ${token}` } : {},
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const body = response.json() as { error: { code: string; details: { field?: string; reason?: string } } };
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(body.error.code, 'VALIDATION');
      assert.equal(body.error.details.field, field, response.body);
      // The API's own words (no raw SQLSTATE): the NUL refusal or the id's schema maximum.
      assert.match(String(body.error.details.reason), /NUL character|must be <= 2147483647/, response.body);
      assert.equal(await fixture.watch.version(), version, 'nothing committed');
    }

    it('refuses a NUL character in a JSON body with VALIDATION naming the field (a report message, a nested scenario name)', async () => {
      await assertRefused(
        { method: 'POST', url: '/api/reports', payload: { outletId: 1, kind: 'closed', message: 'a\u0000b' } },
        'message',
      );
      await assertRefused(
        { method: 'POST', url: '/api/planner/scenarios', payload: { name: '\u0000', edits: [] }, isSignedIn: true },
        'name',
      );
    });

    it('refuses a NUL character in a sign-in name with VALIDATION, not a failed sign-in of a user PostgreSQL cannot look up', async () => {
      await assertRefused(
        { method: 'POST', url: '/api/auth/login', payload: { username: 'fuzz\u0000', password: 'x' } },
        'username',
      );
    });

    it('refuses a NUL character in a query string (%00) with VALIDATION naming the parameter', async () => {
      await assertRefused({ method: 'GET', url: '/api/outlets?keyword=%00' }, 'keyword');
    });

    it('refuses an id past 2^31-1 in a path, a query and a body with VALIDATION naming it', async () => {
      await assertRefused({ method: 'GET', url: '/api/outlets/2147483648' }, 'id');
      await assertRefused({ method: 'GET', url: '/api/streets?districtId=2147483648' }, 'districtId');
      await assertRefused({ method: 'POST', url: '/api/reports', payload: { outletId: 2 ** 31, kind: 'closed' } }, 'outletId');
      const response = await fixture.app.inject({ method: 'GET', url: '/api/outlets/2147483647' });
      assert.equal(response.statusCode, 404, `the largest id is still looked up: ${response.body}`);
    });
  });
}
