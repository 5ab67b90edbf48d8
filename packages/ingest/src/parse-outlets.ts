import type { OutletStatus, Taxonomy } from '@lifecircle/shared';
import type { NewOutlet } from '@lifecircle/store';
import { classifyAmap } from './amap-classifier.js';
import { toWgs84, type Crs } from './coordinate-system.js';
import type { GeoJsonFeatureRow } from './read-geojson.js';
import type { TableRow } from './read-table.js';
import { RowReader, splitList } from './table-columns.js';

/** Column aliases of an outlet table, compared case-insensitively. */
export const OUTLET_COLUMNS = {
  name: ['name', '名称', '网点名称'],
  lng: ['lng', 'lon', 'longitude', '经度'],
  lat: ['lat', 'latitude', '纬度'],
  category: ['category', 'categories', '业态'],
  type: ['type', '类型', 'typecode'],
  address: ['address', '地址'],
  openingHours: ['opening_hours', '营业时间'],
  phone: ['phone', 'tel', '电话'],
  services: ['services', '服务'],
  lastVerified: ['last_verified', '核实日期'],
  externalId: ['external_id', 'id', '编号'],
} as const;

/** An outlet read from one row, ready to insert (its street is assigned later). */
export interface ParsedOutlet {
  row: number;
  outlet: NewOutlet;
}

/** The outcome of parsing an outlet file. */
export interface ParsedOutlets {
  numRows: number;
  outlets: ParsedOutlet[];
  /** Rows with no category whose type matched none (not imported). */
  numUnclassified: number;
  /** Up to 20 of them, in file order. */
  unclassifiedExamples: { row: number; name: string; type: string }[];
}

/** How to read an outlet file. */
export interface OutletParseOptions {
  file: string;
  crs: Crs;
  taxonomy: Taxonomy;
  /** Status of the new outlets. */
  status: OutletStatus;
}

const MAX_EXAMPLES = 20;

/**
 * Validates outlet rows (CSV/XLSX rows or GeoJSON Point features) into new
 * outlets in WGS-84. Categories come from a `category` cell (taxonomy ids or
 * Chinese names, `;`/`|`-separated) or, when it is empty, from an Amap `type`
 * through classifyAmap. A row with neither a category nor a classifiable type
 * is counted as unclassified, not an error (the Amap files hold many
 * restaurants no format covers); an unknown category is an error. Every other
 * problem throws IMPORT_ROW naming the file, row and column.
 */
export function parseOutletRows(rows: readonly (TableRow | GeoJsonFeatureRow)[], options: OutletParseOptions): ParsedOutlets {
  const { file, taxonomy } = options;
  const categoryByText = new Map<string, string>();
  for (const category of taxonomy.categories) {
    categoryByText.set(category.id, category.id);
    categoryByText.set(category.nameZh, category.id);
  }
  const result: ParsedOutlets = { numRows: rows.length, outlets: [], numUnclassified: 0, unclassifiedExamples: [] };
  const source = `import:${file}`;
  for (const row of rows) {
    const reader: RowReader = new RowReader(file, row);
    const column = Object.fromEntries(
      Object.entries(OUTLET_COLUMNS).map(([field, aliases]) => [field, reader.column(aliases)]),
    ) as Record<keyof typeof OUTLET_COLUMNS, string | null>;
    const name = reader.requiredText(column.name, 'name');
    const [lng, lat] = readPosition(reader, row, column.lng, column.lat);
    const [wgsLng, wgsLat] = toWgs84(lng, lat, options.crs);
    const categoryText = reader.text(column.category);
    let categoryIds: string[];
    if (categoryText !== '') {
      categoryIds = [];
      for (const item of splitList(categoryText)) {
        const id = categoryByText.get(item) ?? categoryByText.get(item.toLowerCase());
        if (id === undefined) reader.fail(column.category!, `"${item}" is not a category id or name of the taxonomy`);
        if (!categoryIds.includes(id)) categoryIds.push(id);
      }
    } else {
      const type = reader.text(column.type);
      categoryIds = type === '' ? [] : classifyAmap(type, name, taxonomy);
      if (categoryIds.length === 0) {
        result.numUnclassified++;
        if (result.unclassifiedExamples.length < MAX_EXAMPLES) result.unclassifiedExamples.push({ row: row.row, name, type });
        continue;
      }
    }
    result.outlets.push({
      row: row.row,
      outlet: {
        name,
        categoryIds,
        address: reader.optionalText(column.address),
        location: [wgsLng, wgsLat],
        openingHours: reader.optionalText(column.openingHours),
        services: splitList(reader.text(column.services)),
        phone: reader.optionalText(column.phone),
        status: options.status,
        rejectReason: null,
        source,
        externalId: reader.externalId(column.externalId),
        lastVerified: reader.day(column.lastVerified, 'last_verified'),
        merchantId: null,
        streetId: null,
      },
    });
  }
  return result;
}

/** A feature's Point geometry when it has one, else the lng/lat columns; validated ranges, in the file's CRS. */
export function readPosition(
  reader: RowReader,
  row: TableRow | GeoJsonFeatureRow,
  lngColumn: string | null,
  latColumn: string | null,
): [number, number] {
  const geometry = 'geometry' in row ? row.geometry : null;
  if (geometry !== null) {
    const coordinates = geometry.coordinates as unknown[];
    if (geometry.type !== 'Point' || !Array.isArray(coordinates) || coordinates.length < 2) {
      reader.fail('geometry', `expected a Point, got ${geometry.type}`);
    }
    const [lng, lat] = coordinates as unknown[];
    if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180)
      reader.fail('geometry', `longitude ${String(lng)} is not in [-180, 180]`);
    if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
      reader.fail('geometry', `latitude ${String(lat)} is not in [-90, 90]`);
    return [lng, lat];
  }
  const lng = reader.number(lngColumn, 'lng', -180, 180, true)!;
  const lat = reader.number(latColumn, 'lat', -90, 90, true)!;
  return [lng, lat];
}
