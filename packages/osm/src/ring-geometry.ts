import { METRES_PER_DEGREE } from '@lifecircle/shared';

/** Area (m², planar around the ring's first vertex) and area centroid of a closed ring in [lng, lat] degrees. */
export function ringAreaCentroid(lng: ArrayLike<number>, lat: ArrayLike<number>): { areaM2: number; lng: number; lat: number } {
  const n = lng.length;
  if (n === 0) return { areaM2: 0, lng: NaN, lat: NaN };
  const lng0 = lng[0]!;
  const lat0 = lat[0]!;
  const kx = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const ky = METRES_PER_DEGREE;
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    const x1 = (lng[i]! - lng0) * kx;
    const y1 = (lat[i]! - lat0) * ky;
    const j = (i + 1) % n;
    const x2 = (lng[j]! - lng0) * kx;
    const y2 = (lat[j]! - lat0) * ky;
    const cross = x1 * y2 - x2 * y1;
    twiceArea += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
    sumX += x1;
    sumY += y1;
  }
  if (Math.abs(twiceArea) < 1e-9) {
    // Degenerate ring (a line): the mean of its vertices.
    return { areaM2: 0, lng: lng0 + sumX / n / kx, lat: lat0 + sumY / n / ky };
  }
  cx /= 3 * twiceArea;
  cy /= 3 * twiceArea;
  return { areaM2: Math.abs(twiceArea) / 2, lng: lng0 + cx / kx, lat: lat0 + cy / ky };
}

/** Even-odd point-in-polygon test on one ring of [lng, lat] degrees. */
export function pointInRing(lng: number, lat: number, ringLng: ArrayLike<number>, ringLat: ArrayLike<number>): boolean {
  let inside = false;
  const n = ringLng.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ringLng[i]!;
    const yi = ringLat[i]!;
    const xj = ringLng[j]!;
    const yj = ringLat[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
