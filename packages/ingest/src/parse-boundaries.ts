import { LifecircleError, type AreaGeometry, type LngLat } from '@lifecircle/shared';
import { toWgs84, type Crs } from './coordinate-system.js';
import { readGeoJson } from './read-geojson.js';
import { RowReader } from './table-columns.js';

/** The administrative level of a boundary feature. */
export type BoundaryLevel = 'district' | 'street' | 'circle';
/** Every boundary level, in containment order. */
export const BOUNDARY_LEVELS: readonly BoundaryLevel[] = ['district', 'street', 'circle'];

/** One validated boundary feature, WGS-84. */
export interface ParsedBoundary {
  /** The feature's number in the file, from 1. */
  row: number;
  level: BoundaryLevel;
  name: string;
  code: string | null;
  boundary: AreaGeometry;
  /** For streets and circles: the `district` property (a name or code), when given. */
  district: string | null;
  /** The properties the name and district came from, as the file writes them (errors name them). */
  fields: { name: string; district: string };
}

const COLUMNS = {
  name: ['name', '名称'],
  code: ['code', 'adcode', '代码'],
  level: ['level', '级别'],
  district: ['district', '区', '所属区'],
};

/**
 * Checks one ring: an array of at least 4 `[lng, lat]` positions with finite
 * coordinates in range, the last equal to the first (RFC 7946 §3.1.6). An
 * unclosed ring is rejected, not repaired: a missing closing position often
 * means a truncated file. Returns the ring converted to WGS-84.
 */
export function readRing(value: unknown, where: string, crs: Crs, fail: (field: string, reason: string) => never): LngLat[] {
  if (!Array.isArray(value) || value.length < 4) fail('geometry', `${where}: a ring needs at least 4 positions`);
  const positions = value as unknown[];
  const ring = positions.map((position, index): LngLat => {
    const [lng, lat] = Array.isArray(position) ? (position as unknown[]) : [];
    if (
      typeof lng !== 'number' ||
      typeof lat !== 'number' ||
      !Number.isFinite(lng) ||
      !Number.isFinite(lat) ||
      Math.abs(lng) > 180 ||
      Math.abs(lat) > 90
    ) {
      fail('geometry', `${where}[${index}]: expected [lng, lat] in range, got ${JSON.stringify(position)}`);
    }
    return [lng, lat];
  });
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1])
    fail('geometry', `${where}: the ring is not closed (last position differs from the first)`);
  return ring.map(([lng, lat]) => toWgs84(lng, lat, crs));
}

function readPolygon(value: unknown, where: string, crs: Crs, fail: (field: string, reason: string) => never): LngLat[][] {
  if (!Array.isArray(value) || value.length === 0) fail('geometry', `${where}: a polygon needs an outer ring`);
  return (value as unknown[]).map((ring, index) => readRing(ring, `${where}[${index}]`, crs, fail));
}

/**
 * Reads a GeoJSON FeatureCollection of Polygon/MultiPolygon features as
 * districts, streets or circles: all of one `level`, or with `level: 'auto'`
 * each feature's `level` property (district|street|circle). Names come from
 * `name`/`名称`, codes from `code`/`adcode`. Invalid geometry, a missing name
 * or level throws IMPORT_ROW with the feature's number (from 1) as the row.
 */
export function parseBoundaries(bytes: Uint8Array, file: string, crs: Crs, level: BoundaryLevel | 'auto'): ParsedBoundary[] {
  const table = readGeoJson(bytes, file);
  if (table.rows.length === 0)
    throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason: 'the collection has no features' });
  return table.rows.map((row): ParsedBoundary => {
    const reader: RowReader = new RowReader(file, row);
    const fail = (field: string, reason: string): never => reader.fail(field, reason);
    const column = {
      name: reader.column(COLUMNS.name),
      code: reader.column(COLUMNS.code),
      level: reader.column(COLUMNS.level),
      district: reader.column(COLUMNS.district),
    };
    const name = reader.requiredText(column.name, 'name');
    let featureLevel: BoundaryLevel;
    if (level === 'auto') {
      const text = reader.text(column.level).toLowerCase();
      if (!BOUNDARY_LEVELS.includes(text as BoundaryLevel))
        fail(column.level ?? 'level', `expected district, street or circle, got "${text}"`);
      featureLevel = text as BoundaryLevel;
    } else {
      featureLevel = level;
    }
    const geometry = row.geometry;
    let boundary: AreaGeometry;
    if (geometry?.type === 'Polygon') {
      boundary = { type: 'Polygon', coordinates: readPolygon(geometry.coordinates, 'coordinates', crs, fail) };
    } else if (geometry?.type === 'MultiPolygon') {
      const polygons = geometry.coordinates;
      if (!Array.isArray(polygons) || polygons.length === 0) fail('geometry', 'a MultiPolygon needs at least one polygon');
      boundary = {
        type: 'MultiPolygon',
        coordinates: (polygons as unknown[]).map((polygon, index) => readPolygon(polygon, `coordinates[${index}]`, crs, fail)),
      };
    } else {
      reader.fail('geometry', `expected a Polygon or MultiPolygon, got ${geometry?.type ?? 'null'}`);
    }
    return {
      row: row.row,
      level: featureLevel,
      name,
      code: reader.optionalText(column.code),
      boundary,
      district: reader.optionalText(column.district),
      fields: { name: column.name ?? 'name', district: column.district ?? 'district' },
    };
  });
}
