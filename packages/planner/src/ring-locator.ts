import type { LngLat } from '@lifecircle/shared';

/**
 * Finds which of a set of closed rings contains a point: a bounding-box
 * test, then even-odd ray casting. Linear in the number of rings, which is
 * enough for the gated compounds of a district (hundreds to a few thousand).
 */
export class RingLocator {
  private readonly bbox: Float64Array;

  /** `rings[k]` is closed (first point repeated last) or null (never contains anything). */
  constructor(private readonly rings: readonly (readonly LngLat[] | null)[]) {
    this.bbox = new Float64Array(rings.length * 4).fill(NaN);
    rings.forEach((ring, k) => {
      if (ring === null || ring.length < 4) return;
      let minLng = Infinity;
      let minLat = Infinity;
      let maxLng = -Infinity;
      let maxLat = -Infinity;
      for (const [lng, lat] of ring) {
        minLng = Math.min(minLng, lng);
        minLat = Math.min(minLat, lat);
        maxLng = Math.max(maxLng, lng);
        maxLat = Math.max(maxLat, lat);
      }
      this.bbox.set([minLng, minLat, maxLng, maxLat], k * 4);
    });
  }

  /** Index of the first ring containing (lng, lat), or -1. */
  locate(lng: number, lat: number): number {
    for (let k = 0; k < this.rings.length; k++) {
      const b = k * 4;
      // NaN boxes (no ring) fail every comparison.
      if (!(lng >= this.bbox[b]! && lng <= this.bbox[b + 2]! && lat >= this.bbox[b + 1]! && lat <= this.bbox[b + 3]!)) continue;
      if (ringContains(this.rings[k]!, lng, lat)) return k;
    }
    return -1;
  }
}

/** Even-odd rule; points exactly on an edge may fall either way. */
export function ringContains(ring: readonly LngLat[], lng: number, lat: number): boolean {
  let isInside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) isInside = !isInside;
  }
  return isInside;
}
