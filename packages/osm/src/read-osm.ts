import { createReadStream, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import bz2 from 'unbzip2-stream';
import { LifecircleError } from '@lifecircle/shared';
import type { OsmHandler } from './osm-element.js';
import { readOsmXml } from './read-osm-xml.js';
import { readOsmPbf } from './read-osm-pbf.js';

export type OsmFileFormat = 'pbf' | 'xml' | 'xml.gz' | 'xml.bz2';

/**
 * Decides the format from the file's first bytes (gzip and bzip2 magic
 * numbers, an XML `<`, else PBF's BlobHeader), so a misnamed file still reads;
 * the name decides only between PBF and unknown bytes.
 */
export function detectOsmFormat(file: string): OsmFileFormat {
  if (!existsSync(file) || !statSync(file).isFile()) throw new LifecircleError('FILE_NOT_FOUND', { file });
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  const length = readSync(fd, head, 0, 16, 0);
  closeSync(fd);
  if (length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'xml.gz';
  if (length >= 3 && head.toString('latin1', 0, 3) === 'BZh') return 'xml.bz2';
  const text = head
    .toString('utf8', 0, length)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('<')) return 'xml';
  // PBF starts with a 4-byte big-endian header length followed by "\n\tOSMHeader".
  if (length >= 13 && head.toString('latin1', 4, 13).includes('OSMHeader')) return 'pbf';
  if (/\.pbf$/i.test(file)) return 'pbf';
  throw new LifecircleError('UNSUPPORTED_FORMAT', {
    file,
    reason: length === 0 ? 'the file is empty' : 'expected .osm.pbf, .osm, .osm.gz or .osm.bz2 data',
  });
}

/**
 * Reads an OpenStreetMap file (.osm.pbf, .osm, .osm.gz, .osm.bz2), streaming
 * it: the file is never held in memory whole. Calls `handler` per element.
 */
export async function readOsmFile(file: string, handler: OsmHandler): Promise<OsmFileFormat> {
  const format = detectOsmFormat(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (format === 'pbf') {
    await readOsmPbf(raw, file, handler);
    return format;
  }
  let stream: Readable = raw;
  if (format === 'xml.gz') stream = raw.pipe(createGunzip());
  else if (format === 'xml.bz2') {
    // unbzip2-stream is a classic stream: re-pipe it into a modern one to iterate it.
    const decompressor = bz2();
    const modern = new PassThrough();
    decompressor.on('error', (error: Error) => modern.destroy(error));
    stream = raw.pipe(decompressor).pipe(modern);
  }
  // Forward the file's own read errors to the stream being consumed.
  if (stream !== raw) raw.on('error', (error) => stream.destroy(error));
  await readOsmXml(stream, file, handler);
  return format;
}
