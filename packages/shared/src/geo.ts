/** A position as `[lng, lat]` in WGS-84 degrees, as GeoJSON and MapLibre use. */
export type LngLat = readonly [lng: number, lat: number];

/** Mean Earth radius in metres (IUGG), the value OSMnx and most routers use. */
export const EARTH_RADIUS_M = 6_371_008.8;

const DEG_TO_RAD = Math.PI / 180;

/**
 * Great-circle distance in metres between two WGS-84 points (haversine).
 * Accurate to about 0.5 % against the ellipsoid, which is far below the
 * uncertainty of a walking speed.
 */
export function haversineM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * DEG_TO_RAD;
  const dLng = (lng2 - lng1) * DEG_TO_RAD;
  const sinLat = Math.sin(dLat / 2);
  const sinLng = Math.sin(dLng / 2);
  const a = sinLat * sinLat + Math.cos(lat1 * DEG_TO_RAD) * Math.cos(lat2 * DEG_TO_RAD) * sinLng * sinLng;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Metres per degree of latitude on the sphere of EARTH_RADIUS_M. */
export const METRES_PER_DEGREE = EARTH_RADIUS_M * DEG_TO_RAD;

/** The bounds `[minX, minY, maxX, maxY]` of points (any plane, or lng/lat); infinite for none. O(n). */
export function boundsOf(points: Iterable<readonly [number, number]>): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

/**
 * The bbox of points widened by `marginM` on every side: every point within
 * `marginM` metres of one of them lies inside ([minLng, minLat, maxLng, maxLat];
 * the longitude margin uses the box's highest latitude, where a degree is shortest).
 */
export function pointsBbox(points: Iterable<readonly [number, number]>, marginM: number): [number, number, number, number] {
  const box = boundsOf(points);
  const dLat = marginM / METRES_PER_DEGREE;
  const dLng =
    dLat / Math.max(0.01, Math.cos((Math.min(89, Math.max(Math.abs(box[1]), Math.abs(box[3])) + dLat) * Math.PI) / 180));
  return [box[0] - dLng, box[1] - dLat, box[2] + dLng, box[3] + dLat];
}
