import type { CompoundFilter, StoreTx } from '@lifecircle/store';
import type { ExportFormat } from './export-outlets.js';
import { isOsmSource, writeCsv, writeGeoJson, writeXlsx, type ExportCell } from './write-table.js';

/** Columns of a compound export, named as the compound import reads them (street by name). */
export const COMPOUND_EXPORT_COLUMNS = [
  'external_id',
  'name',
  'lng',
  'lat',
  'households',
  'residents',
  'is_estimated',
  'age_0_14',
  'age_15_59',
  'age_60_plus',
  'street',
  'source',
  'outline',
  'compound_id',
] as const;

/**
 * Exports compounds as GeoJSON (the outline when known, else the point), CSV
 * or XLSX (the outline as GeoJSON text in `outline`). Streets are written by
 * name, as the compound import expects.
 */
export async function exportCompounds(store: StoreTx, format: ExportFormat, filter: CompoundFilter = {}): Promise<Uint8Array> {
  const compounds = await store.listCompounds(filter);
  const streetNames = new Map((await store.listStreets()).map((street) => [street.id, street.name]));
  const rows = compounds.map((compound): ExportCell[] => [
    compound.externalId,
    compound.name,
    compound.location[0],
    compound.location[1],
    compound.households,
    compound.residents,
    compound.isEstimated ? 'true' : 'false',
    compound.age0to14,
    compound.age15to59,
    compound.age60plus,
    compound.streetId === null ? null : (streetNames.get(compound.streetId) ?? null),
    compound.source,
    format === 'geojson' || compound.outline === null ? null : JSON.stringify(compound.outline),
    compound.id,
  ]);
  if (format === 'csv') return writeCsv(COMPOUND_EXPORT_COLUMNS, rows);
  if (format === 'xlsx') return writeXlsx('compounds', COMPOUND_EXPORT_COLUMNS, rows);
  const features = compounds.map((compound, index) => ({
    geometry: compound.outline ?? { type: 'Point', coordinates: [compound.location[0], compound.location[1]] },
    properties: Object.fromEntries(
      COMPOUND_EXPORT_COLUMNS.filter((c) => c !== 'outline').map((c) => [c, rows[index]![COMPOUND_EXPORT_COLUMNS.indexOf(c)]]),
    ),
  }));
  return writeGeoJson(
    features,
    compounds.some((compound) => isOsmSource(compound.source)),
  );
}
