import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { errorRegistry, type ErrorCode, type ErrorDetails } from '@lifecircle/shared';
import {
  fuzzParameters,
  fuzzTally,
  JsonEntries,
  jsonText,
  unfilledPlaceholders,
  type JsonModel,
} from '@lifecircle/shared/testing';
import { changedTables, type StoreWatch } from '@lifecircle/store/testing';
import { SESSION_COOKIE } from '@lifecircle/server';
import {
  fixtureToken,
  openPlatformApp,
  restoreUsers,
  type FixtureRole,
  type FixtureStore,
  type PlatformApp,
} from './platform-app.js';
import { arbitraryFromSchema, corruptJson, garbageJson, type JsonSchema } from './schema-arbitrary.js';

// Property-based fuzzing of the HTTP API: every route of the OpenAPI
// document, called as anonymous, as each role and with a cookie but no CSRF
// header, with schema-shaped and garbage path parameters, query strings and
// bodies (wrong types, prototype keys, deep nesting, invalid JSON, wrong
// content types), against the whole platform on a real store (a SQLite file
// in api.fuzz.test.ts, a PostGIS database in api-postgis.fuzz.test.ts).
// Properties: never a 5xx; every error is { error: { code, message,
// details, requestId } } with a registry code and its status; a refused
// change commits nothing (a failed sign-in only its audit entry); a GET
// never writes.

interface Operation {
  method: string;
  /** The OpenAPI path, `{id}` style. */
  path: string;
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }[];
  /** The JSON body's schema, if the route takes JSON. */
  bodySchema: JsonSchema | null;
  /** Content types the route reads raw (imports, photos). */
  rawTypes: string[];
}

/** Default inputs per route; routes that do heavy work (reports, solvers, imports, analysis runs) get fewer. */
const DEFAULT_RUNS = 64;
const HEAVY_RUNS: Record<string, number> = {
  'GET /api/planner/reports/district.pdf': 4,
  'GET /api/planner/reports/circles/{id}/report.pdf': 4,
  'GET /api/planner/reports/district.xlsx': 6,
  'POST /api/planner/recommendations': 12,
  'GET /api/planner/delineation': 12,
  'POST /api/planner/what-if': 24,
  'POST /api/admin/analysis-runs': 6,
  'POST /api/admin/imports/osm': 16,
  'POST /api/admin/imports/{kind}': 40,
  'GET /api/openapi.json': 8,
};

type Caller = 'anonymous' | FixtureRole | 'cookie';
const CALLERS: Caller[] = ['anonymous', 'commission', 'office', 'merchant', 'cookie'];

/** A path or query value that is not what the schema wants. */
const shortGarbage = fc.oneof(
  fc.constantFrom(
    ...['', 'abc', '-1', '0', '1.5', '1e3', '0x10', 'NaN', 'Infinity', '9'.repeat(30), '%', '%00', '%E4%B8', '../..'],
    ...['__proto__', 'constructor', 'true', 'null', '[]', '{}', '中文', '\u0000'],
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
/** Garbage with, now and then, a long value: past a path parameter's limit (100 bytes) or the URL's (8 KiB). */
const garbageParameter = fc.oneof(
  { weight: 12, arbitrary: shortGarbage },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(9000)) },
);

/** Text a query or path holds for a value: JSON-ish values as a client library would write them. */
function asParameterText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(asParameterText).join(',');
  return JSON.stringify(value) ?? '';
}

/** One generated request. */
interface RequestSpec {
  caller: Caller;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
  acceptLanguage?: string;
}

const RAW_BODIES = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    Buffer.from('name,lng,lat,category\n甲,121.4,31.2,pharmacy\n'),
    Buffer.from('{"type":"FeatureCollection","features":[]}'),
    Buffer.from('<osm><node id="1" lat="0" lon="0"/></osm>'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.alloc(0),
  ),
);
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'text/csv',
  'application/octet-stream',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'image/png',
  'application/json; charset=latin1',
  '',
];

/** Requests for one operation: callers, schema-shaped or garbage parameters and bodies. */
function requestArbitrary(op: Operation): fc.Arbitrary<RequestSpec> {
  const pathParameters = op.parameters.filter((p) => p.in === 'path');
  const queryParameters = op.parameters.filter((p) => p.in === 'query');
  const pathValues = fc.tuple(
    ...pathParameters.map((p) =>
      fc.oneof(
        { weight: 4, arbitrary: arbitraryFromSchema(p.schema).map(asParameterText) },
        { weight: 1, arbitrary: garbageParameter },
      ),
    ),
  );
  const queryValues = fc.tuple(
    ...queryParameters.map((p) =>
      fc.option(
        fc.oneof(
          { weight: 4, arbitrary: arbitraryFromSchema(p.schema).map(asParameterText) },
          { weight: 1, arbitrary: garbageParameter },
        ),
        { nil: undefined, freq: p.required ? 8 : 2 },
      ),
    ),
  );
  const extraQuery = fc.option(
    fc.oneof(
      fc.constantFrom(
        '&__proto__[x]=1',
        '&constructor[prototype][x]=1',
        '&%zz=1',
        '&a',
        '=x',
        '&&',
        '&lang=en',
        '&limit=1&limit=2',
        '&bbox=1,2,3',
      ),
      fc.tuple(shortGarbage, garbageParameter).map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
    ),
    { nil: '' },
  );
  const jsonBody: fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }> = op.bodySchema
    ? fc.oneof(
        {
          weight: 5,
          arbitrary: arbitraryFromSchema(op.bodySchema).map((value) => ({
            payload: JSON.stringify(value),
            contentType: 'application/json',
          })),
        },
        {
          weight: 3,
          arbitrary: fc
            .tuple(
              arbitraryFromSchema(op.bodySchema),
              fc.array(
                fc.record({
                  path: fc.array(fc.nat(), { maxLength: 3 }),
                  garbage: garbageJson,
                  action: fc.constantFrom('replace' as const, 'add' as const, 'drop' as const),
                }),
                { minLength: 1, maxLength: 2 },
              ),
            )
            .map(([value, edits]) => ({ payload: jsonText(corruptJson(value, edits)), contentType: 'application/json' })),
        },
        {
          weight: 1,
          arbitrary: garbageJson.map((model: JsonModel) => ({ payload: jsonText(model), contentType: 'application/json' })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom('{', '{"a":', '[1,]', '{"a":1}}', 'nul', '"', '\uFEFF{}', '{"__proto__":{"x":1}}'),
              fc.constantFrom(...CONTENT_TYPES),
            )
            .map(([payload, contentType]) => ({ payload, contentType })),
        },
      )
    : fc.constant({});
  const rawBody =
    op.rawTypes.length > 0
      ? fc
          .tuple(RAW_BODIES, fc.constantFrom(...op.rawTypes, ...CONTENT_TYPES))
          .map(([payload, contentType]) => ({ payload, contentType }))
      : fc.constant({});
  const strayBody = fc.option(
    fc.tuple(RAW_BODIES, fc.constantFrom(...CONTENT_TYPES)).map(([payload, contentType]) => ({ payload, contentType })),
    { nil: {}, freq: 6 },
  );
  const body = op.bodySchema ? jsonBody : op.rawTypes.length > 0 ? rawBody : strayBody;
  return fc
    .record({
      caller: fc.constantFrom(...CALLERS),
      path: pathValues,
      query: queryValues,
      extraQuery,
      body,
      acceptLanguage: fc.option(fc.constantFrom('en', 'zh-CN', 'en-US,en;q=0.9', '*', 'xx', ''), { nil: undefined }),
    })
    .map(({ caller, path, query, extraQuery: extra, body: b, acceptLanguage }) => {
      let url = op.path;
      pathParameters.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(path[i]!))));
      const pairs = queryParameters.flatMap((p, i) =>
        query[i] === undefined ? [] : [`${encodeURIComponent(p.name)}=${encodeURIComponent(query[i]!)}`],
      );
      const search = pairs.join('&') + extra;
      return {
        caller,
        url: search === '' ? url : `${url}?${search}`,
        ...b,
        ...(acceptLanguage === undefined ? {} : { acceptLanguage }),
      };
    });
}

/** Asserts the body of an error response: the one shape, a registry code whose status the response has, every placeholder filled. */
function assertErrorBody(status: number, body: string, where: string): ErrorCode {
  const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } };
  const error = parsed.error;
  assert.ok(error && typeof error === 'object', `${where}: an error body, got ${body.slice(0, 200)}`);
  assert.ok(
    typeof error.code === 'string' && error.code in errorRegistry,
    `${where}: a registry code, got ${String(error.code)}`,
  );
  const code = error.code as ErrorCode;
  if (code === 'VALIDATION') {
    // A store's untranslated refusal (PostgreSQL's 22021 for a NUL, 22003 for an id past 2^31-1) names no field.
    const field = (error.details as { field?: unknown } | undefined)?.field;
    assert.ok(
      typeof field === 'string' && field !== '' && field !== 'unknown',
      `${where}: VALIDATION names its field: ${body.slice(0, 300)}`,
    );
  }
  assert.equal(status, errorRegistry[code].status, `${where}: ${code} has status ${errorRegistry[code].status}`);
  assert.ok(typeof error.message === 'string' && error.message.length > 0, `${where}: a message`);
  assert.ok(error.details !== null && typeof error.details === 'object', `${where}: details`);
  assert.deepEqual(
    unfilledPlaceholders(code, error.details as ErrorDetails),
    [],
    `${where}: every placeholder filled: ${String(error.message)}`,
  );
  assert.ok(typeof error.requestId === 'string' && error.requestId.length > 0, `${where}: a request id`);
  return code;
}

/** Routes whose successful change may replace or end the fixture's sessions and users. */
const touchesUsers = (op: Operation) => op.path.startsWith('/api/auth/') || op.path.startsWith('/api/admin/users');

/** How many inputs a store's run gives each route, out of the SQLite run's count for it. */
export type RouteBudget = (sqliteRuns: number) => number;

/**
 * Registers the API fuzz tests on a fixture of the store `fixtureStore`
 * opens, labelled with its name; `budget` scales each route's inputs.
 */
export function describeApiFuzz(fixtureStore: FixtureStore, budget: RouteBudget = (runs) => runs): void {
  let fixture: PlatformApp;
  let watch: StoreWatch;
  let operations: Operation[];
  const tokens = new Map<FixtureRole, string>();
  const counts = new Map<string, number>();
  const label = fixtureStore.name === 'SQLite' ? 'HTTP API' : `HTTP API on ${fixtureStore.name}`;

  async function signIn(): Promise<void> {
    for (const role of ['commission', 'office', 'merchant'] as const) tokens.set(role, await fixtureToken(fixture, role));
  }

  async function send(op: Operation, spec: RequestSpec) {
    const headers: Record<string, string> = {};
    if (spec.caller === 'cookie') headers.cookie = `${SESSION_COOKIE}=${tokens.get('commission')!}`;
    else if (spec.caller !== 'anonymous') headers.authorization = `Bearer ${tokens.get(spec.caller)!}`;
    if (spec.contentType) headers['content-type'] = spec.contentType;
    if (spec.acceptLanguage !== undefined) headers['accept-language'] = spec.acceptLanguage;
    return fixture.app.inject({
      method: op.method as 'GET',
      url: spec.url,
      headers,
      ...(spec.payload === undefined ? {} : { payload: spec.payload }),
    });
  }

  describe(`the HTTP API on ${fixtureStore.name}`, () => {
    before(async () => {
      // Rate limits would turn most requests into 429s; they are tested on their own.
      fixture = await openPlatformApp(
        { loginPerMinute: 1e9, anonymousPostsPerHour: 1e9, publicReadsPerMinute: 1e9 },
        fixtureStore,
      );
      watch = fixture.watch;
      await signIn();
      const doc = (await fixture.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<
          string,
          Record<
            string,
            { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema?: JsonSchema }> } }
          >
        >;
      };
      operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => {
          const content = op.requestBody?.content ?? {};
          return {
            method: method.toUpperCase(),
            path,
            parameters: op.parameters ?? [],
            bodySchema: content['application/json']?.schema ?? null,
            rawTypes: Object.keys(content).filter((type) => type !== 'application/json'),
          };
        }),
      );
    });

    after(async () => {
      await fixture.close();
    });

    test('every route of the OpenAPI document answers any request without a 5xx, in the one error shape, and a refused change writes nothing', async (t) => {
      assert.ok(operations.length >= 55, `the document lists the routes (${operations.length})`);
      const codesSeen = new Map<string, number>();
      const statusClasses = new Map<string, number>();
      for (const op of operations) {
        const key = `${op.method} ${op.path}`;
        const isLogin = key === 'POST /api/auth/login';
        await fc.assert(
          fc.asyncProperty(requestArbitrary(op), async (spec) => {
            counts.set(key, (counts.get(key) ?? 0) + 1);
            const before = await watch.version();
            const digest = isLogin ? await watch.digest() : null;
            const response = await send(op, spec);
            const where = `${op.method} ${spec.url.slice(0, 200)} as ${spec.caller}`;
            assert.ok(response.statusCode < 500, `${where}: ${response.statusCode} ${response.body.slice(0, 300)}`);
            const isRefused = response.statusCode >= 400;
            const statusClass = `${Math.floor(response.statusCode / 100)}xx`;
            statusClasses.set(statusClass, (statusClasses.get(statusClass) ?? 0) + 1);
            if (isRefused) {
              const code = assertErrorBody(response.statusCode, response.body, where);
              codesSeen.set(code, (codesSeen.get(code) ?? 0) + 1);
            }
            const hasCommitted = (await watch.version()) !== before;
            if (op.method === 'GET') assert.ok(!hasCommitted, `${where}: a GET wrote to the database`);
            else if (isRefused && hasCommitted) {
              // Only a failed sign-in writes when refused: its audit entry, nothing else.
              assert.ok(isLogin, `${where}: a refused change committed (${response.body.slice(0, 200)})`);
              assert.deepEqual(changedTables(digest!, await watch.digest()), ['audit_log'], `${where}: only the audit log`);
              const [entry] = await fixture.store.listAudit({ limit: 1 });
              assert.equal(entry?.action, 'login.failure');
            }
            if (!isRefused && op.method !== 'GET' && touchesUsers(op)) {
              await restoreUsers(fixture);
              await signIn();
            }
          }),
          fuzzParameters(Math.max(1, Math.round(budget(HEAVY_RUNS[key] ?? DEFAULT_RUNS))), 60_000),
        );
      }
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      t.diagnostic(fuzzTally(`${label}: ${operations.length} routes`, total));
      t.diagnostic(`statuses: ${[...statusClasses].map(([status, n]) => `${status} ${n}`).join(', ')}`);
      t.diagnostic(`error codes seen: ${[...codesSeen].map(([code, n]) => `${code} ${n}`).join(', ')}`);
    });

    test('the JSON body parser refuses a body nested 100,000 deep, with prototype keys at every level, without a 5xx', async (t) => {
      let count = 0;
      const deep = (depth: number, key: string) => `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;
      for (const op of operations.filter((o) => o.bodySchema !== null)) {
        for (const payload of [
          deep(100_000, 'a'),
          deep(10_000, '__proto__'),
          `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
          jsonText(new JsonEntries([['constructor', new JsonEntries([['prototype', 1]])]])),
        ]) {
          count++;
          const before = await watch.version();
          const response = await send(op, {
            caller: 'commission',
            url: op.path.replace(/\{\w+\}/g, '1'),
            payload,
            contentType: 'application/json',
          });
          assert.ok(response.statusCode < 500, `${op.method} ${op.path}: ${response.statusCode} ${response.body.slice(0, 300)}`);
          if (response.statusCode >= 400) {
            assertErrorBody(response.statusCode, response.body, `${op.method} ${op.path}`);
            assert.equal(await watch.version(), before, `${op.method} ${op.path}: refused, yet committed`);
          }
        }
      }
      t.diagnostic(fuzzTally(`${label}: deep JSON bodies`, count));
    });
  });
}

/** The PostGIS run's inputs per route: a quarter of SQLite's, at least one. */
export const POSTGIS_ROUTE_BUDGET: RouteBudget = (runs) => Math.max(1, Math.round(runs / 4));
