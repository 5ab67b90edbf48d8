import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { LifecircleError } from '@lifecircle/shared';

/** One data row of a table: its row number as a person sees it (header = 1) and its values by header name. */
export interface TableRow {
  row: number;
  values: Record<string, string>;
}

/** A table read from a CSV or XLSX file: the header names (trimmed) and the non-empty data rows. */
export interface Table {
  header: string[];
  rows: TableRow[];
}

/**
 * Decodes CSV bytes: UTF-8 (BOM removed) when valid, otherwise GB 18030,
 * the encoding Chinese Excel writes "CSV" files in.
 */
function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * Line breaks outside quoted fields become LF, so csv-parse sees one record
 * delimiter whatever mix of CRLF, CR and LF the file has; breaks inside a
 * quoted field are the field's own text and stay as written.
 */
function unifyRecordBreaks(text: string): string {
  let out = '';
  let isQuoted = false;
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) isQuoted = !isQuoted;
    else if (code === 0x0d && !isQuoted) {
      out += text.slice(copied, i) + '\n';
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      copied = i + 1;
    }
  }
  return out + text.slice(copied);
}

/** Line breaks in a text, CRLF counted once. */
function countLineBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

/** Plain words for csv-parse's quoting errors (its own text counts lines its own way). */
const QUOTING_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed before the end of the file',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and double the quote)',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field (double a quote inside a quoted field)',
};

interface ParsedRecord {
  record: string[];
  raw: string;
}

/**
 * Reads a CSV file (comma-separated, RFC 4180 quoting, LF, CRLF or CR line
 * ends, optional BOM). Blank lines are skipped; `row` is the line on which
 * the record starts, counted by this reader (a quoted field holding a line
 * break does not shift later rows). A row with more or fewer fields than the
 * header, or broken quoting, fails with IMPORT_ROW naming the line.
 */
export function readCsv(bytes: Uint8Array, file: string): Table {
  if (bytes.includes(0)) throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason: 'binary data, not CSV text' });
  const text = unifyRecordBreaks(decodeCsv(bytes).replace(/^\uFEFF/, ''));
  // The line each parsed record starts on, from the raw text csv-parse consumed (blank lines lead a record's raw text).
  const records: { record: string[]; line: number }[] = [];
  let line = 1;
  try {
    parse(text, {
      raw: true,
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: ({ record, raw }: ParsedRecord) => {
        const numBlank = /^\n*/.exec(raw)![0].length;
        records.push({ record, line: line + numBlank });
        line += countLineBreaks(raw);
        return null;
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const reason = QUOTING_ERRORS[code] ?? (error as Error).message;
    // The failing record starts after the last one read: on this line or, past blank lines, a later one.
    throw new LifecircleError('IMPORT_ROW', { file, row: line, field: '(CSV quoting)', reason }, { cause: error });
  }
  const first = records[0];
  if (first === undefined) throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason: 'empty file, no header row' });
  const header = first.record.map((name) => name.trim());
  const rows: TableRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const { record, line: row } = records[r]!;
    if (record.length !== header.length) {
      throw new LifecircleError('IMPORT_ROW', {
        file,
        row,
        field: '(columns)',
        reason: `expected ${header.length} fields as in the header, got ${record.length}`,
      });
    }
    rows.push({ row, values: toValues(header, record) });
  }
  return { header, rows };
}

function toValues(header: string[], record: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  header.forEach((name, index) => {
    if (name !== '') values[name] = (record[index] ?? '').trim();
  });
  return values;
}

/** The text of an XLSX cell as a person reads it; dates become `YYYY-MM-DD` (or full ISO when they carry a time). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text; // hyperlink
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue); // formula
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/**
 * Reads the first worksheet of an XLSX workbook, with the header in row 1.
 * Rows whose cells are all empty are skipped; `row` is the sheet's row number.
 * Bytes that are not a readable workbook fail with UNSUPPORTED_FORMAT.
 */
export async function readXlsx(bytes: Uint8Array, file: string): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new LifecircleError(
      'UNSUPPORTED_FORMAT',
      { file, reason: `not a readable XLSX workbook: ${(error as Error).message}` },
      { cause: error },
    );
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason: 'the workbook has no worksheet' });
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
    header[column - 1] = cellText(cell.value).trim();
  });
  for (let i = 0; i < header.length; i++) header[i] ??= '';
  if (header.every((name) => name === ''))
    throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason: 'row 1 holds no header' });
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (sheetRow, rowNumber) => {
    if (rowNumber === 1) return;
    const record: string[] = header.map(() => '');
    let isEmpty = true;
    sheetRow.eachCell({ includeEmpty: false }, (cell, column) => {
      // A number shown as a percentage (0.25 formatted 0%) reads as a person sees it: 25%.
      const isPercent = typeof cell.value === 'number' && (cell.numFmt ?? '').includes('%');
      const text = isPercent ? `${Number(((cell.value as number) * 100).toPrecision(12))}%` : cellText(cell.value).trim();
      if (column > header.length) {
        if (text !== '') {
          throw new LifecircleError('IMPORT_ROW', {
            file,
            row: rowNumber,
            field: `(column ${column})`,
            reason: 'a value beyond the last header column',
          });
        }
        return;
      }
      record[column - 1] = text;
      if (text !== '') isEmpty = false;
    });
    if (!isEmpty) rows.push({ row: rowNumber, values: toValues(header, record) });
  });
  return { header, rows };
}

/** Reads a CSV or XLSX table. */
export async function readTable(bytes: Uint8Array, file: string, format: 'csv' | 'xlsx'): Promise<Table> {
  return format === 'csv' ? readCsv(bytes, file) : readXlsx(bytes, file);
}
