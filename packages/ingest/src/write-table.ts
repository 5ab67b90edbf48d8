import ExcelJS from 'exceljs';

/** A cell of an exported table: text, a number, or empty. */
export type ExportCell = string | number | null;

function csvCell(cell: ExportCell): string {
  if (cell === null) return '';
  // Text a spreadsheet would run as a formula (=, +, @, a tab) is kept as text by a leading apostrophe.
  const text = typeof cell === 'string' && /^[=+@\t]/.test(cell) ? `'${cell}` : String(cell);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes a CSV file: UTF-8 with a BOM (so Excel reads Chinese correctly),
 * CRLF line endings, RFC 4180 quoting. Numbers are written in full
 * (`String(number)`), so positions survive a round trip exactly.
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly ExportCell[])[]): Uint8Array {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return new TextEncoder().encode('\uFEFF' + lines.join('\r\n') + '\r\n');
}

/** Writes an XLSX workbook of one worksheet with the header in row 1. */
export async function writeXlsx(
  sheetName: string,
  header: readonly string[],
  rows: readonly (readonly ExportCell[])[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(row.map((cell) => cell ?? undefined));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The attribution OpenStreetMap's licence (ODbL) asks for wherever its data are shown. */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

/** Whether a record's `source` is OpenStreetMap (`osm`, `osm:file.pbf`). */
export function isOsmSource(source: string): boolean {
  return source === 'osm' || source.startsWith('osm:');
}

/**
 * Writes a GeoJSON FeatureCollection (RFC 7946); when any feature comes from
 * OpenStreetMap the collection carries `attribution: "© OpenStreetMap contributors"`.
 */
export function writeGeoJson(
  features: readonly { geometry: unknown; properties: Record<string, unknown> }[],
  hasOsmData: boolean,
): Uint8Array {
  const collection: Record<string, unknown> = { type: 'FeatureCollection' };
  if (hasOsmData) collection.attribution = OSM_ATTRIBUTION;
  collection.features = features.map((feature) => ({
    type: 'Feature',
    geometry: feature.geometry,
    properties: feature.properties,
  }));
  return new TextEncoder().encode(JSON.stringify(collection));
}
