import Flatbush from 'flatbush';
import { pointInRing } from '@lifecircle/osm';
import type { AreaGeometry } from '@lifecircle/shared';

interface Ring {
  lng: Float64Array;
  lat: Float64Array;
}

/**
 * Finds which of a set of areas (streets, circles…) holds a point: an R-tree
 * (flatbush) over the areas' bounding boxes, then an even-odd ring test on
 * each candidate polygon (outer ring in, holes out). The first area in input
 * order wins where areas overlap.
 */
export class AreaLocator {
  private readonly polygons: { area: number; rings: Ring[] }[] = [];
  private readonly tree: Flatbush | null;

  constructor(areas: readonly { boundary: AreaGeometry | null }[]) {
    areas.forEach((a, area) => {
      if (a.boundary === null) return;
      const polygons = a.boundary.type === 'Polygon' ? [a.boundary.coordinates] : a.boundary.coordinates;
      for (const polygon of polygons) {
        this.polygons.push({
          area,
          rings: polygon.map((ring) => ({
            lng: Float64Array.from(ring, (p) => p[0]),
            lat: Float64Array.from(ring, (p) => p[1]),
          })),
        });
      }
    });
    if (this.polygons.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(this.polygons.length);
    for (const { rings } of this.polygons) {
      const outer = rings[0]!;
      let minLng = Infinity;
      let minLat = Infinity;
      let maxLng = -Infinity;
      let maxLat = -Infinity;
      for (let i = 0; i < outer.lng.length; i++) {
        minLng = Math.min(minLng, outer.lng[i]!);
        maxLng = Math.max(maxLng, outer.lng[i]!);
        minLat = Math.min(minLat, outer.lat[i]!);
        maxLat = Math.max(maxLat, outer.lat[i]!);
      }
      this.tree.add(minLng, minLat, maxLng, maxLat);
    }
    this.tree.finish();
  }

  /** Index (in the constructor's list) of the area holding the point, or -1. */
  locate(lng: number, lat: number): number {
    if (this.tree === null) return -1;
    let best = -1;
    for (const candidate of this.tree.search(lng, lat, lng, lat)) {
      const { area, rings } = this.polygons[candidate]!;
      if (best >= 0 && area >= best) continue;
      if (!pointInRing(lng, lat, rings[0]!.lng, rings[0]!.lat)) continue;
      if (rings.slice(1).some((hole) => pointInRing(lng, lat, hole.lng, hole.lat))) continue;
      best = area;
    }
    return best;
  }
}
