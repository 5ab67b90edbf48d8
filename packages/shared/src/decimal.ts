const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number a text writes in decimal notation (`121.4`, `-0.5`, `+3`,
 * `1e3`; spaces around are ignored), else NaN. Files hold text: Number()
 * would also read `0x79`, `0b1` and `0o7` as 121, 1 and 7, `Infinity` as a
 * number and a blank as 0, which no table or OSM tag means.
 */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
}
