// Regressions from the second reading of issue 3 (platform core): each test keeps the input that broke.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CSRF_HEADER } from './auth/guard.js';
import { loginToken, tinyApp, TINY_PASSWORD, TINY_USERS } from './testing/index.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('issue 3 review', () => {
  test('a JSON null or "Infinity" longitude is refused, never stored as 0 or Infinity', async () => {
    const { app, store } = await tinyApp();
    for (const lng of [null, 'Infinity', '1e999']) {
      const response = await app.inject({ method: 'POST', url: '/api/requests', payload: { need: '修伞', lng, lat: 31.205 } });
      assert.equal(response.statusCode, 400, `${String(lng)}: ${response.body}`);
      assert.equal((response.json() as { error: { details: { field: string } } }).error.details.field, 'lng');
    }
    assert.deepEqual(await store.listServiceRequests(), []);
    assert.equal((await app.inject({ url: '/api/outlets/nearby?lng=Infinity&lat=31.2' })).statusCode, 400);
    assert.equal((await app.inject({ url: '/api/outlets?offset=1e300' })).statusCode, 400);
  });

  test('a merchant renaming or moving an approved outlet sends it back to review; new hours stay live', async () => {
    const { app, store, seed } = await tinyApp();
    const m2 = bearer(await loginToken(app, TINY_USERS.m2));
    const id = seed.outlets.activeM2;
    const hours = await app.inject({
      method: 'PATCH',
      url: `/api/merchant/outlets/${id}`,
      headers: m2,
      payload: { openingHours: 'Mo-Su 07:00-21:00' },
    });
    assert.equal(hours.statusCode, 200, hours.body);
    assert.equal((await store.getOutlet(id))!.status, 'active');
    const moved = await app.inject({
      method: 'PATCH',
      url: `/api/merchant/outlets/${id}`,
      headers: m2,
      payload: { lng: 121.405, lat: 31.205 },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    const after = (await store.getOutlet(id))!;
    assert.equal(after.status, 'pending');
    assert.equal(after.streetId, seed.streetA, 'it now waits for the office of the street it moved into');
    assert.equal((await app.inject({ url: `/api/outlets/${id}` })).statusCode, 404);
  });

  test('the commission moving an outlet gives it the street it now lies in', async () => {
    const { app, store, seed } = await tinyApp();
    const admin = bearer(await loginToken(app, TINY_USERS.commission));
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/admin/outlets/${seed.outlets.pendingM2}`,
      headers: admin,
      payload: { lng: 121.405, lat: 31.205 },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await store.getOutlet(seed.outlets.pendingM2))!.streetId, seed.streetA);
  });

  test('changing a password ends the other sessions and refuses the old password as the new one', async () => {
    const { app } = await tinyApp();
    const first = bearer(await loginToken(app, TINY_USERS.officeA));
    const second = bearer(await loginToken(app, TINY_USERS.officeA));
    const same = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: first,
      payload: { oldPassword: TINY_PASSWORD, newPassword: TINY_PASSWORD },
    });
    assert.equal(same.statusCode, 400);
    assert.equal((same.json() as { error: { code: string } }).error.code, 'WEAK_PASSWORD');
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: first,
      payload: { oldPassword: TINY_PASSWORD, newPassword: 'another9Password' },
    });
    assert.equal(changed.statusCode, 204, changed.body);
    assert.equal(
      (await app.inject({ url: '/api/auth/me', headers: first })).statusCode,
      200,
      'the session that changed it stays',
    );
    assert.equal((await app.inject({ url: '/api/auth/me', headers: second })).statusCode, 401, 'the other one ends');
  });

  test('signing in with a stale cookie needs no CSRF header', async () => {
    const { app } = await tinyApp();
    const token = await loginToken(app, TINY_USERS.officeA);
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      cookies: { lc_session: token },
      payload: { username: TINY_USERS.officeB, password: TINY_PASSWORD },
    });
    assert.equal(response.statusCode, 200, response.body);
    const change = await app.inject({
      method: 'POST',
      url: '/api/requests',
      cookies: { lc_session: token },
      payload: { need: 'x', lng: 121.4, lat: 31.2 },
    });
    assert.equal(change.statusCode, 403, 'other cookie-authenticated changes still need it');
    const withHeader = await app.inject({
      method: 'POST',
      url: '/api/requests',
      cookies: { lc_session: token },
      headers: { [CSRF_HEADER]: '1' },
      payload: { need: 'x', lng: 121.4, lat: 31.2 },
    });
    assert.equal(withHeader.statusCode, 201);
  });

  test('openAt refuses days and seconds that do not exist instead of rolling them over', async () => {
    const { app } = await tinyApp();
    for (const at of ['2026-02-30T07:00Z', '2026-02-28T07:00:99', '2026-13-01T07:00']) {
      assert.equal((await app.inject({ url: `/api/outlets?openAt=${at}` })).statusCode, 400, at);
    }
    assert.equal((await app.inject({ url: '/api/outlets?openAt=2026-02-28T07:00' })).statusCode, 200);
  });
});
