import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ErrorCode } from '@lifecircle/shared';
import { unfilledPlaceholders } from '@lifecircle/shared/testing';
import type { Store } from '@lifecircle/store';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEFAULT_SERVER_CONFIG } from './deps.js';
import { loginToken, TINY_USERS, tinyApp } from './testing/seed-tiny.js';

interface ErrorJson {
  error: { code: string; message: string; details: Record<string, string | number>; requestId: string };
}

/** Asserts the one error shape with this status and code, and returns the error. */
function errorOf(response: LightMyRequestResponse, status: number, code: string): ErrorJson['error'] {
  assert.equal(response.statusCode, status, response.body.slice(0, 300));
  const body = response.json() as ErrorJson;
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(body.error.requestId, response.headers['x-request-id']);
  assert.deepEqual(unfilledPlaceholders(code as ErrorCode, body.error.details), []);
  return body.error;
}

// Small limits, so the tests send small requests; the defaults are checked apart.
const LIMITS = {
  bodyLimitBytes: 2000,
  importBodyLimitBytes: 3000,
  photoBytesLimit: 1500,
  urlLimitBytes: 600,
  pathParameterLimitBytes: 40,
};
let app: FastifyInstance;
let store: Store;
let token: string;
let officeToken: string;

before(async () => {
  ({ app, store } = await tinyApp({ config: { ...LIMITS, loginPerMinute: 1000, anonymousPostsPerHour: 1000 } }));
  token = await loginToken(app, TINY_USERS.commission);
  officeToken = await loginToken(app, TINY_USERS.officeA);
});
after(async () => {
  await app.close();
  await store.close();
});

describe('size limits: too large is PAYLOAD_TOO_LARGE (413) naming the limit and the part', () => {
  test('the defaults: JSON bodies 1 MiB, import files 64 MiB, photos 8 MiB, URLs 8 KiB, path parameters 100 bytes', () => {
    assert.equal(DEFAULT_SERVER_CONFIG.bodyLimitBytes, 1024 * 1024);
    assert.equal(DEFAULT_SERVER_CONFIG.importBodyLimitBytes, 64 * 1024 * 1024);
    assert.equal(DEFAULT_SERVER_CONFIG.photoBytesLimit, 8 * 1024 * 1024);
    assert.equal(DEFAULT_SERVER_CONFIG.urlLimitBytes, 8 * 1024);
    assert.equal(DEFAULT_SERVER_CONFIG.pathParameterLimitBytes, 100);
  });

  test('a JSON body one byte past the limit is refused; one at the limit is read', async () => {
    const body = (size: number) => {
      const head = '{"need":"';
      const tail = '","lng":121.405,"lat":31.205}';
      return head + 'x'.repeat(size - head.length - tail.length) + tail;
    };
    const send = (payload: string) =>
      app.inject({ method: 'POST', url: '/api/requests', headers: { 'content-type': 'application/json' }, payload });
    const refused = errorOf(await send(body(LIMITS.bodyLimitBytes + 1)), 413, 'PAYLOAD_TOO_LARGE');
    assert.deepEqual([refused.details.limit, refused.details.part], [LIMITS.bodyLimitBytes, 'body']);
    assert.match(refused.message, new RegExp(`${LIMITS.bodyLimitBytes}`));
    // At the limit the body is read (and then judged on its content).
    assert.notEqual((await send(body(LIMITS.bodyLimitBytes))).statusCode, 413);
  });

  test('an import file past its own limit is refused, though larger than a JSON body may be', async () => {
    const csv = (size: number) => 'name,lng,lat,category\n' + 'x'.repeat(size - 23) + '\n';
    const send = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/api/admin/imports/outlets?file=big.csv',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        payload,
      });
    const refused = errorOf(await send(csv(LIMITS.importBodyLimitBytes + 1)), 413, 'PAYLOAD_TOO_LARGE');
    assert.deepEqual([refused.details.limit, refused.details.part], [LIMITS.importBodyLimitBytes, 'body']);
    assert.notEqual((await send(csv(LIMITS.bodyLimitBytes + 500))).statusCode, 413);
  });

  test('a photo past its limit is refused', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(LIMITS.photoBytesLimit),
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/api/street/evaluations/1/photos',
      headers: { authorization: `Bearer ${officeToken}`, 'content-type': 'image/png' },
      payload: png,
    });
    const refused = errorOf(response, 413, 'PAYLOAD_TOO_LARGE');
    assert.equal(refused.details.limit, LIMITS.photoBytesLimit);
  });

  test('a URL past the limit is refused before anything reads it, whatever the route (unknown ones too)', async () => {
    for (const url of ['/api/outlets?keyword=', '/api/no-such-route?x=', '/api/admin/audit?entity=']) {
      const long = url + 'x'.repeat(LIMITS.urlLimitBytes - url.length + 1);
      const refused = errorOf(await app.inject({ url: long }), 413, 'PAYLOAD_TOO_LARGE');
      assert.deepEqual([refused.details.limit, refused.details.part], [LIMITS.urlLimitBytes, 'url']);
    }
    // Multi-byte characters count as their UTF-8 bytes, percent-encoded as the client sends them.
    const chinese = '/api/outlets?keyword=' + encodeURIComponent('便'.repeat(Math.ceil(LIMITS.urlLimitBytes / 9)));
    errorOf(await app.inject({ url: chinese }), 413, 'PAYLOAD_TOO_LARGE');
    assert.equal((await app.inject({ url: '/api/outlets?keyword=' + 'x'.repeat(100) })).statusCode, 200);
  });

  test('over real HTTP: a URL past the app’s limit gets its 413; past Node’s 16 KiB header limit, Node’s own 431', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const ours = await fetch(`${address}/api/outlets?keyword=${'x'.repeat(LIMITS.urlLimitBytes)}`);
      assert.equal(ours.status, 413);
      assert.equal(((await ours.json()) as ErrorJson).error.code, 'PAYLOAD_TOO_LARGE');
      const nodes = await fetch(`${address}/api/outlets?keyword=${'x'.repeat(17 * 1024)}`);
      assert.equal(nodes.status, 431, 'Node refuses the request line before the app sees it');
    } finally {
      await app.server.close();
    }
  });

  // Found by the API fuzzing (cli/api.fuzz.test.ts): Fastify answered {"error":"Bad Request","code":"FST_ERR_MAX_PARAM_LENGTH"} itself.
  test('fuzz regression: a path parameter past its limit is PAYLOAD_TOO_LARGE in the one error shape', async () => {
    const refused = errorOf(
      await app.inject({ url: `/api/outlets/${'x'.repeat(LIMITS.pathParameterLimitBytes + 1)}` }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    assert.deepEqual([refused.details.limit, refused.details.part], [LIMITS.pathParameterLimitBytes, 'path parameter']);
  });

  test('a multipart body is refused whole (no route reads multipart parts) as UNSUPPORTED_FORMAT', async () => {
    const payload = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname\r\n--x--\r\n';
    for (const url of ['/api/requests', '/api/admin/imports/outlets?file=a.csv']) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=x' },
        payload,
      });
      errorOf(response, 400, 'UNSUPPORTED_FORMAT');
    }
  });
});

describe('fuzz regressions (cli/api.fuzz.test.ts)', () => {
  test('bad percent-encoding in the path is VALIDATION in the one error shape, not Fastify’s own answer', async () => {
    const error = errorOf(await app.inject({ url: '/api/outlets/%E4%B8' }), 400, 'VALIDATION');
    assert.equal(error.details.field, 'url');
  });

  test('an id written "Infinity" is VALIDATION (it passed as an integer and broke the error serializer: a 500)', async () => {
    for (const url of ['/api/outlets/Infinity', '/api/circles/Infinity', '/api/admin/audit?userId=Infinity']) {
      const response = await app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      errorOf(response, 400, 'VALIDATION');
    }
  });
});
