import type { AreaGeometry, Compound, LngLat, Street } from '@lifecircle/shared';
import { toWgs84, type Crs } from './coordinate-system.js';
import { readRing } from './parse-boundaries.js';
import { readPosition } from './parse-outlets.js';
import type { GeoJsonFeatureRow } from './read-geojson.js';
import type { TableRow } from './read-table.js';
import { parseTableNumber, RowReader } from './table-columns.js';

/** Column aliases of a compound table, compared case-insensitively. */
export const COMPOUND_COLUMNS = {
  name: ['name', '名称', '小区名称', '小区'],
  lng: ['lng', 'lon', 'longitude', '经度'],
  lat: ['lat', 'latitude', '纬度'],
  outline: ['outline', 'wkt', 'geometry', '轮廓'],
  households: ['households', '户数'],
  residents: ['residents', 'population', '人口', '常住人口'],
  footprintM2: ['footprint_m2', '基底面积'],
  levels: ['levels', '层数'],
  age0to14: ['age_0_14', '0-14岁'],
  age15to59: ['age_15_59', '15-59岁'],
  age60plus: ['age_60_plus', '60岁以上'],
  street: ['street', '街道'],
  externalId: ['external_id', 'id', '编号'],
} as const;

/** Persons per m² of floor area when residents are estimated from footprint × levels (about 40 m² per person). */
export const DEFAULT_PERSONS_PER_M2 = 0.025;

/** A new compound read from one row. */
export interface ParsedCompound {
  row: number;
  compound: Omit<Compound, 'id'>;
}

/** How to read a compound file. */
export interface CompoundParseOptions {
  file: string;
  crs: Crs;
  personsPerM2: number;
  /** Existing streets: a `street` cell must name one of them (by name or code). */
  streets: readonly Street[];
}

/**
 * The area-weighted centroid of a polygon or multipolygon (holes subtract),
 * computed in degrees: over a compound's few hundred metres the distortion
 * is far below a metre. Falls back to the mean of the outer ring's vertices
 * for a degenerate (zero-area) outline.
 */
export function areaCentroid(area: AreaGeometry): LngLat {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const [lng0, lat0] = polygons[0]![0]![0]!;
  let sumArea = 0;
  let sumX = 0;
  let sumY = 0;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      // Shoelace over the ring relative to the first vertex, for precision. Files do not always follow
      // RFC 7946's winding, so each ring's orientation is normalised: outer rings add, holes subtract.
      let ringArea = 0;
      let ringX = 0;
      let ringY = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const x1 = ring[i]![0] - lng0;
        const y1 = ring[i]![1] - lat0;
        const x2 = ring[i + 1]![0] - lng0;
        const y2 = ring[i + 1]![1] - lat0;
        const cross = x1 * y2 - x2 * y1;
        ringArea += cross;
        ringX += (x1 + x2) * cross;
        ringY += (y1 + y2) * cross;
      }
      const weight = (ring === polygon[0] ? 1 : -1) * Math.sign(ringArea);
      sumArea += (weight * ringArea) / 2;
      sumX += (weight * ringX) / 6;
      sumY += (weight * ringY) / 6;
    }
  }
  if (Math.abs(sumArea) < 1e-18) {
    const outer = polygons[0]![0]!.slice(0, -1);
    return [outer.reduce((s, p) => s + p[0], 0) / outer.length, outer.reduce((s, p) => s + p[1], 0) / outer.length];
  }
  return [lng0 + sumX / sumArea, lat0 + sumY / sumArea];
}

function readOutline(reader: RowReader, row: TableRow | GeoJsonFeatureRow, crs: Crs): AreaGeometry | null {
  let geometry: { type: string; coordinates: unknown } | null = 'geometry' in row ? row.geometry : null;
  let field = 'geometry';
  if (geometry?.type === 'Point') return null;
  if (geometry === null) {
    const column = reader.column(COMPOUND_COLUMNS.outline);
    const text = reader.text(column);
    if (text === '') return null;
    field = column!;
    try {
      geometry = JSON.parse(text) as typeof geometry;
    } catch {
      reader.fail(field, 'expected a GeoJSON Polygon or MultiPolygon geometry as text');
    }
  }
  const isPolygon = geometry?.type === 'Polygon';
  if (!isPolygon && geometry?.type !== 'MultiPolygon')
    reader.fail(field, `expected a Polygon or MultiPolygon, got ${String(geometry?.type)}`);
  const polygons = (isPolygon ? [geometry!.coordinates] : geometry!.coordinates) as unknown;
  if (!Array.isArray(polygons) || polygons.length === 0) reader.fail(field, 'no polygon');
  const converted = (polygons as unknown[]).map((polygon) => {
    if (!Array.isArray(polygon) || polygon.length === 0) reader.fail(field, 'a polygon needs an outer ring');
    // The same ring rules as boundary files (≥ 4 positions, in range, closed), failing on this row's field.
    return (polygon as unknown[]).map((ring, r) =>
      readRing(ring, `ring ${r}`, crs, (_field, reason) => reader.fail(field, reason)),
    );
  });
  return isPolygon ? { type: 'Polygon', coordinates: converted[0]! } : { type: 'MultiPolygon', coordinates: converted };
}

/**
 * An age-band cell: a value with a trailing `%` is a share of the
 * compound's residents (`18%`, `18.5 %`); any other value is a count of
 * persons. One rule for both, with no guessing from the size of the number
 * (is 0.9 a share or a rounding of one person?). Counts are rounded to whole persons.
 */
function readAgeBand(reader: RowReader, column: string | null, field: string, residents: number): number | null {
  const text = reader.text(column);
  if (text === '') return null;
  const isShare = text.endsWith('%');
  const value = parseTableNumber(isShare ? text.slice(0, -1) : text);
  if (!Number.isFinite(value) || value < 0)
    reader.fail(column ?? field, `expected a count of persons or a share such as 18%, got "${text}"`);
  const count = isShare ? (value / 100) * residents : value;
  if (isShare && value > 100) reader.fail(column ?? field, `a share above 100%: "${text}"`);
  if (count > residents + 0.5) reader.fail(column ?? field, `${text} is more than the ${residents} residents`);
  return Math.round(count);
}

/**
 * Validates compound rows (CSV/XLSX rows or GeoJSON features) into new
 * compounds, WGS-84. Location: the point (lng/lat columns or a Point
 * geometry), else the outline's area centroid. Residents: the residents
 * cell, else footprint_m2 × levels × personsPerM2 (`isEstimated: true`).
 * A street cell must name an existing street (name or code); an empty one
 * leaves `streetId` null for assign-street. Failures throw IMPORT_ROW.
 */
export function parseCompoundRows(
  rows: readonly (TableRow | GeoJsonFeatureRow)[],
  options: CompoundParseOptions,
): ParsedCompound[] {
  const { file, crs } = options;
  const streetByText = new Map<string, number>();
  for (const street of options.streets) {
    streetByText.set(street.name, street.id);
    if (street.code !== null) streetByText.set(street.code, street.id);
  }
  return rows.map((row): ParsedCompound => {
    const reader: RowReader = new RowReader(file, row);
    const column = Object.fromEntries(
      Object.entries(COMPOUND_COLUMNS).map(([field, aliases]) => [field, reader.column(aliases)]),
    ) as Record<keyof typeof COMPOUND_COLUMNS, string | null>;
    const name = reader.requiredText(column.name, 'name');
    const outline = readOutline(reader, row, crs);
    const hasPoint =
      ('geometry' in row && row.geometry?.type === 'Point') || reader.text(column.lng) !== '' || reader.text(column.lat) !== '';
    let location: LngLat;
    if (hasPoint || outline === null) {
      const [lng, lat] = readPosition(
        reader,
        'geometry' in row && row.geometry?.type !== 'Point' ? { row: row.row, values: row.values } : row,
        column.lng,
        column.lat,
      );
      location = toWgs84(lng, lat, crs);
    } else {
      location = areaCentroid(outline);
    }
    const households = reader.number(column.households, 'households', 0, 1e6, false);
    let residents = reader.number(column.residents, 'residents', 0, 1e7, false);
    let isEstimated = false;
    if (residents === null) {
      const footprintM2 = reader.number(column.footprintM2, 'footprint_m2', 0, 1e7, false);
      const levels = reader.number(column.levels, 'levels', 0, 200, false);
      if (footprintM2 === null || levels === null)
        reader.fail(column.residents ?? 'residents', 'required: residents, or footprint_m2 and levels for an estimate');
      residents = Math.round(footprintM2 * levels * options.personsPerM2);
      isEstimated = true;
    }
    const streetText = reader.text(column.street);
    let streetId: number | null = null;
    if (streetText !== '') {
      const id = streetByText.get(streetText);
      if (id === undefined) reader.fail(column.street!, `no street named "${streetText}" (import the street boundaries first)`);
      streetId = id;
    }
    return {
      row: row.row,
      compound: {
        name,
        streetId,
        committeeId: null,
        circleId: null,
        location,
        outline,
        gates: [],
        households,
        residents,
        isEstimated,
        age0to14: readAgeBand(reader, column.age0to14, 'age_0_14', residents),
        age15to59: readAgeBand(reader, column.age15to59, 'age_15_59', residents),
        age60plus: readAgeBand(reader, column.age60plus, 'age_60_plus', residents),
        source: `import:${file}`,
        externalId: reader.externalId(column.externalId),
      },
    };
  });
}
