import type { AreaGeometry, Bbox, LngLat } from '@lifecircle/shared';

/**
 * Whether a point lies inside a ring list by the even-odd rule (ray casting
 * towards +lng, W. R. Franklin's PNPOLY): with the outer ring and its holes
 * together, a point in a hole crosses an even number of edges and is outside.
 * Points exactly on an edge may go either way.
 */
function isInsideRings(lng: number, lat: number, rings: readonly (readonly LngLat[])[]): boolean {
  let isInside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) isInside = !isInside;
    }
  }
  return isInside;
}

/** Whether a WGS-84 point lies inside a Polygon or MultiPolygon (holes excluded). */
export function isPointInArea(lng: number, lat: number, area: AreaGeometry): boolean {
  if (area.type === 'Polygon') return isInsideRings(lng, lat, area.coordinates);
  return area.coordinates.some((polygon) => isInsideRings(lng, lat, polygon));
}

/** The bounding box of an area. */
export function areaBbox(area: AreaGeometry): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [lng, lat] of ring) {
        if (lng < box[0]) box[0] = lng;
        if (lat < box[1]) box[1] = lat;
        if (lng > box[2]) box[2] = lng;
        if (lat > box[3]) box[3] = lat;
      }
    }
  }
  return box;
}

/** A function giving the id of the street a point lies in, or null. */
export type StreetLocator = (lng: number, lat: number) => number | null;

/**
 * Prepares point-in-polygon look-ups against street boundaries (streets
 * without a boundary are ignored). Each street's bbox is checked before its
 * rings; where boundaries overlap, the first street in the list wins.
 */
export function createStreetLocator(streets: readonly { id: number; boundary: AreaGeometry | null }[]): StreetLocator {
  const withBoundary = streets.flatMap((street) =>
    street.boundary === null ? [] : [{ id: street.id, boundary: street.boundary, bbox: areaBbox(street.boundary) }],
  );
  return (lng, lat) => {
    for (const street of withBoundary) {
      const [minLng, minLat, maxLng, maxLat] = street.bbox;
      if (lng < minLng || lng > maxLng || lat < minLat || lat > maxLat) continue;
      if (isPointInArea(lng, lat, street.boundary)) return street.id;
    }
    return null;
  };
}
