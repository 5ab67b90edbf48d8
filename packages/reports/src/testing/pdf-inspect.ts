import { inflateSync } from 'node:zlib';

/** One stream object of a PDF: its dictionary text and its decoded bytes. */
export interface PdfStream {
  /** The number of the object holding the stream ("N 0 obj"). */
  objectNumber: number;
  dictionary: string;
  data: Buffer;
}

/** What a test can see in a PDF without a viewer. */
export interface PdfInspection {
  /** The file as latin-1 text: one character per byte, so offsets match. */
  text: string;
  streams: PdfStream[];
  numPages: number;
  /** `/BaseFont` names, e.g. "ABCDEF+NotoSansSC-Regular". */
  baseFonts: string[];
  numFontFiles: number;
  /** Decoded bytes of the embedded font programs (the streams `/FontFile2` and `/FontFile3` point to). */
  fontPrograms: Buffer[];
  /** Every character any ToUnicode CMap maps a glyph to. */
  mappedCharacters: Set<string>;
}

/**
 * Reads the objects of a PDF as pdfkit writes them (uncompressed object
 * dictionaries, `/Length` given directly, FlateDecode streams): enough to
 * count pages and check the embedded fonts and their ToUnicode maps.
 */
export function inspectPdf(bytes: Uint8Array): PdfInspection {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1');
  const streams: PdfStream[] = [];
  const streamStart = /(\d+) 0 obj\s*<<((?:[^<>]|<<[^<>]*>>|<[0-9A-Fa-f]*>)*)>>\s*stream\r?\n/g;
  for (let match = streamStart.exec(text); match; match = streamStart.exec(text)) {
    const dictionary = match[2] ?? '';
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    if (!Number.isFinite(length)) throw new Error(`stream at byte ${match.index} has no direct /Length`);
    const start = match.index + match[0].length;
    const raw = buffer.subarray(start, start + length);
    const data = /\/FlateDecode/.test(dictionary) ? inflateSync(raw) : raw;
    streams.push({ objectNumber: Number(match[1]), dictionary, data });
    streamStart.lastIndex = start + length;
  }
  const mappedCharacters = new Set<string>();
  for (const stream of streams) {
    const body = stream.data.toString('latin1');
    if (body.includes('begincmap')) for (const character of toUnicodeCharacters(body)) mappedCharacters.add(character);
  }
  const fontProgramObjects = new Set([...text.matchAll(/\/FontFile[23]? (\d+) 0 R/g)].map((match) => Number(match[1])));
  return {
    text,
    streams,
    numPages: (text.match(/\/Type \/Page(?![s\w])/g) ?? []).length,
    baseFonts: [...text.matchAll(/\/BaseFont \/([^\s/<>[\]]+)/g)].map((match) => match[1] ?? ''),
    numFontFiles: (text.match(/\/FontFile[23]? /g) ?? []).length,
    fontPrograms: streams.filter((stream) => fontProgramObjects.has(stream.objectNumber)).map((stream) => stream.data),
    mappedCharacters,
  };
}

/** Decodes UTF-16BE hex (as ToUnicode CMaps write it) to a string. */
function utf16Hex(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

/** The characters of a ToUnicode CMap's bfchar and bfrange entries (both range forms). */
export function toUnicodeCharacters(cmap: string): string[] {
  const characters: string[] = [];
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of (block[1] ?? '').matchAll(/<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>/g))
      characters.push(utf16Hex(entry[1] ?? ''));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = block[1] ?? '';
    for (const entry of body.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)/g)) {
      const target = entry[3] ?? '';
      if (target.startsWith('[')) {
        for (const item of target.matchAll(/<([0-9A-Fa-f]+)>/g)) characters.push(utf16Hex(item[1] ?? ''));
      } else {
        const low = parseInt(entry[1] ?? '', 16);
        const high = parseInt(entry[2] ?? '', 16);
        const first = utf16Hex(target.slice(1, -1));
        const base = first.charCodeAt(first.length - 1);
        for (let code = low; code <= high; code++) characters.push(first.slice(0, -1) + String.fromCharCode(base + code - low));
      }
    }
  }
  return characters;
}
