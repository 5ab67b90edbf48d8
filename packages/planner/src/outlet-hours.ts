import { chinaWallClock, openState } from '@lifecircle/engine';

export { chinaWallClock };

/**
 * Whether an outlet with these OpenStreetMap opening_hours is open at a
 * China wall-clock time (a Date whose local fields are the China time):
 * null or blank hours are always open; hours that do not parse (or fail to
 * evaluate) are 'unparsable', which the planner counts as closed.
 */
export function outletOpenState(hours: string | null, wallClock: Date): 'open' | 'closed' | 'unparsable' {
  const state = openState(hours, wallClock);
  return state === 'unknown' ? 'open' : state;
}
