import { LifecircleError, type Bbox, type Taxonomy } from '@lifecircle/shared';

/** Throws VALIDATION (naming `field`) unless every id is a category of the taxonomy. */
export function assertCategories(taxonomy: Taxonomy, ids: readonly string[], field: string): void {
  ids.forEach((id, index) => {
    if (!taxonomy.byId.has(id)) {
      throw new LifecircleError('VALIDATION', {
        field: ids.length === 1 && field === 'category' ? field : `${field}.${index}`,
        reason: `unknown category "${id}"`,
      });
    }
  });
}

/** Parses `minLng,minLat,maxLng,maxLat` (WGS-84 degrees, min below max); VALIDATION field bbox otherwise. */
export function parseBbox(text: string): Bbox {
  const parts = text.split(',').map((part) => Number(part.trim()));
  const fail = (reason: string) => new LifecircleError('VALIDATION', { field: 'bbox', reason });
  if (parts.length !== 4 || parts.some((value) => !Number.isFinite(value))) throw fail('expected minLng,minLat,maxLng,maxLat');
  const [minLng, minLat, maxLng, maxLat] = parts as [number, number, number, number];
  if ([minLng, maxLng].some((lng) => lng < -180 || lng > 180) || [minLat, maxLat].some((lat) => lat < -90 || lat > 90)) {
    throw fail('coordinates out of range');
  }
  if (minLng >= maxLng || minLat >= maxLat) throw fail('expected min below max');
  return [minLng, minLat, maxLng, maxLat];
}

/**
 * Throws VALIDATION (field body) for a patch with nothing left to change. Ajv
 * checks minProperties before it strips unknown fields, so `{ "id": 1 }`
 * passes the schema and arrives here empty.
 */
export function assertNonEmptyPatch(body: object): void {
  if (Object.keys(body).length === 0) throw new LifecircleError('VALIDATION', { field: 'body', reason: 'nothing to change' });
}
