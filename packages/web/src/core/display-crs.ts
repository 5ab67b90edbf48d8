import gcoordModule from 'gcoord';

/**
 * The coordinate system the map is drawn in: WGS-84 (our data, OpenStreetMap, most basemaps) or GCJ-02
 * (Amap and Tencent basemaps, whose tiles are drawn in China's obfuscated system).
 */
export type DisplayCrs = 'wgs84' | 'gcj02';

/** A position `[lng, lat]`. */
export type Position = [number, number];

/** The part of gcoord used here. Its typings differ between bundlers and Node; at run time the default import is the API. */
interface Gcoord {
  WGS84: string;
  GCJ02: string;
  transform(position: Position, from: string, to: string): Position;
}
const gcoord = gcoordModule as unknown as Gcoord;

/**
 * A WGS-84 position as the map draws it: unchanged for a WGS-84 basemap, shifted to GCJ-02 (gcoord) for an
 * Amap/Tencent one. Outside China GCJ-02 equals WGS-84, as gcoord and the basemaps agree.
 */
export function toDisplay(position: readonly number[], crs: DisplayCrs): Position {
  const [lng, lat] = position as [number, number];
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02);
  return [x, y];
}

/** A position picked on the map, back in WGS-84 (gcoord's iterative inverse of GCJ-02: a few centimetres). */
export function fromDisplay(position: readonly number[], crs: DisplayCrs): Position {
  const [lng, lat] = position as [number, number];
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84);
  return [x, y];
}

/** Shifts every position of GeoJSON coordinates (a position, or nested arrays of them) into a new array. */
function mapCoordinates(coordinates: unknown, shift: (position: readonly number[]) => Position): unknown {
  if (!Array.isArray(coordinates)) return coordinates;
  if (typeof coordinates[0] === 'number') {
    const [x, y] = shift(coordinates as number[]);
    // A third value (height) is kept as it is.
    return coordinates.length > 2 ? [x, y, ...coordinates.slice(2)] : [x, y];
  }
  return coordinates.map((child) => mapCoordinates(child, shift));
}

/** A geometry with its positions shifted; geometry collections are shifted member by member. */
function mapGeometry<G extends { type: string }>(geometry: G, shift: (position: readonly number[]) => Position): G {
  if (geometry.type === 'GeometryCollection') {
    const collection = geometry as unknown as { geometries: { type: string }[] };
    return { ...geometry, geometries: collection.geometries.map((member) => mapGeometry(member, shift)) };
  }
  const coordinates = (geometry as unknown as { coordinates?: unknown }).coordinates;
  return { ...geometry, coordinates: mapCoordinates(coordinates, shift) };
}

/**
 * A copy of a GeoJSON feature collection drawn in `crs` (the input is not changed: the app keeps WGS-84
 * for the API). For WGS-84 the input itself is returned.
 */
export function featureCollectionToDisplay<C extends { type: 'FeatureCollection'; features: { geometry: unknown }[] }>(
  collection: C,
  crs: DisplayCrs,
): C {
  if (crs === 'wgs84') return collection;
  const shift = (position: readonly number[]) => toDisplay(position, crs);
  return {
    ...collection,
    features: collection.features.map((feature) =>
      feature.geometry === null ? feature : { ...feature, geometry: mapGeometry(feature.geometry as { type: string }, shift) },
    ),
  };
}

/**
 * The WGS-84 bounds `[west, south, east, north]` of a box drawn in `crs`: its four corners shifted back, so a
 * query for the visible area asks for what is drawn in it (the GCJ-02 shift is some 500 m in Shanghai).
 */
export function boundsFromDisplay(
  bounds: readonly [number, number, number, number],
  crs: DisplayCrs,
): [number, number, number, number] {
  const [west, south, east, north] = bounds;
  if (crs === 'wgs84') return [west, south, east, north];
  const corners = [
    [west, south],
    [west, north],
    [east, south],
    [east, north],
  ].map((corner) => fromDisplay(corner, crs));
  const lngs = corners.map((corner) => corner[0]);
  const lats = corners.map((corner) => corner[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}
