import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '@lifecircle/store';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CSRF_HEADER } from './auth/guard.js';
import { StraightLineTestRouter } from './testing/straight-line-router.js';
import { loginToken, TINY_PASSWORD, TINY_USERS, tinyApp, type TinySeed } from './testing/seed-tiny.js';

interface ErrorJson {
  error: { code: string; message: string; details: Record<string, string | number>; requestId: string };
}
const errorOf = (response: LightMyRequestResponse) => (response.json() as ErrorJson).error;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// Building an app compiles every schema (about half a second), so most tests share one.
let app: FastifyInstance;
let store: Store;
let seed: TinySeed;
const tokens: Record<keyof typeof TINY_USERS, string> = { commission: '', officeA: '', officeB: '', m1: '', m2: '' };

before(async () => {
  // The shared app signs in often; the login limit has its own test.
  ({ app, store, seed } = await tinyApp({ config: { loginPerMinute: 1000 } }));
  for (const key of Object.keys(TINY_USERS) as (keyof typeof TINY_USERS)[]) tokens[key] = await loginToken(app, TINY_USERS[key]);
});
after(async () => {
  await app.close();
  await store.close();
});

describe('errors and validation', () => {
  test('a bad bbox is VALIDATION naming bbox, in the registry shape, in Chinese by default', async () => {
    const response = await app.inject({ url: '/api/outlets?bbox=121.5,31.2,121.4,31.3' });
    assert.equal(response.statusCode, 400);
    const error = errorOf(response);
    assert.deepEqual(Object.keys(response.json() as object), ['error']);
    assert.equal(error.code, 'VALIDATION');
    assert.equal(error.details.field, 'bbox');
    assert.match(error.message, /请求参数 bbox 无效/);
    assert.equal(error.requestId, response.headers['x-request-id']);
  });

  test('?lang=en and Accept-Language: en give English messages', async () => {
    const byQuery = errorOf(await app.inject({ url: '/api/outlets?bbox=x&lang=en' }));
    assert.match(byQuery.message, /^invalid request field bbox/);
    const byHeader = errorOf(await app.inject({ url: '/api/outlets?bbox=x', headers: { 'accept-language': 'en-GB,en;q=0.9' } }));
    assert.match(byHeader.message, /^invalid request field bbox/);
  });

  test('lng out of range, an unknown category and a missing field each name their field', async () => {
    const lng = await app.inject({ url: '/api/outlets/nearby?lng=181&lat=31.2' });
    assert.deepEqual([lng.statusCode, errorOf(lng).code, errorOf(lng).details.field], [400, 'VALIDATION', 'lng']);
    const category = await app.inject({ url: '/api/outlets?category=casino' });
    assert.deepEqual([category.statusCode, errorOf(category).details.field], [400, 'category']);
    const missing = await app.inject({ method: 'POST', url: '/api/requests', payload: { lng: 121.4, lat: 31.2 } });
    assert.deepEqual([missing.statusCode, errorOf(missing).code, errorOf(missing).details.field], [400, 'VALIDATION', 'need']);
    const nested = await app.inject({
      method: 'POST',
      url: '/api/merchant/outlets',
      headers: bearer(tokens.m1),
      payload: { name: '店', categoryIds: ['bakery_cake', 'casino'], lng: 121.405, lat: 31.205 },
    });
    assert.deepEqual([nested.statusCode, errorOf(nested).details.field], [400, 'categoryIds.1']);
  });

  test('unparsable opening hours are VALIDATION on openingHours', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/merchant/outlets',
      headers: bearer(tokens.m1),
      payload: { name: '店', categoryIds: ['bakery_cake'], lng: 121.405, lat: 31.205, openingHours: 'whenever we feel like it' },
    });
    assert.deepEqual(
      [response.statusCode, errorOf(response).code, errorOf(response).details.field],
      [400, 'VALIDATION', 'openingHours'],
    );
  });

  test('unknown routes are NOT_FOUND in the same shape; malformed JSON is VALIDATION', async () => {
    const missing = await app.inject({ url: '/api/nowhere' });
    assert.deepEqual([missing.statusCode, errorOf(missing).code], [404, 'NOT_FOUND']);
    const broken = await app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { 'content-type': 'application/json' },
      payload: '{"need":',
    });
    assert.deepEqual([broken.statusCode, errorOf(broken).code], [400, 'VALIDATION']);
  });

  test('a plain incoming x-request-id is kept and a hostile one replaced', async () => {
    const kept = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(kept.headers['x-request-id'], 'abc-123');
    const replaced = await app.inject({ url: '/api/nowhere', headers: { 'x-request-id': 'evil\u001b[31m id' } });
    assert.notEqual(replaced.headers['x-request-id'], 'evil\u001b[31m id');
    assert.equal(errorOf(replaced).requestId, replaced.headers['x-request-id']);
  });

  test('nearby without a network is NO_NETWORK (503)', async () => {
    const response = await app.inject({ url: '/api/outlets/nearby?lng=121.405&lat=31.205' });
    assert.deepEqual([response.statusCode, errorOf(response).code], [503, 'NO_NETWORK']);
  });
});

describe('sign-in and sessions', () => {
  test('a wrong password is LOGIN_FAILED and is audited', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: TINY_USERS.officeA, password: 'wrongPassword1' },
    });
    assert.deepEqual([response.statusCode, errorOf(response).code], [401, 'LOGIN_FAILED']);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'wrongPassword1' },
    });
    assert.equal(errorOf(unknown).code, 'LOGIN_FAILED');
    const failures = (await store.listAudit({ limit: 50 })).filter((entry) => entry.action === 'login.failure');
    assert.ok(failures.some((entry) => entry.userId === seed.users.officeA));
  });

  test('login sets an HttpOnly SameSite=Strict session cookie and returns no password hash', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: TINY_USERS.officeB, password: TINY_PASSWORD },
    });
    assert.equal(response.statusCode, 200);
    const header = String(response.headers['set-cookie']);
    assert.match(header, /^lc_session=[A-Za-z0-9_-]{43};/);
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Strict/);
    assert.match(header, /Path=\//);
    assert.match(header, /Max-Age=28800/);
    assert.doesNotMatch(header, /Secure/);
    assert.doesNotMatch(response.body, /passwordHash|scrypt/);
  });

  test('a cookie-authenticated change needs the CSRF header; a bearer one does not', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: TINY_USERS.m1, password: TINY_PASSWORD },
    });
    const token = (login.json() as { token: string }).token;
    const payload = { name: '饼店', categoryIds: ['bakery_cake'], lng: 121.405, lat: 31.205 };
    const noHeader = await app.inject({ method: 'POST', url: '/api/merchant/outlets', cookies: { lc_session: token }, payload });
    assert.deepEqual([noHeader.statusCode, errorOf(noHeader).code], [403, 'FORBIDDEN']);
    const withHeader = await app.inject({
      method: 'POST',
      url: '/api/merchant/outlets',
      cookies: { lc_session: token },
      headers: { [CSRF_HEADER]: '1' },
      payload,
    });
    assert.equal(withHeader.statusCode, 201);
    const viaBearer = await app.inject({ method: 'POST', url: '/api/merchant/outlets', headers: bearer(token), payload });
    assert.equal(viaBearer.statusCode, 201);
    const read = await app.inject({ url: '/api/auth/me', cookies: { lc_session: token } });
    assert.equal(read.statusCode, 200, 'reads need no CSRF header');
  });

  test('logout ends the session', async () => {
    const token = await loginToken(app, TINY_USERS.officeB);
    assert.equal((await app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode, 200);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /lc_session=;/);
    assert.equal((await app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode, 401);
  });

  test('a session expires after the configured lifetime (clock from deps.now)', async () => {
    let clock = new Date('2026-11-27T01:00:00Z');
    const { app: timed, store: timedStore } = await tinyApp({ now: () => clock, config: { sessionTtlS: 3600 } });
    const token = await loginToken(timed, TINY_USERS.officeA);
    clock = new Date('2026-11-27T01:59:59Z');
    assert.equal((await timed.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode, 200);
    clock = new Date('2026-11-27T02:00:01Z');
    const expired = await timed.inject({ url: '/api/auth/me', headers: bearer(token) });
    assert.deepEqual([expired.statusCode, errorOf(expired).code], [401, 'UNAUTHENTICATED']);
    await timed.close();
    await timedStore.close();
  });

  test('login is rate limited: RATE_LIMITED with retry-after once the count is spent', async () => {
    const { app: limited, store: limitedStore } = await tinyApp({ config: { loginPerMinute: 3 } });
    const attempt = () =>
      limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrongPassword1' } });
    for (let i = 0; i < 3; i++) assert.equal((await attempt()).statusCode, 401);
    const blocked = await attempt();
    assert.deepEqual([blocked.statusCode, errorOf(blocked).code], [429, 'RATE_LIMITED']);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal(errorOf(blocked).details.retryAfterS, Number(blocked.headers['retry-after']));
    await limited.close();
    await limitedStore.close();
  });

  test('a disabled user is signed out everywhere and cannot sign in; a reset forces a password change', async () => {
    const token = await loginToken(app, TINY_USERS.m2);
    const disable = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${seed.users.m2}`,
      headers: bearer(tokens.commission),
      payload: { disabled: true },
    });
    assert.equal(disable.statusCode, 200);
    assert.equal((await app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode, 401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: TINY_USERS.m2, password: TINY_PASSWORD },
    });
    assert.equal(errorOf(login).code, 'LOGIN_FAILED');
    const reset = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${seed.users.m2}`,
      headers: bearer(tokens.commission),
      payload: { disabled: false, resetPassword: 'resetPassword3' },
    });
    assert.equal((reset.json() as { mustChangePassword: boolean }).mustChangePassword, true);
    assert.doesNotMatch(reset.body, /passwordHash/);
    await loginToken(app, TINY_USERS.m2, 'resetPassword3');
    const audit = await store.listAudit({ entity: 'user', entityId: String(seed.users.m2) });
    assert.ok(audit.some((entry) => entry.action === 'user.update' && (entry.after as { isDisabled: boolean }).isDisabled));
    assert.doesNotMatch(JSON.stringify(audit), /scrypt\$/);
  });

  test('password change checks the old password, the policy, and clears mustChangePassword', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(tokens.commission),
      payload: {
        username: 'office_a2',
        password: 'oneTimePass1',
        displayName: '甲二',
        role: 'street_office',
        streetId: seed.streetA,
      },
    });
    assert.equal(created.statusCode, 201);
    assert.equal((created.json() as { mustChangePassword: boolean }).mustChangePassword, true);
    const token = await loginToken(app, 'office_a2', 'oneTimePass1');
    const early = await app.inject({ url: '/api/street/outlets', headers: bearer(token) });
    assert.deepEqual([early.statusCode, errorOf(early).code], [403, 'FORBIDDEN'], 'nothing but /api/auth/ before the change');
    const weak = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(token),
      payload: { oldPassword: 'oneTimePass1', newPassword: 'short' },
    });
    assert.equal(errorOf(weak).code, 'WEAK_PASSWORD');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(token),
      payload: { oldPassword: 'oneTimePass1', newPassword: 'myOwnPassword7' },
    });
    assert.equal(ok.statusCode, 204);
    const me = (await app.inject({ url: '/api/auth/me', headers: bearer(token) })).json() as {
      user: { mustChangePassword: boolean };
    };
    assert.equal(me.user.mustChangePassword, false);
    await loginToken(app, 'office_a2', 'myOwnPassword7');
    assert.equal((await app.inject({ url: '/api/street/outlets', headers: bearer(token) })).statusCode, 200);
  });
});

describe('the merchant listing flow', () => {
  test('signup → pending → hidden → street office A approves → public, audited with before/after; B may not approve', async () => {
    const signup = await app.inject({
      method: 'POST',
      url: '/api/merchants/signup',
      payload: { username: 'noodles', password: 'noodlePass12', merchantName: '面馆', contactName: '王五' },
    });
    assert.equal(signup.statusCode, 201);
    const merchantToken = (signup.json() as { token: string }).token;
    const created = await app.inject({
      method: 'POST',
      url: '/api/merchant/outlets',
      headers: bearer(merchantToken),
      payload: {
        name: '王记面馆',
        categoryIds: ['breakfast'],
        lng: 121.407,
        lat: 31.207,
        openingHours: 'Mo-Su 06:00-14:00',
        services: ['早餐'],
      },
    });
    assert.equal(created.statusCode, 201);
    const outlet = created.json() as { id: number; status: string; streetId: number };
    assert.deepEqual([outlet.status, outlet.streetId], ['pending', seed.streetA]);

    const publicIds = async () =>
      ((await app.inject({ url: '/api/outlets?limit=500' })).json() as { items: { id: number }[] }).items.map((item) => item.id);
    assert.ok(!(await publicIds()).includes(outlet.id));
    assert.equal((await app.inject({ url: `/api/outlets/${outlet.id}` })).statusCode, 404);

    const byB = await app.inject({
      method: 'POST',
      url: `/api/street/outlets/${outlet.id}/review`,
      headers: bearer(tokens.officeB),
      payload: { decision: 'approve' },
    });
    assert.deepEqual([byB.statusCode, errorOf(byB).code], [403, 'FORBIDDEN']);
    const byA = await app.inject({
      method: 'POST',
      url: `/api/street/outlets/${outlet.id}/review`,
      headers: bearer(tokens.officeA),
      payload: { decision: 'approve' },
    });
    assert.equal(byA.statusCode, 200);
    assert.equal((byA.json() as { status: string }).status, 'active');

    assert.ok((await publicIds()).includes(outlet.id));
    const detail = await app.inject({ url: `/api/outlets/${outlet.id}` });
    assert.equal(detail.statusCode, 200);
    assert.equal((detail.json() as { name: string }).name, '王记面馆');
    assert.doesNotMatch(detail.body, /merchantId|rejectReason/);

    const audit = await store.listAudit({ entity: 'outlet', entityId: String(outlet.id) });
    const review = audit.find((entry) => entry.action === 'outlet.review.approve');
    assert.ok(review !== undefined);
    assert.equal((review.before as { status: string }).status, 'pending');
    assert.equal((review.after as { status: string }).status, 'active');
    assert.equal(review.userId, seed.users.officeA);
    assert.ok(audit.some((entry) => entry.action === 'outlet.create' && entry.before === null));
  });

  test('a rejection needs a reason, and a rejected outlet edited by its merchant goes back to pending', async () => {
    const noReason = await app.inject({
      method: 'POST',
      url: `/api/street/outlets/${seed.outlets.pendingM1}/review`,
      headers: bearer(tokens.officeA),
      payload: { decision: 'reject' },
    });
    assert.deepEqual([noReason.statusCode, errorOf(noReason).details.field], [400, 'reason']);
    const rejected = await app.inject({
      method: 'POST',
      url: `/api/street/outlets/${seed.outlets.pendingM1}/review`,
      headers: bearer(tokens.officeA),
      payload: { decision: 'reject', reason: '地址不符' },
    });
    assert.deepEqual((rejected.json() as { status: string; rejectReason: string }).rejectReason, '地址不符');
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/merchant/outlets/${seed.outlets.pendingM1}`,
      headers: bearer(tokens.m1),
      payload: { address: '甲路 1 号' },
    });
    assert.equal(edited.statusCode, 200);
    assert.deepEqual(
      [
        (edited.json() as { status: string }).status,
        (edited.json() as { rejectReason: unknown }).rejectReason,
        (edited.json() as { services: string[] }).services,
      ],
      ['pending', null, []],
    );
  });

  test('patches ignore fields outside their schema, and an empty patch is VALIDATION', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/admin/outlets/${seed.outlets.noHoursA}`,
      headers: bearer(tokens.commission),
      payload: { id: 999, createdAt: '2000-01-01', phone: '021-1234' },
    });
    assert.equal(response.statusCode, 200);
    const outlet = response.json() as { id: number; phone: string; createdAt: string };
    assert.deepEqual([outlet.id, outlet.phone], [seed.outlets.noHoursA, '021-1234']);
    assert.notEqual(outlet.createdAt, '2000-01-01');
    const empty = await app.inject({
      method: 'PATCH',
      url: `/api/admin/outlets/${seed.outlets.noHoursA}`,
      headers: bearer(tokens.commission),
      payload: { id: 1 },
    });
    assert.deepEqual([empty.statusCode, errorOf(empty).code], [400, 'VALIDATION']);
  });

  test('staff lists are limited to the own street', async () => {
    const outlets = (await app.inject({ url: '/api/street/outlets', headers: bearer(tokens.officeA) })).json() as {
      outlets: { streetId: number }[];
    };
    assert.ok(outlets.outlets.length > 0);
    assert.ok(outlets.outlets.every((outlet) => outlet.streetId === seed.streetA));
    await app.inject({
      method: 'POST',
      url: '/api/reports',
      payload: { outletId: seed.outlets.activeM2, kind: 'wrong_info', message: '电话错' },
    });
    const reportsA = (await app.inject({ url: '/api/street/reports', headers: bearer(tokens.officeA) })).json() as {
      reports: { streetId: number }[];
    };
    assert.ok(reportsA.reports.every((report) => report.streetId === seed.streetA));
    const reportsB = (await app.inject({ url: '/api/street/reports', headers: bearer(tokens.officeB) })).json() as {
      reports: { streetId: number }[];
    };
    assert.ok(reportsB.reports.some((report) => report.streetId === seed.streetB));
    const evaluation = await app.inject({
      method: 'POST',
      url: '/api/street/evaluations',
      headers: bearer(tokens.officeB),
      payload: { circleId: seed.circleB, visitedOn: '2026-11-20', checks: [{ categoryId: 'laundry', isPresent: true }] },
    });
    assert.equal(evaluation.statusCode, 201);
    const evaluationsA = (await app.inject({ url: '/api/street/evaluations', headers: bearer(tokens.officeA) })).json() as {
      evaluations: unknown[];
    };
    assert.deepEqual(evaluationsA.evaluations, []);
  });
});

describe('outlets and circles', () => {
  test('openAt 07:00 keeps Mo-Su 06:00-10:00 and drops Mo-Su 10:00-22:00 and outlets without hours', async () => {
    const ids = async (openAt: string) =>
      (
        (await app.inject({ url: `/api/outlets?openAt=${encodeURIComponent(openAt)}&limit=500` })).json() as {
          items: { id: number }[];
        }
      ).items.map((item) => item.id);
    const atSeven = await ids('2026-11-27T07:00:00+08:00');
    assert.ok(atSeven.includes(seed.outlets.earlyA));
    assert.ok(!atSeven.includes(seed.outlets.lateA));
    assert.ok(!atSeven.includes(seed.outlets.noHoursA));
    const atEleven = await ids('2026-11-27T11:00');
    assert.ok(!atEleven.includes(seed.outlets.earlyA));
    assert.ok(atEleven.includes(seed.outlets.lateA));
    const bad = await app.inject({ url: '/api/outlets?openAt=soon' });
    assert.equal(errorOf(bad).details.field, 'openAt');
  });

  test('circles report residents, the 60+ share, active outlets by category and the coverage of the latest run (hand-counted)', async () => {
    const circle = (await app.inject({ url: `/api/circles/${seed.circleB}` })).json() as {
      summary: {
        residents: number;
        numCompounds: number;
        share60plus: number;
        numActiveOutlets: Record<string, number>;
        streets: { id: number; name: string }[];
      };
      coverage: unknown;
    };
    assert.deepEqual([circle.summary.residents, circle.summary.numCompounds], [800, 1]);
    assert.deepEqual(circle.summary.streets, [{ id: seed.streetB, name: '乙街道' }]);
    assert.equal(circle.summary.share60plus, 100 / 800);
    assert.equal(circle.summary.numActiveOutlets.laundry, 1);
    assert.equal(circle.summary.numActiveOutlets.hair_beauty, undefined, 'pending outlets do not count');
    assert.equal(circle.coverage, null);

    // With a finished run: 10 minutes at 1.2 m/s is 720 m.
    const run = await store.insertAnalysisRun({
      kind: 'access',
      status: 'done',
      networkId: null,
      params: {},
      summary: {},
      error: null,
      startedAt: '2026-11-27T00:00:00.000Z',
      finishedAt: '2026-11-27T00:01:00.000Z',
    });
    const access = (compoundId: number, categoryId: string, walkM: number | null) => ({
      runId: run.id,
      compoundId,
      categoryId,
      walkM,
      numWithin15: 0,
    });
    await store.insertAccessResults([
      access(seed.compounds.b1, 'laundry', 700),
      access(seed.compounds.b1, 'hair_beauty', 800),
      access(seed.compounds.a1, 'laundry', 100),
      access(seed.compounds.a2, 'laundry', null),
    ]);
    const circles = (await app.inject({ url: '/api/circles' })).json() as {
      circles: { id: number; coverage: { runId: number; byCategory: Record<string, number | null> } }[];
    };
    const coverageOf = (id: number) => circles.circles.find((item) => item.id === id)!.coverage;
    assert.equal(coverageOf(seed.circleB).runId, run.id);
    assert.deepEqual(
      [
        coverageOf(seed.circleB).byCategory.laundry,
        coverageOf(seed.circleB).byCategory.hair_beauty,
        coverageOf(seed.circleB).byCategory.pharmacy,
      ],
      [1, 0, 0],
    );
    assert.equal(coverageOf(seed.circleA).byCategory.laundry, 1000 / 1500);
    assert.equal(
      'front_warehouse' in coverageOf(seed.circleA).byCategory,
      false,
      'formats without a walking target are left out',
    );
  });
});

describe('surveys', () => {
  test('the street summary gives aggregates and never an individual answer', async () => {
    for (const [stars, missing, words] of [
      [5, '修鞋', 'SECRET-ONE'],
      [3, '早餐', 'SECRET-TWO'],
      [4, '修鞋', 'SECRET-THREE'],
      [2, '早餐', 'SECRET-FOUR'],
      [1, '修鞋', 'SECRET-FIVE'],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/surveys/${seed.surveys.streetB}/responses`,
        payload: { answers: { stars, missing, words } },
      });
      assert.equal(response.statusCode, 201);
      assert.doesNotMatch(response.body, /SECRET/);
    }
    const badRating = await app.inject({
      method: 'POST',
      url: `/api/surveys/${seed.surveys.streetB}/responses`,
      payload: { answers: { stars: 9 } },
    });
    assert.equal(errorOf(badRating).details.field, 'answers.stars');
    const summary = await app.inject({
      url: `/api/street/surveys/${seed.surveys.streetB}/summary`,
      headers: bearer(tokens.officeB),
    });
    assert.equal(summary.statusCode, 200);
    assert.doesNotMatch(summary.body, /SECRET/);
    const body = summary.json() as {
      numResponses: number;
      questions: { id: string; mean: number | null; counts: Record<string, number> | null }[];
    };
    assert.equal(body.numResponses, 5);
    // (5 + 3 + 4 + 2 + 1) / 5 = 3
    assert.equal(body.questions.find((question) => question.id === 'stars')!.mean, 3);
    assert.deepEqual(body.questions.find((question) => question.id === 'missing')!.counts, { 修鞋: 3, 早餐: 2 });
  });
});

describe('imports', () => {
  test('a CSV through the API inserts its rows; a broken one is IMPORT_ROW with row and field and changes nothing', async () => {
    const headers = { ...bearer(tokens.commission), 'content-type': 'text/csv' };
    const good = await app.inject({
      method: 'POST',
      url: '/api/admin/imports/outlets?file=shops.csv',
      headers,
      payload: 'name,lng,lat,category\n甲花店,121.401,31.201,flowers_gifts\n乙书店,121.411,31.201,bookstore\n',
    });
    assert.equal(good.statusCode, 200, good.body);
    assert.equal((good.json() as { numInserted: number }).numInserted, 2);
    const flowers = (await app.inject({ url: '/api/outlets?category=flowers_gifts' })).json() as {
      items: { name: string; streetId: number }[];
    };
    assert.deepEqual(
      flowers.items.map((item) => [item.name, item.streetId]),
      [['甲花店', seed.streetA]],
    );

    const before = await store.countOutlets();
    const broken = await app.inject({
      method: 'POST',
      url: '/api/admin/imports/outlets?file=broken.csv',
      headers,
      payload: 'name,lng,lat,category\n好店,121.402,31.202,bookstore\n坏店,not-a-number,31.202,bookstore\n',
    });
    assert.equal(broken.statusCode, 400);
    const error = errorOf(broken);
    assert.equal(error.code, 'IMPORT_ROW');
    assert.ok(error.details.row !== undefined && error.details.field !== undefined, JSON.stringify(error.details));
    assert.equal(await store.countOutlets(), before);
  });

  test('an import body beyond the limit is PAYLOAD_TOO_LARGE', async () => {
    const { app: small, store: smallStore } = await tinyApp({ config: { importBodyLimitBytes: 100, bodyLimitBytes: 100 } });
    const token = await loginToken(small, TINY_USERS.commission);
    const response = await small.inject({
      method: 'POST',
      url: '/api/admin/imports/outlets?file=big.csv',
      headers: { ...bearer(token), 'content-type': 'text/csv' },
      payload: 'name,lng,lat\n' + 'x,1,1\n'.repeat(100),
    });
    assert.deepEqual([response.statusCode, errorOf(response).code], [413, 'PAYLOAD_TOO_LARGE']);
    const json = await small.inject({
      method: 'POST',
      url: '/api/requests',
      payload: { need: 'x'.repeat(90), lng: 121.4, lat: 31.2 },
    });
    assert.deepEqual([json.statusCode, errorOf(json).code], [413, 'PAYLOAD_TOO_LARGE']);
    await small.close();
    await smallStore.close();
  });
});

describe('nearby with a router', () => {
  test('results carry walk minutes at the profile speed; a point off the network gives an empty list with a note', async () => {
    // The straight-line router is a test stand-in: only checks that do not depend on walking order.
    const router = new StraightLineTestRouter(3000);
    const { app: routed, store: routedStore, seed: routedSeed } = await tinyApp({ router });
    const early = (await routedStore.getOutlet(routedSeed.outlets.earlyA))!;
    router.upsertOutlet({ id: early.id, location: [early.location[0], early.location[1]], categoryIds: early.categoryIds });
    router.upsertOutlet({ id: routedSeed.outlets.pendingM1, location: [121.406, 31.205], categoryIds: ['convenience_store'] });
    const response = await routed.inject({
      url: '/api/outlets/nearby?lng=121.403&lat=31.2059&profile=elderly&category=convenience_store',
    });
    assert.equal(response.statusCode, 200);
    const body = response.json() as { speedMps: number; results: { id: number; walkM: number; walkMinutes: number }[] };
    assert.equal(body.speedMps, 0.8);
    assert.deepEqual(
      body.results.map((result) => result.id),
      [early.id],
      'the pending outlet is dropped',
    );
    const [result] = body.results;
    assert.equal(result!.walkMinutes, Math.round((result!.walkM / 0.8 / 60) * 10) / 10);
    // Router upkeep: approval adds the outlet, closing it removes it.
    const numBefore = router.numOutlets;
    const commission = await loginToken(routed, TINY_USERS.commission);
    const approve = await routed.inject({
      method: 'POST',
      url: `/api/street/outlets/${routedSeed.outlets.pendingM2}/review`,
      headers: bearer(commission),
      payload: { decision: 'approve' },
    });
    assert.equal(approve.statusCode, 200);
    assert.equal(router.numOutlets, numBefore + 1);
    const close = await routed.inject({
      method: 'PATCH',
      url: `/api/admin/outlets/${routedSeed.outlets.pendingM2}`,
      headers: bearer(commission),
      payload: { status: 'closed' },
    });
    assert.equal(close.statusCode, 200);
    assert.equal(router.numOutlets, numBefore);
    const far = await routed.inject({ url: '/api/outlets/nearby?lng=100&lat=30&lang=en' });
    assert.deepEqual((far.json() as { results: unknown[] }).results, []);
    assert.match((far.json() as { note: string }).note, /walkable/);
    await routed.close();
    await routedStore.close();
  });
});

describe('unknown errors', () => {
  test('an unexpected failure is a 500 INTERNAL naming the request id, without its internals', async () => {
    const { app: failing, store: failingStore } = await tinyApp({
      startAnalysis: async () => {
        throw new Error('secret internals');
      },
    });
    const token = await loginToken(failing, TINY_USERS.commission);
    const response = await failing.inject({
      method: 'POST',
      url: '/api/admin/analysis-runs',
      headers: bearer(token),
      payload: {},
    });
    assert.equal(response.statusCode, 500);
    const error = errorOf(response);
    assert.equal(error.code, 'INTERNAL');
    assert.equal(error.requestId, response.headers['x-request-id']);
    assert.match(error.message, new RegExp(error.requestId));
    assert.doesNotMatch(response.body, /secret internals/);
    await failing.close();
    await failingStore.close();
  });

  test('without an analysis runner, starting a run answers 503', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/admin/analysis-runs',
      headers: bearer(tokens.commission),
      payload: {},
    });
    assert.equal(response.statusCode, 503);
  });
});

describe('the OpenAPI document', () => {
  test('lists every registered route with its method and documents the CSRF header', async () => {
    const document = (await app.inject({ url: '/api/openapi.json' })).json() as {
      openapi: string;
      info: { description: string };
      paths: Record<string, Record<string, unknown>>;
    };
    assert.match(document.openapi, /^3\./);
    assert.match(document.info.description, /x-lifecircle-csrf/);
    const missing = app.registeredRoutes.filter((route) => {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      return document.paths[path]?.[route.method.toLowerCase()] === undefined;
    });
    assert.deepEqual(missing, []);
    assert.ok(app.registeredRoutes.length >= 40);
  });
});
