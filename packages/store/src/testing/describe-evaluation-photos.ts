import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError, seededRng } from '@lifecircle/shared';
import type { EvaluationPhoto, PhotoMediaType } from '../evaluation-photos.js';
import type { StoreTx } from '../store.js';
import type { MakeStore } from './fixtures.js';
import { adminFixture, withStore } from './fixtures.js';

const MEDIA_TYPES: PhotoMediaType[] = ['image/jpeg', 'image/png', 'image/webp'];

/** Field evaluations in two streets to attach photos to. */
async function evaluations(store: StoreTx): Promise<{ ids: number[]; streetOf: Map<number, number>; userId: number }> {
  const refs = await adminFixture(store);
  const user = await store.insertUser({
    username: 'inspector',
    displayName: '王五',
    role: 'street_office',
    streetId: refs.streetIds[0]!,
    merchantId: null,
    passwordHash: 'h',
    isDisabled: false,
    mustChangePassword: false,
  });
  const ids: number[] = [];
  const streetOf = new Map<number, number>();
  for (const [i, circleId] of [refs.circleIds[0]!, refs.circleIds[1]!, refs.circleIds[0]!].entries()) {
    const streetId = refs.streetIds[i === 1 ? 1 : 0]!;
    const evaluation = await store.insertFieldEvaluation({
      circleId,
      streetId,
      userId: user.id,
      visitedOn: '2026-11-20',
      checks: [{ categoryId: 'breakfast', isPresent: true, note: null }],
      notes: null,
      photos: [],
    });
    ids.push(evaluation.id);
    streetOf.set(evaluation.id, streetId);
  }
  return { ids, streetOf, userId: user.id };
}

/** Photos of field evaluations: bytes kept exactly, records listed by evaluation and street, misses. */
export function describeEvaluationPhotos(makeStore: MakeStore): void {
  describe('field-evaluation photos', () => {
    it('keeps every byte of every photo and lists records like a linear scan by evaluation and street', () =>
      withStore(makeStore, async (store) => {
        const seed = 41;
        const rng = seededRng(seed);
        const { ids, streetOf, userId } = await evaluations(store);
        const stored: { photo: EvaluationPhoto; bytes: Uint8Array }[] = [];
        for (let i = 0; i < 12; i++) {
          // Sizes from empty to 300 kB, with zero bytes and every byte value.
          const bytes = new Uint8Array(i === 0 ? 0 : Math.floor(rng() * 300_000));
          for (let b = 0; b < bytes.length; b++) bytes[b] = rng() < 0.2 ? 0 : Math.floor(rng() * 256);
          const evaluationId = ids[i % ids.length]!;
          const mediaType = MEDIA_TYPES[i % 3]!;
          const photo = await store.insertEvaluationPhoto({ evaluationId, fileName: `照片 ${i}.jpg`, mediaType, userId, bytes });
          assert.deepEqual(
            { ...photo, createdAt: '' },
            {
              id: photo.id,
              evaluationId,
              streetId: streetOf.get(evaluationId),
              fileName: `照片 ${i}.jpg`,
              mediaType,
              sizeBytes: bytes.length,
              userId,
              createdAt: '',
            },
          );
          assert.ok(!Number.isNaN(Date.parse(photo.createdAt)));
          stored.push({ photo, bytes });
        }
        for (const { photo, bytes } of stored) {
          const read = await store.getEvaluationPhoto(photo.id);
          assert.deepEqual(read?.photo, photo);
          assert.ok(
            read !== null && Buffer.from(read.bytes).equals(Buffer.from(bytes)),
            `seed ${seed}: bytes of photo ${photo.id}`,
          );
        }
        const all = stored.map((entry) => entry.photo);
        assert.deepEqual(await store.listEvaluationPhotos(), all);
        for (const evaluationId of ids)
          assert.deepEqual(
            await store.listEvaluationPhotos({ evaluationId }),
            all.filter((photo) => photo.evaluationId === evaluationId),
          );
        for (const streetId of new Set(streetOf.values()))
          assert.deepEqual(
            await store.listEvaluationPhotos({ streetId }),
            all.filter((photo) => photo.streetId === streetId),
          );
        assert.deepEqual(await store.listEvaluationPhotos({ evaluationId: ids[1]!, streetId: streetOf.get(ids[0]!)! }), []);
      }));

    it('reads one evaluation back, and refuses a photo of a missing one; misses are null', () =>
      withStore(makeStore, async (store) => {
        const { ids, userId } = await evaluations(store);
        const listed = await store.listFieldEvaluations();
        assert.deepEqual(await store.getFieldEvaluation(ids[1]!), listed[1]);
        assert.equal(await store.getFieldEvaluation(9999), null);
        assert.equal(await store.getEvaluationPhoto(9999), null);
        await assert.rejects(
          store.insertEvaluationPhoto({
            evaluationId: 9999,
            fileName: 'x.png',
            mediaType: 'image/png',
            userId,
            bytes: new Uint8Array([1]),
          }),
          (error) => isLifecircleError(error, 'NOT_FOUND'),
        );
        assert.deepEqual(await store.listEvaluationPhotos(), []);
      }));

    it('a photo stored in a transaction that fails is gone', () =>
      withStore(makeStore, async (store) => {
        const { ids, userId } = await evaluations(store);
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.insertEvaluationPhoto({
              evaluationId: ids[0]!,
              fileName: 'a.webp',
              mediaType: 'image/webp',
              userId,
              bytes: new Uint8Array(10),
            });
            throw new Error('abandon');
          }),
          /abandon/,
        );
        assert.deepEqual(await store.listEvaluationPhotos(), []);
      }));
  });
}
