import type { AreaGeometry, LngLat } from '@lifecircle/shared';
import { recordMappers } from '../record-mappers.js';
import { fromJson } from '../row-values.js';

/** Rows → records for SQLite: booleans are 0/1, objects and geometry JSON text, positions `lng`/`lat` columns. */
export const sqliteRecords = recordMappers({
  flag: (value) => value === 1,
  json: fromJson,
  location: (row) => [row.lng as number, row.lat as number],
  area: (value) => fromJson<AreaGeometry | null>(value),
  positions: (value) => fromJson<LngLat[]>(value),
});
