import type { AreaGeometry, LngLat } from '@lifecircle/shared';

/**
 * The geometries the store keeps in PostGIS columns, as GeoJSON at the
 * store's boundary: positions, gates (MultiPoint) and areas.
 */
export type StoredGeometry =
  { type: 'Point'; coordinates: LngLat } | { type: 'MultiPoint'; coordinates: LngLat[] } | AreaGeometry;

/**
 * Extended WKB (PostGIS's own hex form of a geometry, what `geometry_in`
 * reads and a `geometry` column prints), written and read here so that
 * coordinates cross the wire as the IEEE doubles they are: ST_AsGeoJSON
 * prints decimals and loses the last digit of some doubles (0.000012345…).
 * Spec: OGC Simple Features WKB with PostGIS's SRID flag (0x20000000).
 */
const WKB_POINT = 1;
const WKB_POLYGON = 3;
const WKB_MULTIPOINT = 4;
const WKB_MULTIPOLYGON = 6;
const SRID_FLAG = 0x20000000;
/** Flags of Z, M and their ISO forms: the store never writes them, so reading one is corrupt data. */
const DIMENSION_FLAGS = 0x80000000 | 0x40000000;

/** WGS 84 longitude/latitude, the only system the store holds. */
export const SRID_WGS84 = 4326;

/** Hex EWKB of `geometry` with SRID 4326, for a `geometry` parameter. Throws on a malformed coordinate array. */
export function toEwkbHex(geometry: StoredGeometry): string {
  const writer = new Writer(byteLength(geometry));
  writer.header(typeCode(geometry.type), true);
  switch (geometry.type) {
    case 'Point':
      writer.position(geometry.coordinates);
      break;
    case 'MultiPoint':
      writer.uint32(geometry.coordinates.length);
      for (const position of geometry.coordinates) {
        writer.header(WKB_POINT, false);
        writer.position(position);
      }
      break;
    case 'Polygon':
      writer.rings(geometry.coordinates);
      break;
    case 'MultiPolygon':
      writer.uint32(geometry.coordinates.length);
      for (const polygon of geometry.coordinates) {
        writer.header(WKB_POLYGON, false);
        writer.rings(polygon);
      }
      break;
    default:
      throw new TypeError(
        `expected a Point, MultiPoint, Polygon or MultiPolygon, got ${String((geometry as { type: unknown }).type)}`,
      );
  }
  return writer.bytes.toString('hex');
}

/** The GeoJSON geometry of hex EWKB (either byte order, with or without SRID). */
export function fromEwkbHex(hex: string): StoredGeometry {
  const reader = new Reader(Buffer.from(hex, 'hex'));
  const geometry = reader.geometry();
  if (reader.offset !== reader.bytes.length) throw new TypeError(`EWKB: ${reader.bytes.length - reader.offset} trailing bytes`);
  return geometry;
}

function typeCode(type: StoredGeometry['type']): number {
  return { Point: WKB_POINT, MultiPoint: WKB_MULTIPOINT, Polygon: WKB_POLYGON, MultiPolygon: WKB_MULTIPOLYGON }[type];
}

const HEADER_BYTES = 5;
const POSITION_BYTES = 16;

function ringsLength(rings: readonly (readonly LngLat[])[]): number {
  let n = 4;
  for (const ring of rings) n += 4 + ring.length * POSITION_BYTES;
  return n;
}

function byteLength(geometry: StoredGeometry): number {
  const top = HEADER_BYTES + 4; // the SRID
  switch (geometry.type) {
    case 'Point':
      return top + POSITION_BYTES;
    case 'MultiPoint':
      return top + 4 + geometry.coordinates.length * (HEADER_BYTES + POSITION_BYTES);
    case 'Polygon':
      return top + ringsLength(geometry.coordinates);
    case 'MultiPolygon':
      return top + 4 + geometry.coordinates.reduce((n, polygon) => n + HEADER_BYTES + ringsLength(polygon), 0);
    default:
      return top;
  }
}

/** Little-endian EWKB into a buffer sized beforehand. */
class Writer {
  readonly bytes: Buffer;
  private offset = 0;

  constructor(length: number) {
    this.bytes = Buffer.alloc(length);
  }

  header(type: number, withSrid: boolean): void {
    this.offset = this.bytes.writeUInt8(1, this.offset);
    this.uint32(withSrid ? type | SRID_FLAG : type);
    if (withSrid) this.uint32(SRID_WGS84);
  }

  uint32(value: number): void {
    this.offset = this.bytes.writeUInt32LE(value >>> 0, this.offset);
  }

  position(position: readonly number[]): void {
    if (position.length < 2 || typeof position[0] !== 'number' || typeof position[1] !== 'number') {
      throw new TypeError(`expected a [lng, lat] position, got ${JSON.stringify(position)}`);
    }
    this.offset = this.bytes.writeDoubleLE(position[0], this.offset);
    this.offset = this.bytes.writeDoubleLE(position[1], this.offset);
  }

  rings(rings: readonly (readonly LngLat[])[]): void {
    this.uint32(rings.length);
    for (const ring of rings) {
      this.uint32(ring.length);
      for (const position of ring) this.position(position);
    }
  }
}

/** Reads EWKB in the byte order each (sub)geometry declares. */
class Reader {
  offset = 0;
  private littleEndian = true;

  constructor(readonly bytes: Buffer) {}

  geometry(): StoredGeometry {
    const type = this.header();
    switch (type) {
      case WKB_POINT:
        return { type: 'Point', coordinates: this.position() };
      case WKB_MULTIPOINT: {
        const coordinates = this.many(() => {
          if (this.header() !== WKB_POINT) throw new TypeError('EWKB: a MultiPoint member is not a Point');
          return this.position();
        });
        return { type: 'MultiPoint', coordinates };
      }
      case WKB_POLYGON:
        return { type: 'Polygon', coordinates: this.rings() };
      case WKB_MULTIPOLYGON: {
        const coordinates = this.many(() => {
          if (this.header() !== WKB_POLYGON) throw new TypeError('EWKB: a MultiPolygon member is not a Polygon');
          return this.rings();
        });
        return { type: 'MultiPolygon', coordinates };
      }
      default:
        throw new TypeError(`EWKB: geometry type ${type} is not one the store writes`);
    }
  }

  /** Byte order, then the type code without the SRID flag (the SRID is skipped). */
  private header(): number {
    this.littleEndian = this.bytes.readUInt8(this.offset) === 1;
    this.offset += 1;
    const raw = this.uint32();
    if ((raw & DIMENSION_FLAGS) !== 0 || (raw & 0xffff) >= 1000) throw new TypeError('EWKB: Z or M coordinates');
    if ((raw & SRID_FLAG) !== 0) this.uint32();
    return raw & 0xffff;
  }

  private uint32(): number {
    const value = this.littleEndian ? this.bytes.readUInt32LE(this.offset) : this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  private double(): number {
    const value = this.littleEndian ? this.bytes.readDoubleLE(this.offset) : this.bytes.readDoubleBE(this.offset);
    this.offset += 8;
    return value;
  }

  private position(): LngLat {
    const lng = this.double();
    return [lng, this.double()];
  }

  private many<T>(read: () => T): T[] {
    const count = this.uint32();
    const items = new Array<T>(count);
    for (let i = 0; i < count; i++) items[i] = read();
    return items;
  }

  private rings(): LngLat[][] {
    return this.many(() => this.many(() => this.position()));
  }
}
