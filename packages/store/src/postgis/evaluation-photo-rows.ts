import { LifecircleError } from '@lifecircle/shared';
import { PHOTO_RECORD_SQL as RECORD, photoFromRow } from '../evaluation-photos.js';
import type { EvaluationPhotoOperations } from '../operation-groups.js';
import type { PgOperations, PgRowContext } from './pg-db.js';
import { PgWhere } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

/** Field-evaluation photos in the `evaluation_photos` table (migration 3), bytes as bytea. */
export function evaluationPhotoRows(context: PgRowContext): Pick<PgOperations, EvaluationPhotoOperations> {
  return {
    async getFieldEvaluation(db, id) {
      const row = await db.row('SELECT * FROM field_evaluations WHERE id = $1', [id]);
      return row ? postgisRecords.fieldEvaluationFromRow(row) : null;
    },
    async insertEvaluationPhoto(db, photo) {
      // Locked so the evaluation cannot go away between the check and the insert.
      if (!(await db.lockRow('field_evaluations', photo.evaluationId)))
        throw new LifecircleError('NOT_FOUND', { entity: 'field evaluation', id: photo.evaluationId });
      const inserted = await db.row<{ id: number }>(
        `INSERT INTO evaluation_photos (evaluation_id, file_name, media_type, size_bytes, bytes, user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          photo.evaluationId,
          photo.fileName,
          photo.mediaType,
          photo.bytes.byteLength,
          // node-postgres sends a Buffer as bytea; a view over the same memory, no copy.
          Buffer.from(photo.bytes.buffer, photo.bytes.byteOffset, photo.bytes.byteLength),
          photo.userId,
          context.now(),
        ],
      );
      return photoFromRow((await db.row(`${RECORD} WHERE p.id = $1`, [inserted!.id]))!);
    },
    async getEvaluationPhoto(db, id) {
      const row = await db.row(`${RECORD} WHERE p.id = $1`, [id]);
      if (row === null) return null;
      const { bytes } = (await db.row<{ bytes: Buffer }>('SELECT bytes FROM evaluation_photos WHERE id = $1', [id]))!;
      return { photo: photoFromRow(row), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    },
    async listEvaluationPhotos(db, filter = {}) {
      const where = new PgWhere();
      where.equals('p.evaluation_id', filter.evaluationId);
      where.equals('e.street_id', filter.streetId);
      return (await db.rows(`${RECORD} ${where} ORDER BY p.id`, where.params)).map(photoFromRow);
    },
  };
}
