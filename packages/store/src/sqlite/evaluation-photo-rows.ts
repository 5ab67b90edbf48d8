import { LifecircleError } from '@lifecircle/shared';
import { PHOTO_RECORD_SQL as RECORD, photoFromRow } from '../evaluation-photos.js';
import { sqliteRecords } from './sqlite-records.js';
import type { RowContext, SyncTx } from './sync-tx.js';
import { WhereClause, statementCache } from './sync-tx.js';
import { tableWriter } from './table-writer.js';

type DbRow = Record<string, unknown>;

/** Field-evaluation photos in the `evaluation_photos` table (migration 3), bytes as a BLOB. */
export function evaluationPhotoRows(
  context: RowContext,
): Pick<SyncTx, 'getFieldEvaluation' | 'insertEvaluationPhoto' | 'getEvaluationPhoto' | 'listEvaluationPhotos'> {
  const { db } = context;
  const photos = tableWriter(db, 'evaluation_photos', [
    'evaluation_id',
    'file_name',
    'media_type',
    'size_bytes',
    'bytes',
    'user_id',
    'created_at',
  ]);
  const getEvaluation = db.prepare('SELECT * FROM field_evaluations WHERE id = ?');
  const getRecord = db.prepare(`${RECORD} WHERE p.id = ?`);
  const getBytes = db.prepare('SELECT bytes FROM evaluation_photos WHERE id = ?');
  const statement = statementCache(db);
  return {
    getFieldEvaluation(id) {
      const row = getEvaluation.get(id) as DbRow | undefined;
      return row ? sqliteRecords.fieldEvaluationFromRow(row) : null;
    },
    insertEvaluationPhoto(photo) {
      if (getEvaluation.get(photo.evaluationId) === undefined)
        throw new LifecircleError('NOT_FOUND', { entity: 'field evaluation', id: photo.evaluationId });
      const id = photos.insert({
        evaluation_id: photo.evaluationId,
        file_name: photo.fileName,
        media_type: photo.mediaType,
        size_bytes: photo.bytes.byteLength,
        // better-sqlite3 binds a Buffer as a BLOB; a view over the same memory, no copy.
        bytes: Buffer.from(photo.bytes.buffer, photo.bytes.byteOffset, photo.bytes.byteLength),
        user_id: photo.userId,
        created_at: context.now(),
      });
      return photoFromRow(getRecord.get(id) as DbRow);
    },
    getEvaluationPhoto(id) {
      const row = getRecord.get(id) as DbRow | undefined;
      if (row === undefined) return null;
      const { bytes } = getBytes.get(id) as { bytes: Buffer };
      return { photo: photoFromRow(row), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    },
    listEvaluationPhotos(filter = {}) {
      const where = new WhereClause();
      if (filter.evaluationId !== undefined)
        where.add('p.evaluation_id = @evaluation_id', { evaluation_id: filter.evaluationId });
      if (filter.streetId !== undefined) where.add('e.street_id = @street_id', { street_id: filter.streetId });
      return (statement(`${RECORD} ${where} ORDER BY p.id`).all(where.params) as DbRow[]).map(photoFromRow);
    },
  };
}
