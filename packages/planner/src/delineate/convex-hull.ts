import type { LngLat } from '@lifecircle/shared';

/**
 * The convex hull of points (Andrew's monotone chain, 1979) as a closed ring,
 * counter-clockwise, `[lng, lat]`. Working in degrees is exact for the hull:
 * the local equirectangular projection to metres is affine, and affine maps
 * keep convex hulls. Fewer than three distinct points give a degenerate ring
 * (one or two points, closed). O(n log n).
 */
export function convexHull(points: readonly LngLat[]): LngLat[] {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const unique: LngLat[] = [];
  for (const p of sorted) {
    const last = unique[unique.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) unique.push(p);
  }
  if (unique.length < 3) return unique.length === 0 ? [] : [...unique, unique[0]!];
  const cross = (o: LngLat, a: LngLat, b: LngLat) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: LngLat[] = [];
  for (const p of unique) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: LngLat[] = [];
  for (let i = unique.length - 1; i >= 0; i--) {
    const p = unique[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  const ring = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  return [...ring, ring[0]!];
}
