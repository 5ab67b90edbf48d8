import { LifecircleError } from '@lifecircle/shared';
import OpeningHours from 'opening_hours';

/** China keeps UTC+8 all year (no daylight saving), so wall-clock time is a fixed shift. */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The wall-clock time in China of an instant, as a Date whose *local* fields
 * carry it: opening_hours evaluates rules in the process's local time, and the
 * server may run in any time zone.
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

/**
 * Parses `openAt`: an ISO date-time with an offset (`2026-11-27T07:00:00+08:00`,
 * `…Z`) is an instant; without one it is China wall-clock time. Throws
 * VALIDATION (field openAt) otherwise.
 */
export function parseOpenAt(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  const invalid = () => new LifecircleError('VALIDATION', { field: 'openAt', reason: 'expected an ISO 8601 date-time' });
  if (match === null) throw invalid();
  const [y, mo, d, h, mi, se] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  // Date would roll 30 February over into March and 61 seconds into the next minute: refuse instead.
  if (new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDate() !== d || mo! < 1 || mo! > 12 || h! > 23 || mi! > 59 || se! > 59)
    throw invalid();
  if (match[7] !== undefined) {
    const instant = new Date(value);
    if (Number.isNaN(instant.getTime())) throw invalid();
    return chinaWallClock(instant);
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const local = new Date(year!, month! - 1, day!, hour!, minute!, second!);
  if (local.getMonth() !== month! - 1 || hour! > 23 || minute! > 59) throw invalid();
  return local;
}

/** Parsed rules by their text: outlets share few distinct rules, and parsing one costs about 0.2 ms. */
const parsedRules = new Map<string, OpeningHours | null>();
const MAX_CACHED_RULES = 20_000;

/**
 * A parsed opening_hours rule, or null when the text cannot be parsed (never
 * throws). Parsed rules are cached by text (a rule object is read-only once
 * built), so a nearby answer of ten outlets does not parse ten rules.
 */
export function parseOpeningHours(text: string): OpeningHours | null {
  const cached = parsedRules.get(text);
  if (cached !== undefined) return cached;
  let parsed: OpeningHours | null;
  try {
    parsed = new OpeningHours(text, null);
  } catch {
    // opening_hours throws a string describing the syntax error; the caller decides what an unparsable rule means.
    parsed = null;
  }
  if (parsedRules.size >= MAX_CACHED_RULES) parsedRules.clear();
  parsedRules.set(text, parsed);
  return parsed;
}

/** Throws VALIDATION (field openingHours) when the text is not valid OSM opening_hours syntax. */
export function assertOpeningHours(text: string): void {
  if (parseOpeningHours(text) === null) {
    throw new LifecircleError('VALIDATION', { field: 'openingHours', reason: 'not valid OpenStreetMap opening_hours syntax' });
  }
}

/**
 * Whether an outlet with these hours is open at a China wall-clock time (see
 * `chinaWallClock`); null when there are no hours or they cannot be parsed.
 */
export function isOpenAt(hours: string | null, wallClock: Date): boolean | null {
  if (hours === null || hours.trim() === '') return null;
  const rule = parseOpeningHours(hours);
  if (rule === null) return null;
  try {
    return rule.getState(wallClock);
  } catch {
    // A rule that parses but fails to evaluate counts as unknown, never as a crash.
    return null;
  }
}
