import { BODY, FONT, INK, ensureRoom, textLine, type Pdf } from './pdf-document.js';

/** One column of a PDF table. */
export interface TableColumn {
  header: string;
  /** Width in points. */
  width: number;
  align?: 'left' | 'right' | 'center';
  /** Wrap long text over several lines (otherwise it is cut with "…"). */
  wrap?: boolean;
}

const FONT_SIZE = 7.5;
const PAD_PT = 3;

/**
 * Draws a table at (x, y): a shaded header row, then the rows, starting a new
 * page (and repeating the header) when a row does not fit above the footer.
 * Cells are text. Returns the y below the last row (on the last page).
 */
export function drawTable(
  doc: Pdf,
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  x: number,
  y: number,
): number {
  const width = columns.reduce((sum, column) => sum + column.width, 0);
  const lineHeight = lineHeightOf(doc);
  const headerHeight = lineHeight + 2 * PAD_PT;
  y = ensureRoom(doc, y, headerHeight + lineHeight + 2 * PAD_PT);
  y = drawHeader(doc, columns, x, y, width, headerHeight);
  rows.forEach((row, rowIndex) => {
    const height = rowHeight(doc, columns, row, lineHeight);
    const next = ensureRoom(doc, y, height);
    if (next !== y) {
      y = drawHeader(doc, columns, x, next, width, headerHeight);
    }
    if (rowIndex % 2 === 1) doc.rect(x, y, width, height).fill('#f4f6f8');
    let cellX = x;
    columns.forEach((column, i) => {
      const text = row[i] ?? '';
      if (column.wrap) {
        doc.font(FONT.regular).fontSize(FONT_SIZE).fillColor(INK.text);
        doc.text(text, cellX + PAD_PT, y + PAD_PT, { width: column.width - 2 * PAD_PT, align: column.align ?? 'left' });
      } else {
        textLine(doc, text, cellX + PAD_PT, y + PAD_PT, {
          width: column.width - 2 * PAD_PT,
          size: FONT_SIZE,
          align: column.align ?? 'left',
        });
      }
      cellX += column.width;
    });
    y += height;
    doc
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(0.3)
      .strokeColor(INK.rule)
      .stroke();
  });
  return y;
}

function drawHeader(doc: Pdf, columns: readonly TableColumn[], x: number, y: number, width: number, height: number): number {
  doc.rect(x, y, width, height).fill('#dde5ee');
  let cellX = x;
  for (const column of columns) {
    textLine(doc, column.header, cellX + PAD_PT, y + PAD_PT, {
      width: column.width - 2 * PAD_PT,
      size: FONT_SIZE,
      bold: true,
      align: column.align ?? 'left',
    });
    cellX += column.width;
  }
  return y + height;
}

function lineHeightOf(doc: Pdf): number {
  doc.font(FONT.regular).fontSize(FONT_SIZE);
  return doc.currentLineHeight(true);
}

function rowHeight(doc: Pdf, columns: readonly TableColumn[], row: readonly string[], lineHeight: number): number {
  let height = lineHeight;
  doc.font(FONT.regular).fontSize(FONT_SIZE);
  columns.forEach((column, i) => {
    if (!column.wrap) return;
    height = Math.max(height, doc.heightOfString(row[i] ?? '', { width: column.width - 2 * PAD_PT }));
  });
  // A row taller than a page could never be placed: such text must be shortened by the caller.
  return Math.min(height, PAGE_BODY_HEIGHT - 4 * lineHeight) + 2 * PAD_PT;
}

const PAGE_BODY_HEIGHT = BODY.height;
