/**
 * 3,000 characters that no compression shortens (a seeded pseudo-random mix
 * of CJK and Latin letters): more than a PostgreSQL btree index entry holds
 * (about 2.7 kB, after compression), which a run of one letter does not show.
 * For the fuzz tests.
 */
export const INCOMPRESSIBLE_TEXT: string = (() => {
  let state = 12345;
  let text = '';
  for (let i = 0; i < 3000; i++) {
    state = (state * 48271) % 2147483647;
    text += String.fromCodePoint(state % 3 === 0 ? 0x4e00 + (state % 5000) : 0x41 + (state % 58));
  }
  return text;
})();

/** Texts PostgreSQL refuses or cannot index, and SQLite takes: NUL characters (22021) and INCOMPRESSIBLE_TEXT (54000). */
export const POSTGRES_HOSTILE_TEXTS: readonly string[] = ['\u0000', 'a\u0000b', INCOMPRESSIBLE_TEXT];
