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
