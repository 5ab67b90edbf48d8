import { LifecircleError } from '@lifecircle/shared';
import type { AreaGeometry, Bbox, LngLat } from '@lifecircle/shared';
import { toEwkbHex } from './ewkb.js';
import type { StoredGeometry } from './ewkb.js';

/** A `geometry` parameter (hex EWKB), or null; a malformed geometry is a VALIDATION error naming `field`. */
export function geometryParam(field: string, geometry: StoredGeometry | null, index?: number): string | null {
  if (geometry === null) return null;
  try {
    return toEwkbHex(geometry);
  } catch (error) {
    const where = index === undefined ? '' : ` (item ${index})`;
    throw new LifecircleError('VALIDATION', { field, reason: `${(error as Error).message}${where}` }, { cause: error });
  }
}

/** A point parameter from `[lng, lat]`. */
export function pointParam(field: string, location: LngLat, index?: number): string {
  return geometryParam(field, { type: 'Point', coordinates: location }, index)!;
}

/** `[lng, lat]` of a Point column (parsed to GeoJSON by the pool's type parser). */
export function pointOf(value: unknown): LngLat {
  return (value as { coordinates: LngLat }).coordinates;
}

/** The area of a geometry column, or null. */
export function areaOf(value: unknown): AreaGeometry | null {
  return (value ?? null) as AreaGeometry | null;
}

/** The positions of a MultiPoint column. */
export function pointsOf(value: unknown): LngLat[] {
  return (value as { coordinates: LngLat[] }).coordinates;
}

/** A `json` parameter: JSON text, or SQL NULL for null and undefined. */
export function jsonParam(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Collects the conditions and positional parameters (`$1`…) of a WHERE clause. */
export class PgWhere {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** A placeholder bound to `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition built with `param` placeholders. */
  add(condition: string): void {
    this.conditions.push(condition);
  }

  /** `column = $n` when `value` is defined. */
  equals(column: string, value: unknown): void {
    if (value !== undefined) this.add(`${column} = ${this.param(value)}`);
  }

  /**
   * Points of `column` inside the bbox, edges included. `&&` finds the
   * candidates through the GiST index, whose single-precision boxes are
   * rounded outward; the exact coordinates decide.
   */
  bbox(column: string, [minLng, minLat, maxLng, maxLat]: Bbox): void {
    const [a, b, c, d] = [this.param(minLng), this.param(minLat), this.param(maxLng), this.param(maxLat)];
    this.add(
      `${column} && ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326) ` +
        `AND ST_X(${column}) BETWEEN ${a} AND ${c} AND ST_Y(${column}) BETWEEN ${b} AND ${d}`,
    );
  }

  /** `WHERE a AND b`, or an empty string. */
  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
