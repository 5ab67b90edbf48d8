import { LifecircleError, parseDecimal } from '@lifecircle/shared';
import type { TableRow } from './read-table.js';

/**
 * Finds the header that names a field: the first alias equal to a header,
 * compared trimmed and case-insensitively (`Name`, `名称`). Returns the header
 * as written in the file (messages quote it), or null.
 */
export function findColumn(header: readonly string[], aliases: readonly string[]): string | null {
  for (const alias of aliases) {
    const wanted = alias.toLowerCase();
    const found = header.find((name) => name.trim().toLowerCase() === wanted);
    if (found !== undefined) return found;
  }
  return null;
}

/** A table cell's number: decimal notation (parseDecimal), thousands separators (`1,234`) allowed, else NaN. */
export function parseTableNumber(text: string): number {
  return parseDecimal(text.replace(/,/g, ''));
}

/** The longest external id an import takes, in characters (UTF-16 code units). */
export const MAX_EXTERNAL_ID_LENGTH = 200;

/** Reads typed values of one row; every failure is IMPORT_ROW naming the file, row and column. */
export class RowReader {
  constructor(
    readonly file: string,
    readonly row: TableRow,
  ) {}

  /**
   * The column of this row that names a field (findColumn over the row's own
   * keys: GeoJSON features may differ in their properties).
   */
  column(aliases: readonly string[]): string | null {
    return findColumn(Object.keys(this.row.values), aliases);
  }

  /** Throws IMPORT_ROW for this row. */
  fail(field: string, reason: string): never {
    throw new LifecircleError('IMPORT_ROW', { file: this.file, row: this.row.row, field, reason });
  }

  /**
   * The trimmed text of a column, '' when the column is absent or empty. A
   * NUL character (U+0000, which a GeoJSON string may hold as `\u0000`) is
   * refused here, for every store alike: PostgreSQL's text cannot hold it.
   */
  text(column: string | null): string {
    const value = column === null ? '' : (this.row.values[column] ?? '').trim();
    if (value.includes('\u0000')) this.fail(column!, 'contains the NUL character (U+0000)');
    return value;
  }

  /** Text or null when empty. */
  optionalText(column: string | null): string | null {
    const value = this.text(column);
    return value === '' ? null : value;
  }

  /**
   * An external id (the source's own key of a record), or null when empty; at
   * most MAX_EXTERNAL_ID_LENGTH characters, as the stores index it (a
   * PostgreSQL btree entry holds at most about 2.7 kB).
   */
  externalId(column: string | null): string | null {
    const value = this.optionalText(column);
    if (value !== null && value.length > MAX_EXTERNAL_ID_LENGTH) {
      this.fail(column!, `an id of at most ${MAX_EXTERNAL_ID_LENGTH} characters, got ${value.length}`);
    }
    return value;
  }

  /** A required non-empty text. */
  requiredText(column: string | null, field: string): string {
    const value = this.text(column);
    if (value === '') this.fail(column ?? field, 'required, but empty');
    return value;
  }

  /** A finite number in [min, max], or null when the cell is empty and `isRequired` is false. */
  number(column: string | null, field: string, min: number, max: number, isRequired: boolean): number | null {
    const text = this.text(column);
    if (text === '') {
      if (isRequired) this.fail(column ?? field, 'required, but empty');
      return null;
    }
    const value = parseTableNumber(text);
    if (!Number.isFinite(value)) this.fail(column ?? field, `expected a number, got "${text}"`);
    if (value < min || value > max) this.fail(column ?? field, `expected a number between ${min} and ${max}, got ${text}`);
    return value;
  }

  /** A calendar day `YYYY-MM-DD` (also accepts `YYYY/MM/DD`), or null when empty. */
  day(column: string | null, field: string): string | null {
    const text = this.text(column);
    if (text === '') return null;
    const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
    const day = match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : '';
    const date = new Date(`${day}T00:00:00Z`);
    if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
      this.fail(column ?? field, `expected a date YYYY-MM-DD, got "${text}"`);
    }
    return day;
  }
}

/** Splits a list cell on `;`, `；`, `|`, `、` and `，`/`,`, dropping empty items. */
export function splitList(text: string): string[] {
  return text
    .split(/[;；|、,，]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
