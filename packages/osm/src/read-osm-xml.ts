import { LifecircleError } from '@lifecircle/shared';
import type { Readable } from 'node:stream';
import type { OsmHandler, OsmMember } from './osm-element.js';
import { XmlSyntaxError, XmlTagScanner, type ScannedTag } from './xml-tag-scanner.js';

const EMPTY_TAGS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Streams OSM XML (API 0.6, as written by JOSM, osmium, Overpass, OSMnx and
 * our generator) through XmlTagScanner and calls the handler per element.
 * A malformed file, a node without valid coordinates or an element without
 * an id fails with OSM_PARSE naming the file, line and element.
 */
export async function readOsmXml(stream: Readable, file: string, handler: OsmHandler): Promise<void> {
  let kind: 'node' | 'way' | 'relation' | null = null;
  let id = 0;
  let lng = 0;
  let lat = 0;
  let tags: Record<string, string> | null = null;
  let refs: number[] = [];
  let members: OsmMember[] = [];
  let sawRoot = false;
  let errorLine = 0;
  const fail = (reason: string): never => {
    const line = errorLine || scanner.line;
    // An element whose id is not read yet (or unreadable) is named by its kind alone, never by the last element's id.
    const element = kind ? (Number.isNaN(id) ? ` (${kind})` : ` (${kind} ${id})`) : '';
    throw new LifecircleError('OSM_PARSE', { file, where: `line ${line}${element}`, reason });
  };
  const number = (tag: ScannedTag, name: string): number => {
    const value = tag.number(name);
    if (!Number.isFinite(value)) fail(`<${tag.name}> has no valid ${name} (got ${JSON.stringify(tag.text(name) ?? null)})`);
    return value;
  };
  /** An element id or reference: an integer JavaScript holds exactly. */
  const integer = (tag: ScannedTag, name: string): number => {
    const value = number(tag, name);
    if (!Number.isSafeInteger(value)) fail(`<${tag.name}> has no valid ${name} (got ${JSON.stringify(tag.text(name) ?? null)})`);
    return value;
  };

  const scanner = new XmlTagScanner({
    open(tag) {
      switch (tag.name) {
        case 'osm':
        case 'osmChange':
          sawRoot = true;
          break;
        case 'node': {
          kind = 'node';
          id = NaN;
          id = integer(tag, 'id');
          lat = number(tag, 'lat');
          lng = number(tag, 'lon');
          if (lat < -90 || lat > 90 || lng < -180 || lng > 180) fail(`coordinates out of range: lon ${lng}, lat ${lat}`);
          tags = null;
          break;
        }
        case 'way':
          kind = 'way';
          id = NaN;
          id = integer(tag, 'id');
          tags = null;
          refs = [];
          break;
        case 'relation':
          kind = 'relation';
          id = NaN;
          id = integer(tag, 'id');
          tags = null;
          members = [];
          break;
        case 'tag': {
          if (!kind) break;
          const k = tag.text('k');
          const v = tag.text('v');
          if (k === undefined || v === undefined) fail('<tag> without k or v');
          tags ??= {};
          // `tags.__proto__ = v` would set the object's prototype (and drop a string): keep it an ordinary tag.
          if (k === '__proto__')
            Object.defineProperty(tags, k, { value: v, enumerable: true, writable: true, configurable: true });
          else tags[k!] = v!;
          break;
        }
        case 'nd':
          if (kind === 'way') refs.push(integer(tag, 'ref'));
          break;
        case 'member':
          if (kind === 'relation') {
            const type = tag.text('type');
            if (type !== 'node' && type !== 'way' && type !== 'relation')
              fail(`<member> with type ${JSON.stringify(type ?? null)}`);
            members.push({
              type: type as OsmMember['type'],
              ref: integer(tag, 'ref'),
              role: tag.text('role') ?? '',
            });
          }
          break;
      }
    },
    close(name) {
      if (name !== kind) return;
      if (kind === 'node') handler.node({ id, lng, lat, tags });
      else if (kind === 'way') handler.way({ id, refs, tags: tags ?? EMPTY_TAGS });
      else handler.relation?.({ id, members, tags: tags ?? EMPTY_TAGS });
      kind = null;
    },
  });

  try {
    for await (const chunk of stream) scanner.write(chunk as Uint8Array);
    scanner.close();
  } catch (error) {
    if (error instanceof LifecircleError) throw error;
    if (error instanceof XmlSyntaxError) {
      errorLine = error.line;
      fail(error.message);
    }
    throw new LifecircleError(
      'OSM_PARSE',
      { file, where: `line ${scanner.line}`, reason: (error as Error).message },
      { cause: error },
    );
  }
  if (!sawRoot) throw new LifecircleError('OSM_PARSE', { file, where: 'line 1', reason: 'no <osm> root element' });
}
