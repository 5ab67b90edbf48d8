import type { AreaGeometry, LngLat } from '@lifecircle/shared';
import { recordMappers } from '../record-mappers.js';

/**
 * Rows → records for PostgreSQL: node-postgres already gives booleans and
 * parsed JSON, and the pool's geometry parser gives GeoJSON (`ewkb.ts`).
 */
export const postgisRecords = recordMappers({
  flag: (value) => value as boolean,
  json: <T>(value: unknown) => (value ?? null) as T,
  location: (row) => (row.location as { coordinates: LngLat }).coordinates,
  area: (value) => (value ?? null) as AreaGeometry | null,
  positions: (value) => (value as { coordinates: LngLat[] }).coordinates,
});
