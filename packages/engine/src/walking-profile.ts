/** A walking speed with a name, for reports ("which profile produced this figure"). */
export interface WalkingProfile {
  readonly id: string;
  readonly speedMps: number;
}

/**
 * The built-in profiles: adult 1.2 m/s and elderly 0.8 m/s (the project's
 * defaults, standards.md §10), and a planning pace of 4 km/h that turns
 * GB 50180's 1,000 m into exactly 15 minutes.
 */
export const WALKING_PROFILES = {
  adult: { id: 'adult', speedMps: 1.2 },
  elderly: { id: 'elderly', speedMps: 0.8 },
  planning: { id: 'planning', speedMps: 4000 / 3600 },
} as const satisfies Record<string, WalkingProfile>;

export type WalkingProfileId = keyof typeof WALKING_PROFILES;

/** Minutes to walk `distanceM` at `speedMps`. */
export function walkMinutes(distanceM: number, speedMps: number): number {
  return distanceM / speedMps / 60;
}

/** Metres walked in `minutes` at `speedMps`. */
export function walkMetres(minutes: number, speedMps: number): number {
  return minutes * 60 * speedMps;
}
