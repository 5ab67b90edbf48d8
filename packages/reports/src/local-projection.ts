import { METRES_PER_DEGREE } from '@lifecircle/shared';
import type { ReportLngLat } from './report-data.js';

/** A rectangle on the page in PDF points, y growing downwards (pdfkit's convention). */
export interface PageBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Maps `[lng, lat]` to page points; one point on the page is `metresPerPoint` metres on the ground. */
export interface LocalProjection {
  project(lng: number, lat: number): [x: number, y: number];
  metresPerPoint: number;
}

/** The span, in metres, shown when the content is a single point or empty. */
const MIN_SPAN_M = 200;

/**
 * Fits a local equirectangular projection (x = Δlng·cos φ₀, y = Δlat, both
 * in metres, φ₀ the middle latitude) to the points so they fill `box` less
 * `paddingPt` on each side, with one scale on both axes and north up. Over a
 * living circle (≈ 2 km) the distortion against a conformal projection is
 * far below a printed line width. O(n).
 */
export function fitLocalProjection(points: Iterable<ReportLngLat>, box: PageBox, paddingPt: number): LocalProjection {
  let minLng = Infinity;
  let maxLng = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const [lng, lat] of points) {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) continue;
    if (lng < minLng) minLng = lng;
    if (lng > maxLng) maxLng = lng;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  if (minLng > maxLng) {
    // Nothing to show: any centre will do, the map stays empty.
    minLng = maxLng = 0;
    minLat = maxLat = 0;
  }
  const lng0 = (minLng + maxLng) / 2;
  const lat0 = (minLat + maxLat) / 2;
  const metresPerDegreeLng = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const spanXM = Math.max((maxLng - minLng) * metresPerDegreeLng, MIN_SPAN_M);
  const spanYM = Math.max((maxLat - minLat) * METRES_PER_DEGREE, MIN_SPAN_M);
  const innerWidth = Math.max(box.width - 2 * paddingPt, 1);
  const innerHeight = Math.max(box.height - 2 * paddingPt, 1);
  const pointsPerMetre = Math.min(innerWidth / spanXM, innerHeight / spanYM);
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  return {
    project(lng, lat) {
      const xM = (lng - lng0) * metresPerDegreeLng;
      const yM = (lat - lat0) * METRES_PER_DEGREE;
      return [centreX + xM * pointsPerMetre, centreY - yM * pointsPerMetre];
    },
    metresPerPoint: 1 / pointsPerMetre,
  };
}

/**
 * The longest "round" length (1, 2 or 5 × 10ᵏ metres) not above `maxM`, for
 * a scale bar; 0 when `maxM` is below 1 mm or not finite.
 */
export function niceScaleLengthM(maxM: number): number {
  if (!Number.isFinite(maxM) || maxM < 0.001) return 0;
  const power = 10 ** Math.floor(Math.log10(maxM));
  for (const step of [5, 2, 1]) {
    if (step * power <= maxM) return step * power;
  }
  return power;
}

/** "500 m" or "1 km" / "1.5 km" for a scale-bar label. */
export function formatLengthM(lengthM: number): string {
  return lengthM >= 1000 ? `${+(lengthM / 1000).toFixed(2)} km` : `${+lengthM.toFixed(2)} m`;
}
