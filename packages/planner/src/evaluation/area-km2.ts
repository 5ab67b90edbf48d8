import { METRES_PER_DEGREE, type AreaGeometry, type LngLat } from '@lifecircle/shared';

/**
 * Area of a polygon or multipolygon in km²: the shoelace formula on an
 * equirectangular projection about the geometry's first point and middle
 * latitude (holes subtracted). Within a fraction of a percent of the
 * geodesic area for circle- and district-sized shapes.
 */
export function areaKm2(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const points = polygons.flat(2);
  if (points.length === 0) return 0;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const p of points) {
    minLat = Math.min(minLat, p[1]);
    maxLat = Math.max(maxLat, p[1]);
  }
  const meanLat = (minLat + maxLat) / 2;
  const [lng0, lat0] = points[0]!;
  const mx = METRES_PER_DEGREE * Math.cos((meanLat * Math.PI) / 180);
  const ringM2 = (ring: readonly LngLat[]) => {
    let twice = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = (ring[i]![0] - lng0) * mx;
      const yi = (ring[i]![1] - lat0) * METRES_PER_DEGREE;
      const xj = (ring[j]![0] - lng0) * mx;
      const yj = (ring[j]![1] - lat0) * METRES_PER_DEGREE;
      twice += xj * yi - xi * yj;
    }
    return Math.abs(twice) / 2;
  };
  let m2 = 0;
  for (const polygon of polygons) polygon.forEach((ring, k) => (m2 += k === 0 ? ringM2(ring) : -ringM2(ring)));
  return m2 / 1e6;
}
