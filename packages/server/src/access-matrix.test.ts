import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '@lifecircle/store';
import type { FastifyInstance } from 'fastify';
import { createSession } from './auth/sessions.js';
import { StraightLineTestRouter } from './testing/straight-line-router.js';
import { TINY_PASSWORD, TINY_USERS, tinyApp, type TinySeed } from './testing/seed-tiny.js';

type Actor = 'anonymous' | 'm1' | 'officeA' | 'commission';
const ACTORS: Actor[] = ['anonymous', 'm1', 'officeA', 'commission'];

/** One row of the matrix: a request aimed at M2's / street B's records, and the status each actor must get. */
interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string;
  url: (seed: TinySeed) => string;
  payload?: (seed: TinySeed, actor: Actor) => unknown;
  contentType?: string;
  expect: Record<Actor, number>;
}

const PUBLIC_READ = { anonymous: 200, m1: 200, officeA: 200, commission: 200 };
const SIGNED_IN = { anonymous: 401, m1: 200, officeA: 200, commission: 200 };
const MERCHANT = { anonymous: 401, m1: 200, officeA: 403, commission: 403 };
const STAFF_READ = { anonymous: 401, m1: 403, officeA: 200, commission: 200 };
/** officeA acts on street B: refused; the commission may. */
const STAFF_ON_B = (ok: number) => ({ anonymous: 401, m1: 403, officeA: 403, commission: ok });
const ADMIN = (ok: number) => ({ anonymous: 401, m1: 403, officeA: 403, commission: ok });
/** Planner reads: staff may; the tiny app has no planner service, so those who pass the checks meet SERVICE_UNAVAILABLE. */
const PLANNER_READ = { anonymous: 401, m1: 403, officeA: 503, commission: 503 };

const question = { stars: 4 };
const ROWS: Row[] = [
  { method: 'GET', route: '/api/health', url: () => '/api/health', expect: PUBLIC_READ },
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
    expect: { anonymous: 201, m1: 201, officeA: 201, commission: 201 },
  },
  {
    method: 'POST',
    route: '/api/requests',
    url: () => '/api/requests',
    payload: () => ({ need: '修鞋', lng: 121.415, lat: 31.205 }),
    expect: { anonymous: 201, m1: 201, officeA: 201, commission: 201 },
  },
  { method: 'GET', route: '/api/surveys', url: () => '/api/surveys', expect: PUBLIC_READ },
  {
    method: 'POST',
    route: '/api/surveys/:id/responses',
    url: (s) => `/api/surveys/${s.surveys.streetB}/responses`,
    payload: () => ({ answers: question }),
    expect: { anonymous: 201, m1: 201, officeA: 201, commission: 201 },
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
    expect: { anonymous: 204, m1: 204, officeA: 204, commission: 204 },
  },
  { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', expect: SIGNED_IN },
  {
    method: 'POST',
    route: '/api/auth/password',
    url: () => '/api/auth/password',
    payload: () => ({ oldPassword: TINY_PASSWORD, newPassword: 'anotherPassword9' }),
    expect: { anonymous: 401, m1: 204, officeA: 204, commission: 204 },
  },
  {
    method: 'POST',
    route: '/api/merchants/signup',
    url: () => '/api/merchants/signup',
    payload: (_s, actor) => ({ username: `shop_${actor}`, password: 'shopPassword1', merchantName: `店 ${actor}` }),
    expect: { anonymous: 201, m1: 201, officeA: 201, commission: 201 },
  },
  { method: 'GET', route: '/api/merchant/outlets', url: () => '/api/merchant/outlets', expect: MERCHANT },
  {
    method: 'POST',
    route: '/api/merchant/outlets',
    url: () => '/api/merchant/outlets',
    payload: () => ({ name: '新店', categoryIds: ['bakery_cake'], lng: 121.405, lat: 31.205 }),
    expect: { anonymous: 401, m1: 201, officeA: 403, commission: 403 },
  },
  {
    method: 'PATCH',
    route: '/api/merchant/outlets/:id',
    url: (s) => `/api/merchant/outlets/${s.outlets.activeM2}`,
    payload: () => ({ name: '改名' }),
    expect: { anonymous: 401, m1: 403, officeA: 403, commission: 403 },
  },
  { method: 'GET', route: '/api/street/outlets', url: () => '/api/street/outlets', expect: STAFF_READ },
  {
    method: 'POST',
    route: '/api/street/outlets/:id/review',
    url: (s) => `/api/street/outlets/${s.outlets.pendingM2}/review`,
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
    expect: { anonymous: 503, m1: 503, officeA: 503, commission: 503 },
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

/** A fresh app with a straight-line test router, an analysis runner and one finished run. */
async function matrixApp(): Promise<{
  app: FastifyInstance;
  store: Store;
  seed: TinySeed;
  freshTokens: () => Promise<Record<Actor, string | null>>;
}> {
  let storeRef: Store | null = null;
  const router = new StraightLineTestRouter();
  const { app, store, seed } = await tinyApp({
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
  const token = async (userId: number) => {
    const user = (await store.getUser(userId))!;
    return (await createSession(store, user, new Date(), 3600)).token;
  };
  const freshTokens = async () => ({
    anonymous: null,
    m1: await token(seed.users.m1),
    officeA: await token(seed.users.officeA),
    commission: await token(seed.users.commission),
  });
  return { app, store, seed, freshTokens };
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
      const token = tokens[actor];
      const payload = row.payload?.(seed, actor);
      const response = await app.inject({
        method: row.method,
        url: row.url(seed),
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(row.contentType === undefined ? {} : { 'content-type': row.contentType }),
        },
        ...(payload === undefined ? {} : { payload: payload as string }),
      });
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
