import { LifecircleError } from '@lifecircle/shared';
import { Type, type Static } from '@sinclair/typebox';
import { currentUser, requireRole } from '../auth/guard.js';
import { STREET_ROLES } from '../auth/roles.js';
import { audit } from '../services/audit.js';
import { cleanFileName, detectImageType } from '../services/image-type.js';
import { assertStreetScope } from '../services/scope.js';
import { errorResponses, Id, IdParams } from '../schemas/common.js';
import type { RouteContext } from './context.js';

/** The content types a photo upload may declare (the bytes decide; octet-stream when the client does not know). */
const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];

/** A stored photo's record, as the API lists it. */
export const EvaluationPhoto = Type.Object({
  id: Id,
  evaluationId: Id,
  streetId: Id,
  fileName: Type.String(),
  mediaType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png'), Type.Literal('image/webp')]),
  sizeBytes: Type.Integer(),
  userId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
});

const UploadQuery = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500, default: 'photo', description: 'The file name as uploaded' }),
  lang: Type.Optional(Type.String()),
});
const PhotoParams = Type.Object({ id: Id, photoId: Id });

/**
 * Photos of field evaluations: street-office staff upload JPEG, PNG or WebP files (checked by their bytes, up to
 * `photoBytesLimit` each and `maxPhotosPerEvaluation` per evaluation) to an evaluation of their street; the
 * office of that street and the commission read them back.
 */
export function registerEvaluationPhotoRoutes({ app, deps, config }: RouteContext): void {
  const { store } = deps;
  const staff = requireRole(...STREET_ROLES);

  /** The evaluation, if the user may see it (NOT_FOUND / FORBIDDEN otherwise). */
  const evaluationFor = async (id: number, user: ReturnType<typeof currentUser>) => {
    const evaluation = await store.getFieldEvaluation(id);
    if (evaluation === null) throw new LifecircleError('NOT_FOUND', { entity: 'field evaluation', id });
    assertStreetScope(user, [evaluation.streetId], `field evaluation ${id}`);
    return evaluation;
  };

  // Uploads are the image itself as the body: this scope reads bodies as bytes instead of JSON.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      PHOTO_CONTENT_TYPES,
      { parseAs: 'buffer', bodyLimit: config.photoBytesLimit },
      (_request, body, done) => done(null, body),
    );
    scope.post<{ Params: IdParams; Querystring: Static<typeof UploadQuery> }>(
      '/api/street/evaluations/:id/photos',
      {
        onRequest: staff,
        bodyLimit: config.photoBytesLimit,
        schema: {
          tags: ['street'],
          summary: 'Attach a photo (JPEG, PNG or WebP, the raw bytes as the body) to a field evaluation of the own street',
          description: `Send the image as the body with one of: ${PHOTO_CONTENT_TYPES.join(', ')}; at most ${config.photoBytesLimit} bytes and ${config.maxPhotosPerEvaluation} photos per evaluation.`,
          params: IdParams,
          querystring: UploadQuery,
          response: { 201: EvaluationPhoto, ...errorResponses },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new LifecircleError('VALIDATION', { field: 'body', reason: 'expected the image as the body' });
        const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
        const mediaType = detectImageType(bytes);
        if (mediaType === null)
          throw new LifecircleError('VALIDATION', { field: 'body', reason: 'not a JPEG, PNG or WebP image' });
        const declared = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (declared !== 'application/octet-stream' && declared !== mediaType)
          throw new LifecircleError('VALIDATION', {
            field: 'content-type',
            reason: `${declared} declared, the bytes are ${mediaType}`,
          });
        const evaluation = await evaluationFor(request.params.id, user);
        const photo = await store.transaction(async (tx) => {
          // Counted inside the transaction, so two uploads at once cannot both take the last place.
          const numPhotos = (await tx.listEvaluationPhotos({ evaluationId: evaluation.id })).length;
          if (numPhotos >= config.maxPhotosPerEvaluation)
            throw new LifecircleError('CONFLICT', {
              reason: `field evaluation ${evaluation.id} has ${numPhotos} photos, the most allowed`,
            });
          const inserted = await tx.insertEvaluationPhoto({
            evaluationId: evaluation.id,
            fileName: cleanFileName(request.query.name),
            mediaType,
            userId: user.id,
            bytes,
          });
          await audit(tx, request, 'evaluation.photo.add', 'field_evaluation', evaluation.id, null, inserted);
          return inserted;
        });
        return reply.status(201).send(photo);
      },
    );
  });

  app.get<{ Params: Static<typeof PhotoParams> }>(
    '/api/street/evaluations/:id/photos/:photoId',
    {
      onRequest: staff,
      schema: {
        tags: ['street'],
        summary: 'A photo of a field evaluation of the own street (the image bytes)',
        params: PhotoParams,
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const evaluation = await evaluationFor(request.params.id, user);
      const found = await store.getEvaluationPhoto(request.params.photoId);
      if (found === null || found.photo.evaluationId !== evaluation.id)
        throw new LifecircleError('NOT_FOUND', { entity: 'photo', id: request.params.photoId });
      return reply
        .header('content-type', found.photo.mediaType)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(found.photo.fileName)}`)
        .send(Buffer.from(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength));
    },
  );
}
