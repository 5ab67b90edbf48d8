import type { FieldEvaluation } from '@lifecircle/shared';
import type { DbRow } from './record-mappers.js';

/** The image types a field-evaluation photo may have (checked by magic bytes at the API). */
export type PhotoMediaType = 'image/jpeg' | 'image/png' | 'image/webp';

/** A photo attached to a field evaluation; its bytes are read with `getEvaluationPhoto`. */
export interface EvaluationPhoto {
  id: number;
  evaluationId: number;
  /** The street of its evaluation (who may see it). */
  streetId: number;
  /** The name of the file as uploaded. */
  fileName: string;
  mediaType: PhotoMediaType;
  sizeBytes: number;
  /** Who uploaded it. */
  userId: number | null;
  createdAt: string;
}

/** A photo to store: its record's own fields and its bytes. */
export interface NewEvaluationPhoto {
  evaluationId: number;
  fileName: string;
  mediaType: PhotoMediaType;
  userId: number | null;
  bytes: Uint8Array;
}

/**
 * Photos of field evaluations, stored in the database beside their evaluation (a BLOB table in SQLite,
 * bytea in PostgreSQL). Part of `StoreTx`; kept in its own file so another implementation can port it alone.
 */
export interface EvaluationPhotoStore {
  /** One field evaluation, or null. */
  getFieldEvaluation(id: number): Promise<FieldEvaluation | null>;
  /** Stores a photo of an existing evaluation (NOT_FOUND when there is none); the bytes are kept exactly. */
  insertEvaluationPhoto(photo: NewEvaluationPhoto): Promise<EvaluationPhoto>;
  /** A photo's record and its bytes, or null. */
  getEvaluationPhoto(id: number): Promise<{ photo: EvaluationPhoto; bytes: Uint8Array } | null>;
  /** Photo records (without bytes) in id order: of one evaluation, of one street's evaluations, or all. */
  listEvaluationPhotos(filter?: { evaluationId?: number; streetId?: number }): Promise<EvaluationPhoto[]>;
}

/** The photo record columns, with the street of the evaluation joined in (never the bytes, which lists leave out); the same SQL for both stores. */
export const PHOTO_RECORD_SQL = `SELECT p.id, p.evaluation_id, e.street_id, p.file_name, p.media_type, p.size_bytes, p.user_id, p.created_at
  FROM evaluation_photos p JOIN field_evaluations e ON e.id = p.evaluation_id`;

/** A photo record from a `PHOTO_RECORD_SQL` row (both drivers read these columns alike). */
export function photoFromRow(r: DbRow): EvaluationPhoto {
  return {
    id: r.id as number,
    evaluationId: r.evaluation_id as number,
    streetId: r.street_id as number,
    fileName: r.file_name as string,
    mediaType: r.media_type as PhotoMediaType,
    sizeBytes: r.size_bytes as number,
    userId: r.user_id as number | null,
    createdAt: r.created_at as string,
  };
}
