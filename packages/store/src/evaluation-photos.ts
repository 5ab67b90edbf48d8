import type { FieldEvaluation } from '@lifecircle/shared';

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
