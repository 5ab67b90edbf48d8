import ExcelJS from 'exceljs';
import type { AccessResult, Compound, Outlet, Taxonomy } from '@lifecircle/shared';

export type ExportFormat = 'geojson' | 'csv' | 'xlsx';

/** OpenStreetMap's licence asks for this wherever its data is shown. */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

/** One table: column names and rows of plain values, plus a point per row for GeoJSON. */
interface Table {
  columns: string[];
  rows: (string | number | boolean | null)[][];
  points: (readonly [number, number])[];
  geometries?: (object | null)[];
  attribution: string | null;
}

function outletTable(outlets: readonly Outlet[]): Table {
  return {
    columns: [
      'id',
      'name',
      'categories',
      'address',
      'lng',
      'lat',
      'opening_hours',
      'phone',
      'services',
      'status',
      'source',
      'last_verified',
      'street_id',
      'merchant_id',
    ],
    rows: outlets.map((o) => [
      o.id,
      o.name,
      o.categoryIds.join(';'),
      o.address,
      o.location[0],
      o.location[1],
      o.openingHours,
      o.phone,
      o.services.join(';'),
      o.status,
      o.source,
      o.lastVerified,
      o.streetId,
      o.merchantId,
    ]),
    points: outlets.map((o) => o.location),
    attribution: outlets.some((o) => o.source === 'osm') ? OSM_ATTRIBUTION : null,
  };
}

function compoundTable(compounds: readonly Compound[]): Table {
  return {
    columns: [
      'id',
      'name',
      'lng',
      'lat',
      'households',
      'residents',
      'age_0_14',
      'age_15_59',
      'age_60_plus',
      'is_estimated',
      'num_gates',
      'street_id',
      'committee_id',
      'circle_id',
      'source',
    ],
    rows: compounds.map((c) => [
      c.id,
      c.name,
      c.location[0],
      c.location[1],
      c.households,
      c.residents,
      c.age0to14,
      c.age15to59,
      c.age60plus,
      c.isEstimated,
      c.gates.length,
      c.streetId,
      c.committeeId,
      c.circleId,
      c.source,
    ]),
    points: compounds.map((c) => c.location),
    geometries: compounds.map((c) => c.outline),
    attribution: compounds.some((c) => c.source === 'osm') ? OSM_ATTRIBUTION : null,
  };
}

/**
 * One row per compound with the walking minutes (at `speedMps`) to the
 * nearest outlet of each category of the run, blank where none is reachable.
 */
function resultTable(
  results: readonly AccessResult[],
  compounds: readonly Compound[],
  taxonomy: Taxonomy,
  speedMps: number,
): Table {
  const categories = [...new Set(results.map((r) => r.categoryId))].sort(
    (a, b) => taxonomy.categories.findIndex((c) => c.id === a) - taxonomy.categories.findIndex((c) => c.id === b),
  );
  const column = new Map(categories.map((c, k) => [c, k]));
  const byCompound = new Map<number, (number | null)[]>();
  for (const r of results) {
    let row = byCompound.get(r.compoundId);
    if (!row) byCompound.set(r.compoundId, (row = categories.map(() => null)));
    row[column.get(r.categoryId)!] = r.walkM === null ? null : Math.round((r.walkM / speedMps / 60) * 10) / 10;
  }
  const kept = compounds.filter((c) => byCompound.has(c.id));
  return {
    columns: ['compound_id', 'name', 'residents', 'age_60_plus', ...categories.map((c) => `${c}_min`)],
    rows: kept.map((c) => [c.id, c.name, c.residents, c.age60plus, ...byCompound.get(c.id)!]),
    points: kept.map((c) => c.location),
    attribution: kept.some((c) => c.source === 'osm') ? OSM_ATTRIBUTION : null,
  };
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function encode(table: Table, format: ExportFormat, sheetName: string): Promise<Uint8Array> {
  if (format === 'csv') {
    const lines = [table.columns.join(','), ...table.rows.map((row) => row.map(csvCell).join(','))];
    // A BOM so spreadsheet programs open the Chinese text as UTF-8.
    return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
  }
  if (format === 'geojson') {
    const features = table.rows.map((row, i) => ({
      type: 'Feature',
      geometry: table.geometries?.[i] ?? { type: 'Point', coordinates: [table.points[i]![0], table.points[i]![1]] },
      properties: Object.fromEntries(table.columns.map((c, k) => [c, row[k]])),
    }));
    const collection = { type: 'FeatureCollection', ...(table.attribution ? { attribution: table.attribution } : {}), features };
    return new TextEncoder().encode(JSON.stringify(collection));
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(table.columns);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  if (table.attribution) workbook.addWorksheet('来源 Sources').addRow([table.attribution]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Outlets as GeoJSON points, CSV (UTF-8 with BOM) or XLSX. */
export function exportOutlets(outlets: readonly Outlet[], format: ExportFormat): Promise<Uint8Array> {
  return encode(outletTable(outlets), format, '网点 Outlets');
}

/** Compounds as GeoJSON (outlines where known), CSV or XLSX. */
export function exportCompounds(compounds: readonly Compound[], format: ExportFormat): Promise<Uint8Array> {
  return encode(compoundTable(compounds), format, '小区 Compounds');
}

/** An access run as one row per compound with minutes per category at `speedMps`. */
export function exportAccessResults(
  results: readonly AccessResult[],
  compounds: readonly Compound[],
  taxonomy: Taxonomy,
  format: ExportFormat,
  speedMps = 1.2,
): Promise<Uint8Array> {
  return encode(resultTable(results, compounds, taxonomy, speedMps), format, '步行可达 Access');
}
