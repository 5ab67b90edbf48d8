import { LifecircleError } from '@lifecircle/shared';
import type { Readable } from 'node:stream';
import type { OsmHandler, OsmMember } from './osm-element.js';
import { XmlSyntaxError, XmlTagScanner, type AttributeList } from './xml-tag-scanner.js';

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
    const element = kind ? ` (${kind} ${id})` : '';
    throw new LifecircleError('OSM_PARSE', { file, where: `line ${line}${element}`, reason });
  };
  const number = (tag: string, attributes: AttributeList, name: string): number => {
    const raw = attributes.get(name);
    const value = raw === undefined || raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) fail(`<${tag}> has no valid ${name} (got ${JSON.stringify(raw ?? null)})`);
    return value;
  };

  const scanner = new XmlTagScanner({
    open(name, attributes) {
      switch (name) {
        case 'osm':
        case 'osmChange':
          sawRoot = true;
          break;
        case 'node': {
          kind = 'node';
          id = number(name, attributes, 'id');
          lat = number(name, attributes, 'lat');
          lng = number(name, attributes, 'lon');
          if (lat < -90 || lat > 90 || lng < -180 || lng > 180) fail(`coordinates out of range: lon ${lng}, lat ${lat}`);
          tags = null;
          break;
        }
        case 'way':
          kind = 'way';
          id = number(name, attributes, 'id');
          tags = null;
          refs = [];
          break;
        case 'relation':
          kind = 'relation';
          id = number(name, attributes, 'id');
          tags = null;
          members = [];
          break;
        case 'tag': {
          if (!kind) break;
          const k = attributes.get('k');
          const v = attributes.get('v');
          if (k === undefined || v === undefined) fail('<tag> without k or v');
          (tags ??= {})[k!] = v!;
          break;
        }
        case 'nd':
          if (kind === 'way') refs.push(number(name, attributes, 'ref'));
          break;
        case 'member':
          if (kind === 'relation') {
            const type = attributes.get('type');
            if (type !== 'node' && type !== 'way' && type !== 'relation')
              fail(`<member> with type ${JSON.stringify(type ?? null)}`);
            members.push({
              type: type as OsmMember['type'],
              ref: number(name, attributes, 'ref'),
              role: attributes.get('role') ?? '',
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

  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of stream) {
      scanner.write(decoder.decode(chunk as Uint8Array, { stream: true }));
    }
    scanner.write(decoder.decode());
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
