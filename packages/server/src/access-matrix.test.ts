import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { User } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { minimalOutlet } from '@lifecircle/store/testing';
import type { FastifyInstance } from 'fastify';
import { createSession, SESSION_COOKIE } from './auth/sessions.js';
import { StraightLineTestRouter } from './testing/straight-line-router.js';
import { TINY_PASSWORD, TINY_PHOTO, TINY_USERS, tinyApp, type TinySeed } from './testing/seed-tiny.js';

/**
 * Who asks. Residents have no accounts: a resident is `anonymous`. M1 and M2 are merchants (the rows aim at M2's
 * outlets: M1 is "another merchant", M2 the owner); officeA and officeB are the street offices of streets A and
 * B (the rows aim at street B: officeA is "another street", officeB the own one); the commission is everyone.
 */
type Actor = 'anonymous' | 'm1' | 'm2' | 'officeA' | 'officeB' | 'commission';
/** The order each row is tried in: the owners and the commission after those who must be refused. */
const ACTORS: Actor[] = ['anonymous', 'm1', 'officeA', 'm2', 'officeB', 'commission'];

/** One row of the matrix: a request aimed at M2's / street B's records, and the status each actor must get. */
interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string;
  url: (seed: MatrixSeed, actor: Actor) => string;
  payload?: (seed: MatrixSeed, actor: Actor) => unknown;
  contentType?: string;
  expect: Record<Actor, number>;
}

const everyone = (status: number): Record<Actor, number> => ({
  anonymous: status,
  m1: status,
  m2: status,
  officeA: status,
  officeB: status,
  commission: status,
});
const PUBLIC_READ = everyone(200);
const SIGNED_IN = { ...everyone(200), anonymous: 401 };
const MERCHANT = { ...everyone(403), anonymous: 401, m1: 200, m2: 200 };
const STAFF_READ = { ...everyone(200), anonymous: 401, m1: 403, m2: 403 };
/** officeA acts on street B: refused; officeB (its own street) and the commission may. */
const STAFF_ON_B = (ok: number) => ({ ...everyone(403), anonymous: 401, officeB: ok, commission: ok });
const ADMIN = (ok: number) => ({ ...everyone(403), anonymous: 401, commission: ok });
/** Planner reads: staff may; the tiny app has no planner service, so those who pass the checks meet SERVICE_UNAVAILABLE. */
const PLANNER_READ = { ...everyone(503), anonymous: 401, m1: 403, m2: 403 };

/** The tiny district, and a pending outlet in street B for each actor who may review one (reviews change state). */
interface MatrixSeed extends TinySeed {
  pendingB: Record<Actor, number>;
}

const question = { stars: 4 };
const ROWS: Row[] = [
  { method: 'GET', route: '/api/health', url: () => '/api/health', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/config', url: () => '/api/config', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/openapi.json', url: () => '/api/openapi.json', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/taxonomy', url: () => '/api/taxonomy', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/districts', url: () => '/api/districts', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/streets', url: () => '/api/streets', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/outlets', url: () => '/api/outlets', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/outlets/nearby', url: () => '/api/outlets/nearby?lng=121.405&lat=31.205', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/outlets/:id', url: (s) => `/api/outlets/${s.outlets.activeM2}`, expect: PUBLIC_READ },
  { method: 'GET', route: '/api/circles', url: () => '/api/circles', expect: PUBLIC_READ },
  { method: 'GET', route: '/api/circles/:id', url: (s) => `/api/circles/${s.circleB}`, expect: PUBLIC_READ },
  {
    method: 'POST',
    route: '/api/reports',
    url: () => '/api/reports',
    payload: (s) => ({ outletId: s.outlets.activeM2, kind: 'closed' }),
    expect: everyone(201),
  },
  {
    method: 'POST',
    route: '/api/requests',
    url: () => '/api/requests',
    payload: () => ({ need: '修鞋', lng: 121.415, lat: 31.205 }),
    expect: everyone(201),
  },
  { method: 'GET', route: '/api/surveys', url: () => '/api/surveys', expect: PUBLIC_READ },
  {
    method: 'POST',
    route: '/api/surveys/:id/responses',
    url: (s) => `/api/surveys/${s.surveys.streetB}/responses`,
    payload: () => ({ answers: question }),
    expect: everyone(201),
  },
  {
    method: 'POST',
    route: '/api/auth/login',
    url: () => '/api/auth/login',
    payload: () => ({ username: TINY_USERS.m2, password: TINY_PASSWORD }),
    expect: PUBLIC_READ,
  },
  {
    method: 'POST',
    route: '/api/auth/logout',
    url: () => '/api/auth/logout',
    expect: everyone(204),
  },
  { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', expect: SIGNED_IN },
  {
    method: 'POST',
    route: '/api/auth/password',
    url: () => '/api/auth/password',
    payload: () => ({ oldPassword: TINY_PASSWORD, newPassword: 'anotherPassword9' }),
    expect: { ...everyone(204), anonymous: 401 },
  },
  {
    method: 'POST',
    route: '/api/merchants/signup',
    url: () => '/api/merchants/signup',
    payload: (_s, actor) => ({ username: `shop_${actor}`, password: 'shopPassword1', merchantName: `店 ${actor}` }),
    expect: everyone(201),
  },
  { method: 'GET', route: '/api/merchant/outlets', url: () => '/api/merchant/outlets', expect: MERCHANT },
  {
    method: 'POST',
    route: '/api/merchant/outlets',
    url: () => '/api/merchant/outlets',
    payload: () => ({ name: '新店', categoryIds: ['bakery_cake'], lng: 121.405, lat: 31.205 }),
    expect: { ...everyone(403), anonymous: 401, m1: 201, m2: 201 },
  },
  {
    method: 'PATCH',
    route: '/api/merchant/outlets/:id',
    url: (s) => `/api/merchant/outlets/${s.outlets.activeM2}`,
    // A new phone number keeps the outlet active (a new name would send it back to review).
    payload: () => ({ phone: '021-12345678' }),
    expect: { ...everyone(403), anonymous: 401, m2: 200 },
  },
  { method: 'GET', route: '/api/street/outlets', url: () => '/api/street/outlets', expect: STAFF_READ },
  {
    method: 'POST',
    route: '/api/street/outlets/:id/review',
    url: (s, actor) => `/api/street/outlets/${s.pendingB[actor]}/review`,
    payload: () => ({ decision: 'approve' }),
    expect: STAFF_ON_B(200),
  },
  {
    method: 'POST',
    route: '/api/street/evaluations',
    url: () => '/api/street/evaluations',
    payload: (s) => ({ circleId: s.circleB, visitedOn: '2026-11-27', checks: [{ categoryId: 'laundry', isPresent: true }] }),
    expect: STAFF_ON_B(201),
  },
  { method: 'GET', route: '/api/street/evaluations', url: () => '/api/street/evaluations', expect: STAFF_READ },
  {
    method: 'POST',
    route: '/api/street/evaluations/:id/photos',
    url: (s) => `/api/street/evaluations/${s.evaluationB}/photos?name=front.png`,
    payload: () => Buffer.from(TINY_PHOTO),
    contentType: 'image/png',
    expect: STAFF_ON_B(201),
  },
  {
    method: 'GET',
    route: '/api/street/evaluations/:id/photos/:photoId',
    url: (s) => `/api/street/evaluations/${s.evaluationB}/photos/${s.photoB}`,
    expect: STAFF_ON_B(200),
  },
  { method: 'GET', route: '/api/street/reports', url: () => '/api/street/reports', expect: STAFF_READ },
  { method: 'GET', route: '/api/street/requests', url: () => '/api/street/requests', expect: STAFF_READ },
  {
    method: 'GET',
    route: '/api/street/surveys/:id/summary',
    url: (s) => `/api/street/surveys/${s.surveys.streetB}/summary`,
    expect: STAFF_ON_B(200),
  },
  { method: 'GET', route: '/api/admin/users', url: () => '/api/admin/users', expect: ADMIN(200) },
  {
    method: 'POST',
    route: '/api/admin/users',
    url: () => '/api/admin/users',
    payload: (s) => ({
      username: 'office_b2',
      password: 'firstPassword1',
      displayName: '乙二',
      role: 'street_office',
      streetId: s.streetB,
    }),
    expect: ADMIN(201),
  },
  {
    method: 'PATCH',
    route: '/api/admin/users/:id',
    url: (s) => `/api/admin/users/${s.users.m2}`,
    payload: () => ({ displayName: '二号' }),
    expect: ADMIN(200),
  },
  { method: 'GET', route: '/api/admin/audit', url: () => '/api/admin/audit', expect: ADMIN(200) },
  { method: 'GET', route: '/api/admin/outlets', url: () => '/api/admin/outlets?streetId=2', expect: ADMIN(200) },
  {
    method: 'PATCH',
    route: '/api/admin/outlets/:id',
    url: (s) => `/api/admin/outlets/${s.outlets.activeM2}`,
    payload: () => ({ status: 'closed' }),
    expect: ADMIN(200),
  },
  {
    method: 'POST',
    route: '/api/admin/imports/:kind',
    url: () => '/api/admin/imports/outlets?file=shops.csv',
    payload: () => 'name,lng,lat,category\n新面包房,121.415,31.205,bakery_cake\n',
    contentType: 'text/csv',
    expect: ADMIN(200),
  },
  {
    method: 'POST',
    route: '/api/admin/imports/osm',
    url: () => '/api/admin/imports/osm?file=district.osm',
    payload: () => '<osm version="0.6"></osm>',
    contentType: 'application/octet-stream',
    // The tiny app has no OSM importer: the commission passes the checks and meets SERVICE_UNAVAILABLE.
    expect: ADMIN(503),
  },
  {
    method: 'GET',
    route: '/api/planner/evaluation',
    url: () => '/api/planner/evaluation?profile=elderly&at=07:00',
    expect: PLANNER_READ,
  },
  {
    method: 'GET',
    route: '/api/planner/circles/:id/portrait',
    url: (seed) => `/api/planner/circles/${seed.circleA}/portrait`,
    expect: PLANNER_READ,
  },
  {
    method: 'GET',
    route: '/api/planner/circles/:id/shortfalls',
    url: (seed) => `/api/planner/circles/${seed.circleB}/shortfalls`,
    expect: PLANNER_READ,
  },
  { method: 'GET', route: '/api/planner/sharing', url: () => '/api/planner/sharing', expect: PLANNER_READ },
  {
    method: 'POST',
    route: '/api/planner/recommendations',
    url: () => '/api/planner/recommendations',
    payload: () => ({ categoryId: 'breakfast', k: 3 }),
    expect: ADMIN(503),
  },
  { method: 'GET', route: '/api/planner/delineation', url: () => '/api/planner/delineation', expect: ADMIN(503) },
  {
    method: 'POST',
    route: '/api/planner/what-if',
    url: () => '/api/planner/what-if',
    payload: () => ({ edits: [{ kind: 'remove_outlet', outletId: 1 }] }),
    expect: ADMIN(503),
  },
  { method: 'GET', route: '/api/planner/scenarios', url: () => '/api/planner/scenarios', expect: ADMIN(200) },
  {
    method: 'POST',
    route: '/api/planner/scenarios',
    url: () => '/api/planner/scenarios',
    payload: () => ({ name: '方案', edits: [] }),
    expect: ADMIN(503),
  },
  { method: 'GET', route: '/api/planner/scenarios/:id', url: () => '/api/planner/scenarios/99', expect: ADMIN(404) },
  {
    method: 'PATCH',
    route: '/api/planner/scenarios/:id',
    url: () => '/api/planner/scenarios/99',
    payload: () => ({ name: 'x' }),
    expect: ADMIN(404),
  },
  { method: 'DELETE', route: '/api/planner/scenarios/:id', url: () => '/api/planner/scenarios/99', expect: ADMIN(404) },
  {
    method: 'GET',
    route: '/api/planner/reports/district.xlsx',
    url: () => '/api/planner/reports/district.xlsx',
    expect: PLANNER_READ,
  },
  {
    method: 'GET',
    route: '/api/planner/reports/district.pdf',
    url: () => '/api/planner/reports/district.pdf',
    expect: PLANNER_READ,
  },
  {
    method: 'GET',
    route: '/api/planner/reports/circles/:id/report.pdf',
    url: (seed) => `/api/planner/reports/circles/${seed.circleA}/report.pdf`,
    expect: PLANNER_READ,
  },
  { method: 'GET', route: '/api/map/network', url: () => '/api/map/network?bbox=121.39,31.19,121.43,31.22', expect: PUBLIC_READ },
  {
    method: 'GET',
    route: '/api/map/compounds',
    url: () => '/api/map/compounds?bbox=121.39,31.19,121.43,31.22',
    expect: PUBLIC_READ,
  },
  {
    method: 'GET',
    route: '/api/outlets/:id/route',
    url: (seed) => `/api/outlets/${seed.outlets.earlyA}/route?lng=121.405&lat=31.205`,
    // The straight-line test router draws no routes.
    expect: everyone(503),
  },
  { method: 'GET', route: '/api/planner/surface', url: () => '/api/planner/surface?category=breakfast', expect: PLANNER_READ },
  { method: 'GET', route: '/api/admin/analysis-runs', url: () => '/api/admin/analysis-runs', expect: ADMIN(200) },
  {
    method: 'POST',
    route: '/api/admin/analysis-runs',
    url: () => '/api/admin/analysis-runs',
    payload: () => ({ speedMps: 1.2 }),
    expect: ADMIN(202),
  },
  { method: 'GET', route: '/api/admin/analysis-runs/:id', url: () => '/api/admin/analysis-runs/1', expect: ADMIN(200) },
  {
    method: 'POST',
    route: '/api/admin/analysis-runs/:id/resume',
    url: () => '/api/admin/analysis-runs/1/resume',
    // The tiny app has no analysis resumer: the commission passes the checks and meets SERVICE_UNAVAILABLE.
    expect: ADMIN(503),
  },
  {
    method: 'POST',
    route: '/api/admin/surveys',
    url: () => '/api/admin/surveys',
    payload: () => ({ title: '新问卷', questions: [{ id: 'q', text: '好吗', kind: 'rating' }] }),
    expect: ADMIN(201),
  },
  { method: 'GET', route: '/api/admin/reports', url: () => '/api/admin/reports', expect: ADMIN(200) },
  { method: 'GET', route: '/api/admin/requests', url: () => '/api/admin/requests', expect: ADMIN(200) },
];

/** A fresh app with a straight-line test router, an analysis runner, one finished run and a pending outlet in B per actor. */
async function matrixApp(): Promise<{
  app: FastifyInstance;
  store: Store;
  seed: MatrixSeed;
  freshTokens: (overrides?: Partial<User>) => Promise<Record<Actor, string | null>>;
}> {
  let storeRef: Store | null = null;
  const router = new StraightLineTestRouter();
  const {
    app,
    store,
    seed: tiny,
  } = await tinyApp({
    router,
    startAnalysis: async (params) =>
      storeRef!.insertAnalysisRun({
        kind: 'access',
        status: 'running',
        networkId: null,
        params,
        summary: null,
        error: null,
        startedAt: new Date().toISOString(),
        finishedAt: null,
      }),
  });
  storeRef = store;
  for (const outlet of await store.listOutlets({ status: ['active'] })) {
    router.upsertOutlet({ id: outlet.id, location: [outlet.location[0], outlet.location[1]], categoryIds: outlet.categoryIds });
  }
  await store.insertAnalysisRun({
    kind: 'access',
    status: 'done',
    networkId: null,
    params: {},
    summary: {},
    error: null,
    startedAt: '2026-11-27T00:00:00.000Z',
    finishedAt: '2026-11-27T00:01:00.000Z',
  });
  const pendingIds = await store.insertOutlets(
    ACTORS.map((actor) =>
      minimalOutlet({ name: `待审 ${actor}`, status: 'pending', location: [121.418, 31.205], streetId: tiny.streetB }),
    ),
  );
  const seed: MatrixSeed = {
    ...tiny,
    pendingB: Object.fromEntries(ACTORS.map((actor, k) => [actor, pendingIds[k]!])) as Record<Actor, number>,
  };
  const userIds: Record<Exclude<Actor, 'anonymous'>, number> = seed.users;
  /** Sessions made directly in the store (logging in through the API would spend the login rate limit). */
  const freshTokens = async (overrides: Partial<User> = {}) => {
    const tokens = { anonymous: null } as Record<Actor, string | null>;
    for (const actor of ACTORS) {
      if (actor === 'anonymous') continue;
      const user = { ...(await store.getUser(userIds[actor]))!, ...overrides };
      tokens[actor] = (await createSession(store, user, new Date(), 3600)).token;
      if (Object.keys(overrides).length > 0) await store.updateUser(user.id, overrides);
    }
    return tokens;
  };
  return { app, store, seed, freshTokens };
}

/** Sends one row's request as one actor, with the session as a bearer token or as the cookie (without the CSRF header). */
function send(app: FastifyInstance, row: Row, seed: MatrixSeed, actor: Actor, token: string | null, via: 'bearer' | 'cookie') {
  const payload = row.payload?.(seed, actor);
  return app.inject({
    method: row.method,
    url: row.url(seed, actor),
    headers: {
      ...(token === null || via === 'cookie' ? {} : { authorization: `Bearer ${token}` }),
      ...(row.contentType === undefined ? {} : { 'content-type': row.contentType }),
    },
    ...(token !== null && via === 'cookie' ? { cookies: { [SESSION_COOKIE]: token } } : {}),
    ...(payload === undefined ? {} : { payload: payload as string }),
  });
}

test('the matrix has exactly one row per registered API route', async () => {
  const { app, store } = await matrixApp();
  const registered = app.registeredRoutes.map((route) => `${route.method} ${route.url}`).sort();
  const listed = ROWS.map((row) => `${row.method} ${row.route}`).sort();
  assert.deepEqual(listed, registered);
  await app.close();
  await store.close();
});

test('every route answers each role and scope with the expected status', async () => {
  const failures: string[] = [];
  // One app for every row (building an app compiles every schema: about half a second). The rows are ordered so
  // that earlier changes do not decide later outcomes (admin changes last), and each row gets fresh sessions
  // because logout ends them.
  const { app, store, seed, freshTokens } = await matrixApp();
  for (const row of ROWS) {
    const tokens = await freshTokens();
    for (const actor of ACTORS) {
      const response = await send(app, row, seed, actor, tokens[actor], 'bearer');
      if (response.statusCode !== row.expect[actor]) {
        failures.push(
          `${row.method} ${row.route} as ${actor}: expected ${row.expect[actor]}, got ${response.statusCode} ${response.body.slice(0, 200)}`,
        );
      }
      if (response.statusCode >= 400) {
        const body = response.json() as { error?: { code?: string } };
        if (typeof body.error?.code !== 'string')
          failures.push(`${row.method} ${row.route} as ${actor}: error body without a code`);
      }
    }
  }
  await app.close();
  await store.close();
  assert.deepEqual(failures, []);
});

test('a cookie session without the CSRF header changes nothing on any route but signing in and out', async () => {
  const failures: string[] = [];
  const { app, store, seed, freshTokens } = await matrixApp();
  const numAudit = (await store.listAudit({ limit: 10_000 })).length;
  for (const row of ROWS.filter((r) => r.method !== 'GET' && !/^\/api\/auth\/log(in|out)$/.test(r.route))) {
    const tokens = await freshTokens();
    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      const response = await send(app, row, seed, actor, tokens[actor], 'cookie');
      const code = response.statusCode === 403 ? (response.json() as { error: { code: string } }).error.code : '';
      if (response.statusCode !== 403 || code !== 'FORBIDDEN')
        failures.push(`${row.method} ${row.route} as ${actor} by cookie without CSRF: ${response.statusCode} ${code}`);
    }
  }
  assert.equal((await store.listAudit({ limit: 10_000 })).length, numAudit, 'no change was written');
  await app.close();
  await store.close();
  assert.deepEqual(failures, []);
});

test('a user who must change a one-time password reaches only the public routes and /api/auth', async () => {
  // The expectation is derived: public routes answer as they do for anyone; signed-in routes outside /api/auth
  // are FORBIDDEN whatever the role; /api/auth answers as it does for the role.
  const failures: string[] = [];
  const { app, store, seed, freshTokens } = await matrixApp();
  for (const row of ROWS) {
    const tokens = await freshTokens({ mustChangePassword: true });
    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      const isPublic = row.expect.anonymous !== 401;
      const expected = isPublic ? row.expect.anonymous : row.route.startsWith('/api/auth/') ? row.expect[actor] : 403;
      const response = await send(app, row, seed, actor, tokens[actor], 'bearer');
      if (response.statusCode !== expected)
        failures.push(
          `${row.method} ${row.route} as ${actor} (must change password): expected ${expected}, got ${response.statusCode}`,
        );
    }
  }
  await app.close();
  await store.close();
  assert.deepEqual(failures, []);
});

test('a disabled user’s session is worth nothing: every route answers as for an anonymous resident', async () => {
  const failures: string[] = [];
  const { app, store, seed, freshTokens } = await matrixApp();
  for (const row of ROWS.filter((r) => r.method === 'GET')) {
    const tokens = await freshTokens({ isDisabled: true });
    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      const response = await send(app, row, seed, actor, tokens[actor], 'bearer');
      if (response.statusCode !== row.expect.anonymous)
        failures.push(
          `${row.method} ${row.route} as disabled ${actor}: expected ${row.expect.anonymous}, got ${response.statusCode}`,
        );
    }
  }
  await app.close();
  await store.close();
  assert.deepEqual(failures, []);
});
