// Security controls of issue 6 item 7 that the access matrix does not cover: response headers, the session
// cookie, caching of signed-in answers and the per-account login throttle. docs/SECURITY.md names these tests.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TINY_PASSWORD, TINY_USERS, loginToken, tinyApp } from './testing/seed-tiny.js';

/** `a 'b'; c d` → { a: ["'b'"], c: ['d'] }. */
function parseCsp(header: string | undefined): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name] = values;
  }
  return directives;
}

describe('security headers', () => {
  test('every answer (API, error, web app) carries the CSP, nosniff, no framing and a same-origin referrer policy', async () => {
    const { app, store } = await tinyApp();
    for (const url of ['/api/health', '/api/outlets?limit=1', '/api/nowhere', '/api/admin/users']) {
      const response = await app.inject({ url });
      const csp = parseCsp(response.headers['content-security-policy'] as string);
      assert.deepEqual(csp['default-src'], ["'self'"], url);
      assert.deepEqual(csp['script-src'], ["'self'"], `${url}: no inline or eval'd scripts`);
      assert.deepEqual(csp['object-src'], ["'none'"]);
      assert.deepEqual(csp['frame-ancestors'], ["'none'"]);
      assert.deepEqual(csp['worker-src'], ["'self'", 'blob:'], 'MapLibre runs its workers from blob: URLs');
      assert.equal(csp['upgrade-insecure-requests'], undefined, 'plain HTTP (local use) is not upgraded');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['x-frame-options'], 'DENY');
      assert.equal(response.headers['referrer-policy'], 'same-origin');
      assert.equal(response.headers['strict-transport-security'], undefined, 'no HSTS without TLS');
      assert.equal(response.headers['x-powered-by'], undefined);
    }
    await app.close();
    await store.close();
  });

  test('a configured basemap adds its tile origins to img-src and connect-src, and nothing else', async () => {
    const { app, store } = await tinyApp({
      basemap: {
        tiles: ['https://t1.tiles.example/{z}/{x}/{y}.png', 'https://t2.tiles.example/{z}/{x}/{y}.png'],
        crs: 'gcj02',
        attribution: '测试',
        maxZoom: 18,
      },
    });
    const csp = parseCsp((await app.inject({ url: '/api/health' })).headers['content-security-policy'] as string);
    for (const directive of ['img-src', 'connect-src']) {
      assert.ok(csp[directive]?.includes('https://t1.tiles.example'), directive);
      assert.ok(csp[directive]?.includes('https://t2.tiles.example'), directive);
    }
    assert.deepEqual(csp['script-src'], ["'self'"]);
    assert.deepEqual(csp['default-src'], ["'self'"]);
    await app.close();
    await store.close();
  });

  test('behind TLS (cookieSecure): HSTS for a year, upgrade-insecure-requests, and a Secure session cookie', async () => {
    const { app, store } = await tinyApp({ config: { cookieSecure: true } });
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: TINY_USERS.officeA, password: TINY_PASSWORD },
    });
    assert.equal(response.statusCode, 200);
    const maxAge = Number(/max-age=(\d+)/.exec(String(response.headers['strict-transport-security']))?.[1]);
    assert.ok(maxAge >= 365 * 24 * 3600);
    assert.ok('upgrade-insecure-requests' in parseCsp(response.headers['content-security-policy'] as string));
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    await app.close();
    await store.close();
  });
});

describe('sessions', () => {
  test('the session cookie lives as long as the session (Max-Age) and is scoped to the whole site', async () => {
    const { app, store } = await tinyApp({ config: { sessionTtlS: 1800 } });
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: TINY_USERS.m1, password: TINY_PASSWORD },
    });
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /^lc_session=[A-Za-z0-9_-]{43};/, '32 random bytes, base64url');
    assert.match(cookie, /; Max-Age=1800/);
    assert.match(cookie, /; Path=\//);
    const expiresAt = Date.parse((response.json() as { expiresAt: string }).expiresAt);
    assert.ok(Math.abs(expiresAt - (Date.now() + 1800_000)) < 10_000, 'the server-side expiry matches');
    // The store keeps only the token's hash: the token itself appears nowhere in the database.
    const token = (response.json() as { token: string }).token;
    assert.equal(await store.getSession(token, new Date().toISOString()), null);
    await app.close();
    await store.close();
  });

  test('answers to a signed-in user are never cached; public answers may be', async () => {
    const { app, store } = await tinyApp();
    const token = await loginToken(app, TINY_USERS.officeA);
    const staff = await app.inject({ url: '/api/street/reports', headers: { authorization: `Bearer ${token}` } });
    assert.equal(staff.statusCode, 200);
    assert.equal(staff.headers['cache-control'], 'no-store');
    const me = await app.inject({ url: '/api/auth/me', cookies: { lc_session: token } });
    assert.equal(me.headers['cache-control'], 'no-store');
    const anonymous = await app.inject({ url: '/api/outlets?limit=1' });
    assert.equal(anonymous.headers['cache-control'], undefined);
    await app.close();
    await store.close();
  });
});

describe('login throttling per account', () => {
  test('five wrong passwords from anywhere lock the account for the window, even against the right one; a success resets', async () => {
    let clock = new Date('2026-11-27T01:00:00Z');
    // A generous per-client limit, so only the per-account throttle can refuse.
    const { app, store } = await tinyApp({ now: () => clock, config: { loginPerMinute: 1000 } });
    const attempt = (password: string, ip: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: ip,
        payload: { username: TINY_USERS.officeB, password },
      });
    for (let k = 0; k < 5; k++) {
      clock = new Date(clock.getTime() + 10_000);
      // Each guess from another address: the per-client limit alone would never stop this.
      assert.equal((await attempt(`guess${k}Password`, `10.0.0.${k + 1}`)).statusCode, 401);
    }
    clock = new Date(clock.getTime() + 10_000);
    const throttled = await attempt(TINY_PASSWORD, '10.0.0.99');
    assert.equal(throttled.statusCode, 429, 'even the right password is refused while throttled');
    const body = throttled.json() as { error: { code: string; details: { retryAfterS: number } } };
    assert.equal(body.error.code, 'RATE_LIMITED');
    // The first failure was 50 s ago: the 15-minute window ends 850 s from now.
    assert.equal(body.error.details.retryAfterS, 15 * 60 - 50);
    assert.equal((await attempt(TINY_PASSWORD, '10.0.0.99')).statusCode, 429);
    // Other accounts are untouched.
    const other = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: TINY_USERS.officeA, password: TINY_PASSWORD },
    });
    assert.equal(other.statusCode, 200);
    // Once the first failure leaves the window, four remain: the right password works and resets the count.
    clock = new Date(Date.parse('2026-11-27T01:00:10Z') + 15 * 60_000 + 1000);
    assert.equal((await attempt(TINY_PASSWORD, '10.0.0.99')).statusCode, 200);
    for (let k = 0; k < 4; k++) assert.equal((await attempt(`again${k}Password`, '10.0.1.1')).statusCode, 401);
    assert.equal((await attempt(TINY_PASSWORD, '10.0.1.1')).statusCode, 200, 'four failures after a success do not lock');
    await app.close();
    await store.close();
  });

  test('a user name that does not exist is throttled alike, so a 429 does not tell which names are real', async () => {
    const { app, store } = await tinyApp({ config: { loginPerMinute: 1000 } });
    const statuses = async (username: string) => {
      const seen = [];
      for (let k = 0; k < 7; k++) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `10.1.0.${k + 1}`,
          payload: { username, password: `wrong${k}Password` },
        });
        seen.push(response.statusCode);
      }
      return seen;
    };
    const real = await statuses(TINY_USERS.m1);
    assert.deepEqual(real, [401, 401, 401, 401, 401, 429, 429]);
    assert.deepEqual(await statuses('no_such_user'), real);
    await app.close();
    await store.close();
  });
});

describe('clients behind a reverse proxy', () => {
  test('with trustProxy the per-client login limit counts each forwarded client apart; without it they share one', async () => {
    const attempt = (app: Awaited<ReturnType<typeof tinyApp>>['app'], client: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': client },
        payload: { username: 'nobody', password: 'wrongPassword1' },
      });
    for (const [trustProxy, expected] of [
      ['127.0.0.1', [401, 401, 401, 401]],
      [false, [401, 401, 429, 429]],
    ] as const) {
      const { app, store } = await tinyApp({ config: { loginPerMinute: 2, trustProxy } });
      const statuses = [];
      for (const client of ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2'])
        statuses.push((await attempt(app, client)).statusCode);
      assert.deepEqual(statuses, expected, `trustProxy ${trustProxy}`);
      await app.close();
      await store.close();
    }
  });
});
