import { METRES_PER_DEGREE } from '@lifecircle/shared';

/**
 * An equirectangular projection to metres around a reference latitude: good
 * to a few parts per thousand across a city, which is all that choosing the
 * nearest segment needs. Final distances are measured with haversine.
 */
export interface LocalProjection {
  /** Metres per degree of longitude at the reference latitude. */
  readonly metresPerDegreeLng: number;
  readonly metresPerDegreeLat: number;
}

/** A projection centred on the mean latitude of `lat` (or on `refLat`). */
export function localProjection(lat: ArrayLike<number>, refLat?: number): LocalProjection {
  let reference = refLat;
  if (reference === undefined) {
    let sum = 0;
    for (let i = 0; i < lat.length; i++) sum += lat[i];
    reference = lat.length > 0 ? sum / lat.length : 0;
  }
  return {
    metresPerDegreeLng: METRES_PER_DEGREE * Math.cos((reference * Math.PI) / 180),
    metresPerDegreeLat: METRES_PER_DEGREE,
  };
}
