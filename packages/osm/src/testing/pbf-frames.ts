import { deflateSync } from 'node:zlib';

// Hand-made .osm.pbf pieces for tests (the OSM PBF format: a 4-byte length,
// a BlobHeader, a Blob holding a zlib-compressed HeaderBlock or
// PrimitiveBlock), independent of the parser under test.

/** A protobuf varint. */
export function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
  return out;
}

/** A length-delimited protobuf field. */
export function bytesField(field: number, bytes: ArrayLike<number>): number[] {
  return [(field << 3) | 2, ...varint(bytes.length), ...Array.from(bytes)];
}

/** A zigzag-encoded sint64 as a varint field. */
export function sintField(field: number, value: number): number[] {
  return [field << 3, ...varint(value >= 0 ? 2 * value : -2 * value - 1)];
}

/** One blob of a file: `block` (an uncompressed HeaderBlock or PrimitiveBlock) compressed and framed under `type` (OSMHeader, OSMData). */
export function pbfBlob(type: string, block: Uint8Array): Uint8Array {
  const compressed = deflateSync(block);
  const body = [0x10, ...varint(block.length), ...bytesField(3, compressed)];
  const header = [...bytesField(1, new TextEncoder().encode(type)), 0x18, ...varint(body.length)];
  const frame = new Uint8Array(4 + header.length + body.length);
  new DataView(frame.buffer).setUint32(0, header.length);
  frame.set(header, 4);
  frame.set(body, 4 + header.length);
  return frame;
}

/** A whole file: an empty OSMHeader blob, then one OSMData blob per block. */
export function pbfFile(blocks: readonly Uint8Array[]): Uint8Array {
  const parts = [pbfBlob('OSMHeader', new Uint8Array(0)), ...blocks.map((block) => pbfBlob('OSMData', block))];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A PrimitiveBlock of plain (not dense) nodes, positions in the default 100-nanodegree units, with their tags if given. */
export function nodesBlock(
  nodes: readonly { id: number; lat: number; lon: number; tags?: readonly [string, string][] }[],
): Uint8Array {
  // The string table's entry 0 is empty by convention; tags refer to entries by index.
  const strings = [''];
  const indexOf = (text: string): number => {
    const at = strings.indexOf(text);
    return at >= 0 ? at : strings.push(text) - 1;
  };
  const group = nodes.flatMap((node) => {
    const tags = node.tags ?? [];
    const keys = tags.flatMap(([key]) => varint(indexOf(key)));
    const values = tags.flatMap(([, value]) => varint(indexOf(value)));
    return bytesField(1, [
      ...sintField(1, node.id),
      ...(tags.length > 0 ? [...bytesField(2, keys), ...bytesField(3, values)] : []),
      ...sintField(8, Math.round(node.lat * 1e7)),
      ...sintField(9, Math.round(node.lon * 1e7)),
    ]);
  });
  const table = strings.flatMap((text) => bytesField(1, new TextEncoder().encode(text)));
  // The string table (field 1), then the group (field 2).
  return Uint8Array.from([...bytesField(1, table), ...bytesField(2, group)]);
}
