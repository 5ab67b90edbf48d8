import fc from 'fast-check';

// CSV files for the importer fuzz tests, written independently of the reader
// under test, with the line each record starts on.

/** How a generated CSV is written: quoting, line ends, a BOM, blank lines between records. */
export interface CsvStyle {
  quoteAll: boolean;
  crlf: boolean;
  bom: boolean;
  /** Blank lines after the record of each index (extra lines the row numbers must count). */
  blankLinesAfter: readonly number[];
}

export const csvStyle: fc.Arbitrary<CsvStyle> = fc.record({
  quoteAll: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  blankLinesAfter: fc.array(fc.nat({ max: 2 }), { maxLength: 12 }),
});

/**
 * Writes records as RFC 4180 CSV (independently of the reader under test)
 * and returns the text with the line number on which each record starts
 * (the header is line 1).
 */
export function writeCsv(records: readonly (readonly string[])[], style: CsvStyle): { text: string; lines: number[] } {
  const eol = style.crlf ? '\r\n' : '\n';
  const quote = (cell: string) =>
    style.quoteAll || /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
  let text = style.bom ? '\uFEFF' : '';
  let line = 1;
  const lines: number[] = [];
  records.forEach((record, index) => {
    lines.push(line);
    const written = record.map(quote).join(',') + eol;
    text += written;
    line += (written.match(/\r\n|\r|\n/g) ?? []).length;
    const blanks = style.blankLinesAfter[index] ?? 0;
    text += eol.repeat(blanks);
    line += blanks;
  });
  return { text, lines };
}

/** UTF-8 bytes of a text. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The number of lines a CSV file has (the highest row number an error may name). */
export function lineCount(bytes: Uint8Array): number {
  let count = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) count++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) count++;
  }
  return count;
}
