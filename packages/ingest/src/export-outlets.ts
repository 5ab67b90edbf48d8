import type { OutletFilter, StoreTx } from '@lifecircle/store';
import { isOsmSource, writeCsv, writeGeoJson, writeXlsx, type ExportCell } from './write-table.js';

/** File formats of exports. */
export type ExportFormat = 'geojson' | 'csv' | 'xlsx';

/** Columns of an outlet export; the names are the import's, so an exported table imports again. */
export const OUTLET_EXPORT_COLUMNS = [
  'external_id',
  'name',
  'category',
  'lng',
  'lat',
  'address',
  'opening_hours',
  'phone',
  'services',
  'last_verified',
  'status',
  'source',
  'street_id',
  'outlet_id',
] as const;

/**
 * Exports outlets (all, or those matching `filter`) as GeoJSON Points, CSV or
 * XLSX, WGS-84. Categories and services are `;`-joined. Columns use the
 * import's names, so a re-import of the CSV or XLSX gives the same records.
 */
export async function exportOutlets(store: StoreTx, format: ExportFormat, filter: OutletFilter = {}): Promise<Uint8Array> {
  const outlets = await store.listOutlets(filter);
  const rows = outlets.map((outlet): ExportCell[] => [
    outlet.externalId,
    outlet.name,
    outlet.categoryIds.join(';'),
    outlet.location[0],
    outlet.location[1],
    outlet.address,
    outlet.openingHours,
    outlet.phone,
    outlet.services.join(';'),
    outlet.lastVerified,
    outlet.status,
    outlet.source,
    outlet.streetId,
    outlet.id,
  ]);
  if (format === 'csv') return writeCsv(OUTLET_EXPORT_COLUMNS, rows);
  if (format === 'xlsx') return writeXlsx('outlets', OUTLET_EXPORT_COLUMNS, rows);
  const features = outlets.map((outlet, index) => ({
    geometry: { type: 'Point', coordinates: [outlet.location[0], outlet.location[1]] },
    properties: Object.fromEntries(
      OUTLET_EXPORT_COLUMNS.filter((c) => c !== 'lng' && c !== 'lat').map((c) => [
        c,
        rows[index]![OUTLET_EXPORT_COLUMNS.indexOf(c)],
      ]),
    ),
  }));
  return writeGeoJson(
    features,
    outlets.some((outlet) => isOsmSource(outlet.source)),
  );
}
