import { LifecircleError } from '@lifecircle/shared';
import type { TableRow } from './read-table.js';

/** A GeoJSON feature as read: its geometry (unchecked) and its properties as text, numbered from 1. */
export interface GeoJsonFeatureRow extends TableRow {
  geometry: { type: string; coordinates: unknown } | null;
}

/** The features of a GeoJSON file, with the union of property names as the header. */
export interface GeoJsonTable {
  header: string[];
  rows: GeoJsonFeatureRow[];
}

/**
 * A property's object or array value as JSON text. JSON.stringify recurses,
 * so a value nested many thousands deep (JSON.parse reads it) overflows the
 * stack: that is the file's fault, reported at its feature and property.
 */
function jsonText(value: object, file: string, row: number, key: string): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const field = key === '' ? '(unnamed property)' : key;
    throw new LifecircleError('IMPORT_ROW', { file, row, field, reason: 'a value nested too deeply to read' }, { cause: error });
  }
}

/**
 * Reads a GeoJSON FeatureCollection (or a single Feature). Each feature
 * becomes a row numbered from 1 in file order (`row` N = the N-th feature);
 * property values become text (numbers as written, objects as JSON) so the
 * table parsers can read them. Not JSON or not features → UNSUPPORTED_FORMAT.
 */
export function readGeoJson(bytes: Uint8Array, file: string): GeoJsonTable {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason: `not JSON: ${(error as Error).message}` }, { cause: error });
  }
  const root = json as { type?: unknown; features?: unknown };
  let features: unknown[];
  if (root !== null && typeof root === 'object' && root.type === 'FeatureCollection' && Array.isArray(root.features)) {
    features = root.features;
  } else if (root !== null && typeof root === 'object' && root.type === 'Feature') {
    features = [root];
  } else {
    throw new LifecircleError('UNSUPPORTED_FORMAT', { file, reason: 'expected a GeoJSON FeatureCollection' });
  }
  const header = new Set<string>();
  const rows = features.map((item, index): GeoJsonFeatureRow => {
    const row = index + 1;
    const feature = item as { type?: unknown; geometry?: unknown; properties?: unknown };
    if (feature === null || typeof feature !== 'object' || feature.type !== 'Feature') {
      throw new LifecircleError('IMPORT_ROW', { file, row, field: 'type', reason: 'expected a GeoJSON Feature' });
    }
    const values: Record<string, string> = {};
    const properties = feature.properties;
    if (properties !== null && properties !== undefined) {
      if (typeof properties !== 'object' || Array.isArray(properties)) {
        throw new LifecircleError('IMPORT_ROW', { file, row, field: 'properties', reason: 'expected an object' });
      }
      for (const [key, value] of Object.entries(properties)) {
        header.add(key);
        values[key] =
          value === null || value === undefined
            ? ''
            : typeof value === 'object'
              ? jsonText(value, file, row, key)
              : String(value);
      }
    }
    const geometry = feature.geometry as GeoJsonFeatureRow['geometry'] | undefined;
    if (geometry !== null && geometry !== undefined && (typeof geometry !== 'object' || typeof geometry.type !== 'string')) {
      throw new LifecircleError('IMPORT_ROW', { file, row, field: 'geometry', reason: 'expected a GeoJSON geometry or null' });
    }
    return { row, values, geometry: geometry ?? null };
  });
  return { header: [...header], rows };
}
