import OpeningHours from 'opening_hours';

/** China keeps UTC+8 all year (no daylight saving), so wall-clock time is a fixed shift. */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The wall-clock time in China of an instant, as a Date whose *local* fields
 * carry it: opening_hours reads local fields, and the process may run in any
 * time zone (the CLI sets TZ=Asia/Shanghai so no daylight-saving gap can
 * swallow an hour).
 */
export function chinaWallClock(instant: Date): Date {
  const shifted = new Date(instant.getTime() + CHINA_OFFSET_MS);
  return new Date(
    shifted.getUTCFullYear(),
    shifted.getUTCMonth(),
    shifted.getUTCDate(),
    shifted.getUTCHours(),
    shifted.getUTCMinutes(),
    shifted.getUTCSeconds(),
  );
}

/** Parsed rules by text: outlets share few distinct rules, and parsing one costs about 0.2 ms. */
const parsedRules = new Map<string, OpeningHours | null>();
const MAX_CACHED_RULES = 20_000;

/**
 * A parsed OpenStreetMap opening_hours rule, or null when the text does not
 * parse (never throws). Cached by text: a parsed rule is read-only.
 */
export function parseOpeningHours(text: string): OpeningHours | null {
  const cached = parsedRules.get(text);
  if (cached !== undefined) return cached;
  let parsed: OpeningHours | null;
  try {
    parsed = new OpeningHours(text, null);
  } catch {
    // The library throws a string describing the syntax error; callers decide what an unparsable rule means.
    parsed = null;
  }
  if (parsedRules.size >= MAX_CACHED_RULES) parsedRules.clear();
  parsedRules.set(text, parsed);
  return parsed;
}

/**
 * Whether outlet hours say open at a China wall-clock time (a Date whose
 * local fields are the China time): 'unknown' without hours, 'unparsable'
 * when the rule does not parse or fails to evaluate.
 */
export function openState(hours: string | null, wallClock: Date): 'open' | 'closed' | 'unknown' | 'unparsable' {
  if (hours === null || hours.trim() === '') return 'unknown';
  const rule = parseOpeningHours(hours);
  if (rule === null) return 'unparsable';
  try {
    return rule.getState(wallClock) ? 'open' : 'closed';
  } catch {
    return 'unparsable';
  }
}
