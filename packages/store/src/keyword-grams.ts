/**
 * Character bigrams for the keyword index of outlets (SQLite's side; the
 * PostGIS store computes its own in SQL, with the server's `lower`).
 *
 * The index only narrows the candidates: the LIKE test of the scan still
 * decides. It is exact because a keyword that is a substring of a column
 * (after the same case folding) has every one of its bigrams among the
 * column's bigrams, so the outlets holding all of a keyword's bigrams are a
 * superset of the matches. A keyword with fewer than two characters has no
 * bigram: the caller scans instead.
 */

/** Distinct bigrams of `text` by code point (an emoji is one character, as in SQLite), in first-seen order. */
export function characterBigrams(text: string): string[] {
  const chars = Array.from(text);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** Lower case of A–Z only: SQLite's LIKE folds these and no other letters. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * A bigram as an FTS5 token of the `ascii` tokenizer: each code point as
 * four base-36 digits (U+10FFFF is `nvnj`), so
 * punctuation, `%`, `_`, spaces and emoji survive tokenization unchanged.
 */
export function bigramToken(gram: string): string {
  let token = '';
  for (const char of gram) token += char.codePointAt(0)!.toString(36).padStart(4, '0');
  return token;
}

/**
 * The text SQLite's `outlet_search` table indexes for an outlet: the tokens
 * of the bigrams of its name and address (ASCII lower case, as LIKE
 * compares), pinyin and initials, each once, space-separated.
 */
export function outletSearchText(name: string, address: string | null, namePinyin: string, nameInitials: string): string {
  const tokens = new Set<string>();
  for (const column of [asciiLower(name), asciiLower(address ?? ''), namePinyin, nameInitials]) {
    for (const gram of characterBigrams(column)) tokens.add(bigramToken(gram));
  }
  return [...tokens].join(' ');
}

/**
 * The FTS5 query of the outlets that may match a keyword: all bigrams of the
 * keyword as the name and address are searched (`text`), or all bigrams of
 * its compact lower-case form as the pinyin columns are (`compact`, omitted
 * when the pinyin is not searched). Null when a searched form has no bigram:
 * the index cannot narrow that keyword, the caller scans.
 */
export function keywordMatchQuery(text: string, compact: string | null): string | null {
  const forms = compact === null ? [text] : [text, compact];
  const groups = new Set<string>();
  for (const form of forms) {
    const grams = characterBigrams(asciiLower(form));
    if (grams.length === 0) return null;
    // Tokens are base-36 digits: no quoting needed, and no FTS5 operator spells itself in lower case.
    groups.add(`(${grams.map(bigramToken).join(' ')})`);
  }
  return [...groups].join(' OR ');
}
