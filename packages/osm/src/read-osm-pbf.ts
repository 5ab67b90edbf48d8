import { OSMTransform } from 'osm-pbf-parser-node';
import { LifecircleError } from '@lifecircle/shared';
import type { Readable, TransformCallback } from 'node:stream';
import type { Tags } from '@lifecircle/engine';
import type { OsmHandler, OsmMember } from './osm-element.js';

interface PbfItem {
  type?: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  refs?: number[];
  members?: { type: OsmMember['type']; ref: number; role?: string }[];
  tags?: Tags;
}

const EMPTY_TAGS: Tags = Object.freeze({});

/**
 * osm-pbf-parser-node throws from its _transform and _flush on corrupt
 * input; a throw there escapes the stream (it runs in the piped source's
 * 'data' handler) and kills the process. Here the throw becomes the
 * stream's error, which the reader turns into OSM_PARSE.
 */
class CheckedOsmTransform extends OSMTransform {
  override _transform(chunk: Buffer, encoding: BufferEncoding, next: TransformCallback): void {
    try {
      super._transform(chunk, encoding, next);
    } catch (error) {
      next(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      super._flush(callback);
    } catch (error) {
      callback(error as Error);
    }
  }
}

/**
 * Streams an .osm.pbf file through osm-pbf-parser-node. A truncated or
 * corrupt file, a position out of range or an id that is not an integer
 * fails with OSM_PARSE naming the file and the element (or the last one read).
 */
export async function readOsmPbf(stream: Readable, file: string, handler: OsmHandler): Promise<void> {
  let last = 'the header';
  let count = 0;
  const fail = (where: string, reason: string): never => {
    throw new LifecircleError('OSM_PARSE', { file, where, reason });
  };
  /** Ids and references are integers JavaScript holds exactly, as the XML reader requires. */
  const checkId = (value: unknown, what: string): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      fail(what, `an id or reference that is not an integer (${String(value)})`);
    return value as number;
  };
  /** Tags as read, unless a key or value holds a NUL character (U+0000), which XML cannot and PostgreSQL's text cannot hold. */
  const checkTags = <T extends Tags | undefined>(tags: T, what: string): T => {
    for (const key in tags) {
      if (key.includes('\u0000') || tags[key]!.includes('\u0000'))
        fail(what, `a NUL character (U+0000) in tag ${JSON.stringify(key)}`);
    }
    return tags;
  };
  try {
    const items = stream.pipe(new CheckedOsmTransform({ withTags: true, withInfo: false }));
    stream.on('error', (error) => items.destroy(error));
    for await (const chunk of items) {
      for (const item of chunk as PbfItem[]) {
        switch (item.type) {
          case 'node': {
            const id = checkId(item.id, `node after ${last}`);
            const { lon, lat } = item;
            // Decoded garbage can give any number: positions are checked here as the XML reader checks them.
            if (typeof lon !== 'number' || typeof lat !== 'number' || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180))
              fail(`node ${id}`, `coordinates out of range: lon ${String(lon)}, lat ${String(lat)}`);
            handler.node({ id, lng: lon!, lat: lat!, tags: hasTags(item.tags) ? checkTags(item.tags, `node ${id}`) : null });
            break;
          }
          case 'way': {
            const id = checkId(item.id, `way after ${last}`);
            const refs = item.refs ?? [];
            for (const ref of refs) checkId(ref, `way ${id}`);
            handler.way({ id, refs, tags: checkTags(item.tags, `way ${id}`) ?? EMPTY_TAGS });
            break;
          }
          case 'relation': {
            const id = checkId(item.id, `relation after ${last}`);
            handler.relation?.({
              id,
              members: (item.members ?? []).map((m) => ({
                type: m.type,
                ref: checkId(m.ref, `relation ${id}`),
                role: m.role ?? '',
              })),
              tags: checkTags(item.tags, `relation ${id}`) ?? EMPTY_TAGS,
            });
            break;
          }
          default:
            continue; // the file header
        }
        count++;
        last = `${item.type} ${item.id}`;
      }
    }
  } catch (error) {
    if (error instanceof LifecircleError) throw error;
    // Reading the file can fail (a system error, with its syscall); the decoder's own errors (failed asserts,
    // TypeErrors on garbage, zlib's) all mean the bytes are not a PBF file's.
    const isSystemError = typeof (error as NodeJS.ErrnoException).syscall === 'string';
    const reason = isSystemError ? (error as Error).message : 'truncated or corrupt PBF data';
    throw new LifecircleError('OSM_PARSE', { file, where: `after ${last} (element ${count})`, reason }, { cause: error });
  }
}

function hasTags(tags: Tags | undefined): tags is Tags {
  if (!tags) return false;
  for (const _ in tags) return true;
  return false;
}
