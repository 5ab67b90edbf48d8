import { LifecircleError } from '@lifecircle/shared';
import type { StoreTx } from '@lifecircle/store';
import type { ExportFormat } from './export-outlets.js';
import { writeCsv, writeGeoJson, writeXlsx, type ExportCell } from './write-table.js';

const ACCESS_COLUMNS = ['compound_id', 'compound_name', 'category_id', 'walk_m', 'num_within_15'] as const;

/**
 * Exports the results of one analysis run. CSV and XLSX: one line per
 * compound and category (walk_m empty when unreachable). GeoJSON: one Point
 * per compound with `walk_m:<category>` and `num_within_15:<category>`
 * properties, for a map layer. An unknown run is NOT_FOUND; one that has
 * not finished (`done`) is CONFLICT.
 */
export async function exportAccessResults(store: StoreTx, runId: number, format: ExportFormat): Promise<Uint8Array> {
  const run = await store.getAnalysisRun(runId);
  if (run === null) throw new LifecircleError('NOT_FOUND', { entity: 'analysis run', id: runId });
  // Only finished figures leave the platform: a running, failed or interrupted run has no complete results.
  if (run.status !== 'done')
    throw new LifecircleError('CONFLICT', { reason: `analysis run ${runId} is ${run.status}, not done` });
  const results = await store.listAccessResults({ runId });
  const compounds = new Map((await store.listCompounds()).map((compound) => [compound.id, compound]));
  if (format !== 'geojson') {
    const rows = results.map((result): ExportCell[] => [
      result.compoundId,
      compounds.get(result.compoundId)?.name ?? null,
      result.categoryId,
      result.walkM === null ? null : Math.round(result.walkM),
      result.numWithin15,
    ]);
    return format === 'csv' ? writeCsv(ACCESS_COLUMNS, rows) : writeXlsx('access', ACCESS_COLUMNS, rows);
  }
  const byCompound = new Map<number, Record<string, unknown>>();
  for (const result of results) {
    const compound = compounds.get(result.compoundId);
    if (compound === undefined) continue;
    let properties = byCompound.get(result.compoundId);
    if (properties === undefined) {
      properties = { compound_id: compound.id, name: compound.name, residents: compound.residents };
      byCompound.set(result.compoundId, properties);
    }
    properties[`walk_m:${result.categoryId}`] = result.walkM === null ? null : Math.round(result.walkM);
    properties[`num_within_15:${result.categoryId}`] = result.numWithin15;
  }
  const features = [...byCompound.values()].map((properties) => {
    const compound = compounds.get(properties.compound_id as number)!;
    return { geometry: { type: 'Point', coordinates: [compound.location[0], compound.location[1]] }, properties };
  });
  // Walking distances are computed on the OpenStreetMap network when the run used one.
  return writeGeoJson(features, run.networkId !== null);
}
