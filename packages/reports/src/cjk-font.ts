import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LifecircleError } from '@lifecircle/shared';

/** The font files the PDFs embed: Noto Sans SC (SIL Open Font License 1.1), full TrueType files of every common hanzi. */
export const CJK_FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

/** The PostScript name pdfkit prints after the subset tag in `/BaseFont /XXXXXX+…`. */
export const CJK_FONT_POSTSCRIPT_NAMES = { regular: 'NotoSansSC-Regular', bold: 'NotoSansSC-Bold' } as const;

export type CjkFontWeight = keyof typeof CJK_FONT_FILES;

const require = createRequire(import.meta.url);
const cache = new Map<CjkFontWeight, Buffer>();

/**
 * The bytes of the embedded font (read once per process, ≈ 10 MB each; pdfkit
 * embeds only the glyphs a document uses). Throws FILE_NOT_FOUND when the
 * font package is not installed.
 */
export function cjkFont(weight: CjkFontWeight): Buffer {
  const cached = cache.get(weight);
  if (cached) return cached;
  let bytes: Buffer;
  try {
    bytes = readFileSync(require.resolve(CJK_FONT_FILES[weight]));
  } catch (error) {
    throw new LifecircleError('FILE_NOT_FOUND', { file: CJK_FONT_FILES[weight] }, { cause: error });
  }
  cache.set(weight, bytes);
  return bytes;
}
