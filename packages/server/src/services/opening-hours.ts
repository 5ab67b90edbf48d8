import { LifecircleError } from '@lifecircle/shared';
import { chinaWallClock, openState, parseOpeningHours } from '@lifecircle/engine';

export { chinaWallClock, parseOpeningHours };

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
  const state = openState(hours, wallClock);
  return state === 'open' ? true : state === 'closed' ? false : null;
}
