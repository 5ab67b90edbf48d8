import gcoordModule from 'gcoord';

// gcoord is CommonJS whose typings declare `export default`: under NodeNext the
// types put the API at `.default.default`, while at run time it is `.default`.
const gcoord = gcoordModule as unknown as typeof gcoordModule.default;

/** Coordinate systems an import file may use: WGS-84 (GPS, OSM), GCJ-02 (Amap, Tencent) or BD-09 (Baidu). */
export type Crs = 'wgs84' | 'gcj02' | 'bd09';

/** The coordinate systems accepted by imports. */
export const CRS_VALUES: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/**
 * Converts a position from `crs` to WGS-84 `[lng, lat]` (gcoord; the inverse
 * of GCJ-02 is iterative, good to a few centimetres). Points outside China are
 * returned unchanged by the GCJ-02 rules, as Amap does.
 */
export function toWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], GCOORD_CRS[crs], gcoord.WGS84);
  return [x, y];
}

/** Converts a WGS-84 position to `crs` (for exports and round-trip tests). */
export function fromWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, GCOORD_CRS[crs]);
  return [x, y];
}
