import PDFDocument from 'pdfkit';
import { cjkFont } from './cjk-font.js';
import type { PageBox } from './local-projection.js';

/** pdfkit's document class, as the drawing helpers take it. */
export type Pdf = PDFKit.PDFDocument;

/** Font aliases registered on every report document. */
export const FONT = { regular: 'zh', bold: 'zh-bold' } as const;

/** A4 in points and the margins of the body; the footer sits in the bottom margin. */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  margin: 40,
  /** Bottom of the body: below it are the attribution and the page number. */
  bodyBottom: 841.89 - 48,
} as const;

/** The body's area of a page. */
export const BODY: PageBox = {
  x: PAGE.margin,
  y: PAGE.margin,
  width: PAGE.width - 2 * PAGE.margin,
  height: PAGE.bodyBottom - PAGE.margin,
};

/** Colours shared by the drawings (text, rules, frames). */
export const INK = { text: '#222222', muted: '#666666', rule: '#bbbbbb', frame: '#888888', accent: '#1f4e79' } as const;

/** What every page's footer shows. */
export interface FooterText {
  /** Data attribution, e.g. "© OpenStreetMap contributors". */
  attribution: string[];
  /** Left part of the second line, e.g. the report title and date. */
  caption: string;
}

/** A report document being written, and how to finish it into bytes. */
export interface ReportDocument {
  doc: Pdf;
  /** Adds the footers (attribution, "第 i / n 页") to every page, ends the document and resolves to its bytes. */
  finish(): Promise<Uint8Array>;
}

/**
 * Starts an A4 document with the CJK font registered (regular and bold, as
 * `FONT.regular` / `FONT.bold`), pages kept in memory so the footers can
 * number them once the page count is known.
 */
export function createReportDocument(title: string, footer: FooterText): ReportDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: PAGE.height - PAGE.bodyBottom },
    bufferPages: true,
    autoFirstPage: false,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: title, Producer: 'lifecircle', Creator: 'lifecircle reports' },
  });
  doc.registerFont(FONT.regular, cjkFont('regular'));
  doc.registerFont(FONT.bold, cjkFont('bold'));
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  return {
    doc,
    async finish() {
      drawFooters(doc, footer);
      doc.end();
      await ended;
      const bytes = Buffer.concat(chunks);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}

function drawFooters(doc: Pdf, footer: FooterText): void {
  const range = doc.bufferedPageRange();
  const attribution = footer.attribution.join('  ·  ');
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Text below the bottom margin would make pdfkit open a new page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.bodyBottom + 12;
    doc
      .moveTo(BODY.x, y - 5)
      .lineTo(BODY.x + BODY.width, y - 5)
      .lineWidth(0.5)
      .strokeColor(INK.rule)
      .stroke();
    doc.font(FONT.regular).fontSize(7).fillColor(INK.muted);
    const pageLabel = `第 ${i + 1} / ${range.count} 页`;
    const pageLabelWidth = doc.widthOfString(pageLabel);
    const textWidth = BODY.width - pageLabelWidth - 12;
    textLine(doc, attribution, BODY.x, y, { width: textWidth, size: 7, colour: INK.muted });
    textLine(doc, footer.caption, BODY.x, y + 10, { width: textWidth, size: 7, colour: INK.muted });
    textLine(doc, pageLabel, BODY.x + BODY.width - pageLabelWidth, y + 10, {
      width: pageLabelWidth + 1,
      size: 7,
      colour: INK.muted,
    });
    doc.page.margins.bottom = bottomMargin;
  }
}

/**
 * Writes one line of text at (x, y) without wrapping, cut with "…" to fit
 * `width` and aligned within it; returns the text as drawn. Drawn without
 * pdfkit's line wrapper, which would open a new page near the bottom.
 */
export function textLine(
  doc: Pdf,
  text: string,
  x: number,
  y: number,
  options: { width: number; size: number; bold?: boolean; colour?: string; align?: 'left' | 'right' | 'center' },
): string {
  doc
    .font(options.bold ? FONT.bold : FONT.regular)
    .fontSize(options.size)
    .fillColor(options.colour ?? INK.text);
  const shown = fitText(doc, text, options.width);
  const slack = options.width - doc.widthOfString(shown);
  const dx = options.align === 'right' ? slack : options.align === 'center' ? slack / 2 : 0;
  doc.text(shown, x + Math.max(dx, 0), y, { lineBreak: false });
  return shown;
}

/** The longest prefix of `text` that fits `width` in the current font, with "…" when cut. O(n) measurements. */
export function fitText(doc: Pdf, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && doc.widthOfString(`${chars.join('')}…`) > width) chars.pop();
  return `${chars.join('')}…`;
}

/** Starts a new page when fewer than `neededPt` points are left above the footer; returns the y to draw at. */
export function ensureRoom(doc: Pdf, y: number, neededPt: number): number {
  if (y + neededPt <= PAGE.bodyBottom) return y;
  doc.addPage();
  return BODY.y;
}
