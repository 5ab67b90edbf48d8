import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { JsonEntries, jsonModel, jsonText, JsonRaw, type JsonModel } from '@lifecircle/shared/testing';
import { fromWgs84, type Crs } from '../coordinate-system.js';
import { csvStyle, utf8, writeCsv, type CsvStyle } from './csv-writer.js';

// Generated import files for the fuzz tests: one table model written as
// CSV, XLSX or GeoJSON, with the row number each record gets in its format.

/** A cell of a generated table: text, or a number (XLSX writes it as a number cell, CSV and GeoJSON as its digits). */
export type TableCell = string | number | Date;

/** A generated table: header names and, per record, its cells and an optional GeoJSON geometry (raw text allowed). */
export interface TableModel {
  header: string[];
  records: { cells: TableCell[]; geometry?: unknown }[];
}

/** How a file is laid out besides its content. */
export interface FileStyle {
  csv: CsvStyle;
  /** XLSX: empty sheet rows after the record of each index (skipped by the reader, counted in row numbers). */
  blankRowsAfter: readonly number[];
  /** GeoJSON: numbers of properties written as JSON numbers rather than strings. */
  hasJsonNumbers: boolean;
}

export const fileStyle: fc.Arbitrary<FileStyle> = fc.record({
  csv: csvStyle,
  blankRowsAfter: fc.array(fc.nat({ max: 2 }), { maxLength: 12 }),
  hasJsonNumbers: fc.boolean(),
});

/** The text of a cell in CSV and GeoJSON properties. */
function cellText(cell: TableCell): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return typeof cell === 'number' ? String(cell) : cell;
}

/** A written file and the row number of each record in it. */
export interface TableFile {
  bytes: Uint8Array;
  rows: number[];
}

export function tableCsv(table: TableModel, style: FileStyle): TableFile {
  const { text, lines } = writeCsv([table.header, ...table.records.map((record) => record.cells.map(cellText))], style.csv);
  return { bytes: utf8(text), rows: lines.slice(1) };
}

export async function tableXlsx(table: TableModel, style: FileStyle): Promise<TableFile> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('表1');
  sheet.addRow(table.header);
  const rows: number[] = [];
  let row = 2;
  table.records.forEach((record, index) => {
    sheet.getRow(row).values = record.cells;
    rows.push(row);
    row += 1 + (style.blankRowsAfter[index] ?? 0);
  });
  return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), rows };
}

/** A FeatureCollection: each record's cells as properties under the header names, its geometry, numbered from 1. */
export function tableGeoJson(table: TableModel, style: FileStyle): TableFile {
  const features = table.records.map(
    (record) =>
      new JsonEntries([
        ['type', 'Feature'],
        ['geometry', record.geometry instanceof JsonRaw ? record.geometry : jsonModel(record.geometry ?? null)],
        [
          'properties',
          new JsonEntries(
            table.header.map((name, index): [string, JsonModel] => {
              const cell = record.cells[index] ?? '';
              return [name, style.hasJsonNumbers && typeof cell === 'number' ? cell : cellText(cell)];
            }),
          ),
        ],
      ]),
  );
  const text = jsonText(
    new JsonEntries([
      ['type', 'FeatureCollection'],
      ['features', features],
    ]),
  );
  return { bytes: utf8(text), rows: table.records.map((_, index) => index + 1) };
}

/** The table written in `format`. */
export async function writeTable(table: TableModel, format: 'csv' | 'xlsx' | 'geojson', style: FileStyle): Promise<TableFile> {
  if (format === 'csv') return tableCsv(table, style);
  if (format === 'xlsx') return tableXlsx(table, style);
  return tableGeoJson(table, style);
}

/** A WGS-84 position written in `crs` (what a file in that system holds). */
export function positionIn(crs: Crs, lng: number, lat: number): [number, number] {
  return fromWgs84(lng, lat, crs);
}

/** One of a field's header aliases, in a random letter case (headers match case-insensitively). */
export function headerAlias(aliases: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...aliases), fc.constantFrom('lower', 'upper', 'title'))
    .map(([alias, letterCase]) =>
      letterCase === 'upper'
        ? alias.toUpperCase()
        : letterCase === 'title'
          ? alias.charAt(0).toUpperCase() + alias.slice(1)
          : alias,
    );
}

/** Non-empty text as a person might type it (any unicode, no NUL), with spaces around, line breaks, commas or quotes inside sometimes. */
export const textCell: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', ' ', '\u3000'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
    fc.constantFrom('', '', '', '\n', '\r\n', '\r', ',', '"'),
    fc.string({ unit: 'grapheme', maxLength: 4 }),
    fc.constantFrom('', ' ', '\t'),
  )
  .map(([before, text, inside, more, after]) => `${before}${text}${inside}${more}${after}`)
  .filter((text) => text.trim() !== '' && !text.includes('\u0000'));

/**
 * Text an XLSX cell holds as written: XML 1.0 forbids most control
 * characters, and XML readers turn a raw CR into LF (exceljs writes it raw).
 */
export const xlsxSafe = (text: string): boolean =>
  [...text].every((char) => {
    const code = char.codePointAt(0)!;
    return code === 0x09 || code === 0x0a || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
  });
