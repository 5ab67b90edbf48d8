import { OSMTransform } from 'osm-pbf-parser-node';
import { LifecircleError } from '@lifecircle/shared';
import type { Readable } from 'node:stream';
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
 * Streams an .osm.pbf file through osm-pbf-parser-node. A truncated or
 * corrupt file fails with OSM_PARSE naming the file and the last element read.
 */
export async function readOsmPbf(stream: Readable, file: string, handler: OsmHandler): Promise<void> {
  let last = 'the header';
  let count = 0;
  try {
    const items = stream.pipe(new OSMTransform({ withTags: true, withInfo: false }));
    stream.on('error', (error) => items.destroy(error));
    for await (const chunk of items) {
      for (const item of chunk as PbfItem[]) {
        switch (item.type) {
          case 'node':
            handler.node({ id: item.id, lng: item.lon!, lat: item.lat!, tags: hasTags(item.tags) ? item.tags : null });
            break;
          case 'way':
            handler.way({ id: item.id, refs: item.refs ?? [], tags: item.tags ?? EMPTY_TAGS });
            break;
          case 'relation':
            handler.relation?.({
              id: item.id,
              members: (item.members ?? []).map((m) => ({ type: m.type, ref: m.ref, role: m.role ?? '' })),
              tags: item.tags ?? EMPTY_TAGS,
            });
            break;
          default:
            continue; // the file header
        }
        count++;
        last = `${item.type} ${item.id}`;
      }
    }
  } catch (error) {
    if (error instanceof LifecircleError) throw error;
    const reason = (error as Error).message === 'input format error' ? 'truncated or corrupt PBF data' : (error as Error).message;
    throw new LifecircleError('OSM_PARSE', { file, where: `after ${last} (element ${count})`, reason }, { cause: error });
  }
}

function hasTags(tags: Tags | undefined): tags is Tags {
  if (!tags) return false;
  for (const _ in tags) return true;
  return false;
}
