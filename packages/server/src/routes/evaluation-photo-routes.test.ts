import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRng } from '@lifecircle/shared';
import { loginToken, TINY_PHOTO, TINY_USERS, tinyApp } from '../testing/seed-tiny.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const code = (response: { json(): unknown }) =>
  (response.json() as { error: { code: string; details: { field?: string } } }).error;

/** A PNG signature followed by `size - 8` seeded random bytes (the API reads the signature only). */
function pngLike(size: number, seed: number): Buffer {
  const rng = seededRng(seed);
  const bytes = Buffer.alloc(size);
  Buffer.from(TINY_PHOTO.subarray(0, 8)).copy(bytes);
  for (let i = 8; i < size; i++) bytes[i] = Math.floor(rng() * 256);
  return bytes;
}

test('street B’s office uploads a photo and reads back the same bytes; street A’s office may not; the list names it', async () => {
  const { app, store, seed } = await tinyApp();
  const officeB = await loginToken(app, TINY_USERS.officeB);
  const officeA = await loginToken(app, TINY_USERS.officeA);
  const commission = await loginToken(app, TINY_USERS.commission);
  const bytes = pngLike(50_000, 3);
  const upload = await app.inject({
    method: 'POST',
    url: `/api/street/evaluations/${seed.evaluationB}/photos?name=${encodeURIComponent('D:\\照片\\菜场门口.png')}`,
    headers: { ...bearer(officeB), 'content-type': 'image/png' },
    payload: bytes,
  });
  assert.equal(upload.statusCode, 201, upload.body);
  const photo = upload.json() as { id: number; fileName: string; mediaType: string; sizeBytes: number; streetId: number };
  assert.deepEqual(
    [photo.fileName, photo.mediaType, photo.sizeBytes, photo.streetId],
    ['菜场门口.png', 'image/png', 50_000, seed.streetB],
  );

  for (const token of [officeB, commission]) {
    const read = await app.inject({
      url: `/api/street/evaluations/${seed.evaluationB}/photos/${photo.id}`,
      headers: bearer(token),
    });
    assert.equal(read.statusCode, 200);
    assert.ok(read.rawPayload.equals(bytes), 'the bytes served are the bytes uploaded');
    assert.equal(read.headers['content-type'], 'image/png');
    assert.equal(read.headers['x-content-type-options'], 'nosniff');
  }
  const refused = await app.inject({
    url: `/api/street/evaluations/${seed.evaluationB}/photos/${photo.id}`,
    headers: bearer(officeA),
  });
  assert.deepEqual([refused.statusCode, code(refused).code], [403, 'FORBIDDEN']);
  // A photo asked for under another evaluation's id is not found there.
  const evaluation = await store.insertFieldEvaluation({ ...(await store.getFieldEvaluation(seed.evaluationB))!, photos: [] });
  const elsewhere = await app.inject({
    url: `/api/street/evaluations/${evaluation.id}/photos/${photo.id}`,
    headers: bearer(officeB),
  });
  assert.deepEqual([elsewhere.statusCode, code(elsewhere).code], [404, 'NOT_FOUND']);

  const listed = (await app.inject({ url: '/api/street/evaluations', headers: bearer(officeB) })).json() as {
    evaluations: { id: number; uploads: { id: number }[] }[];
  };
  assert.deepEqual(
    listed.evaluations.find((entry) => entry.id === seed.evaluationB)?.uploads.map((entry) => entry.id),
    [seed.photoB, photo.id],
  );
  assert.deepEqual(listed.evaluations.find((entry) => entry.id === evaluation.id)?.uploads, []);
  const audit = await store.listAudit({ entity: 'field_evaluation', entityId: String(seed.evaluationB) });
  assert.equal(audit[0]?.action, 'evaluation.photo.add');
  await app.close();
  await store.close();
});

test('a file that is not an image, a mislabelled one, one too large, one too many and a missing evaluation are refused, and nothing is stored', async () => {
  const { app, store, seed } = await tinyApp({ config: { photoBytesLimit: 1000, maxPhotosPerEvaluation: 2 } });
  const officeB = await loginToken(app, TINY_USERS.officeB);
  const post = (payload: Buffer, contentType: string, evaluationId = seed.evaluationB) =>
    app.inject({
      method: 'POST',
      url: `/api/street/evaluations/${evaluationId}/photos?name=x`,
      headers: { ...bearer(officeB), 'content-type': contentType },
      payload,
    });
  const before = (await store.listEvaluationPhotos()).length;
  const text = await post(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png');
  assert.deepEqual([text.statusCode, code(text).code, code(text).details.field], [400, 'VALIDATION', 'body']);
  const mislabelled = await post(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/png');
  assert.deepEqual([mislabelled.statusCode, code(mislabelled).details.field], [400, 'content-type']);
  const large = await post(pngLike(1001, 4), 'image/png');
  assert.deepEqual([large.statusCode, code(large).code], [413, 'PAYLOAD_TOO_LARGE']);
  const gif = await post(Buffer.from('GIF89a'), 'image/gif');
  assert.deepEqual([gif.statusCode, code(gif).code], [400, 'UNSUPPORTED_FORMAT']);
  const missing = await post(pngLike(100, 5), 'image/png', 9999);
  assert.deepEqual([missing.statusCode, code(missing).code], [404, 'NOT_FOUND']);
  assert.equal((await store.listEvaluationPhotos()).length, before);
  // The seed holds one photo: one more fits, the third is refused.
  assert.equal((await post(pngLike(1000, 6), 'application/octet-stream')).statusCode, 201);
  const third = await post(pngLike(100, 7), 'image/png');
  assert.deepEqual([third.statusCode, code(third).code], [409, 'CONFLICT']);
  assert.equal((await store.listEvaluationPhotos({ evaluationId: seed.evaluationB })).length, 2);
  await app.close();
  await store.close();
});
