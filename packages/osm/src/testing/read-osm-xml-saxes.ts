import { SaxesParser } from 'saxes';
import { LifecircleError } from '@lifecircle/shared';
import type { Readable } from 'node:stream';
import type { OsmHandler, OsmMember } from '../osm-element.js';

const EMPTY_TAGS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * The reference reader for tests: OSM XML through the general-purpose saxes
 * parser, against which the fast reader is checked element by element.
 * Streams OSM XML (API 0.6 format, as written by JOSM, osmium, Overpass and
 * OSMnx) through saxes and calls the handler per element. A malformed file,
 * a node without valid coordinates or a way without an id fails with
 * OSM_PARSE naming the file, line and element.
 */
export async function readOsmXmlWithSaxes(stream: Readable, file: string, handler: OsmHandler): Promise<void> {
  const parser = new SaxesParser({ position: true });
  let current: { kind: 'node' | 'way' | 'relation'; id: number; lng: number; lat: number } | null = null;
  let tags: Record<string, string> | null = null;
  let refs: number[] = [];
  let members: OsmMember[] = [];
  let sawRoot = false;
  const fail = (reason: string): never => {
    const element = current ? ` (${current.kind} ${current.id})` : '';
    throw new LifecircleError('OSM_PARSE', { file, where: `line ${parser.line}${element}`, reason });
  };
  const number = (tag: { name: string; attributes: Record<string, unknown> }, name: string): number => {
    const raw = tag.attributes[name] as string | undefined;
    const value = raw === undefined ? NaN : Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(value))
      fail(`<${tag.name}> has no valid ${name} (got ${JSON.stringify(raw ?? null)})`);
    return value;
  };

  parser.on('opentag', (saxTag) => {
    // Without the xmlns option, saxes hands attributes as plain strings.
    const tag = saxTag as { name: string; attributes: Record<string, string> };
    switch (tag.name) {
      case 'osm':
      case 'osmChange':
        sawRoot = true;
        break;
      case 'node': {
        const lat = number(tag, 'lat');
        const lng = number(tag, 'lon');
        if (lat < -90 || lat > 90 || lng < -180 || lng > 180) fail(`coordinates out of range: lon ${lng}, lat ${lat}`);
        current = { kind: 'node', id: number(tag, 'id'), lng, lat };
        tags = null;
        break;
      }
      case 'way':
        current = { kind: 'way', id: number(tag, 'id'), lng: 0, lat: 0 };
        tags = null;
        refs = [];
        break;
      case 'relation':
        current = { kind: 'relation', id: number(tag, 'id'), lng: 0, lat: 0 };
        tags = null;
        members = [];
        break;
      case 'tag': {
        if (!current) break;
        const k = tag.attributes.k;
        const v = tag.attributes.v;
        if (k === undefined || v === undefined) fail('<tag> without k or v');
        (tags ??= {})[k as string] = v as string;
        break;
      }
      case 'nd':
        if (current?.kind === 'way') refs.push(number(tag, 'ref'));
        break;
      case 'member':
        if (current?.kind === 'relation') {
          const type = tag.attributes.type;
          if (type !== 'node' && type !== 'way' && type !== 'relation')
            fail(`<member> with type ${JSON.stringify(type ?? null)}`);
          members.push({ type: type as OsmMember['type'], ref: number(tag, 'ref'), role: tag.attributes.role ?? '' });
        }
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (!current || tag.name !== current.kind) return;
    const { kind, id } = current;
    if (kind === 'node') handler.node({ id, lng: current.lng, lat: current.lat, tags });
    else if (kind === 'way') handler.way({ id, refs, tags: tags ?? EMPTY_TAGS });
    else handler.relation?.({ id, members, tags: tags ?? EMPTY_TAGS });
    current = null;
  });
  parser.on('error', (error) => fail(error.message));

  // Decode here rather than with setEncoding: not every decompressor stream has it.
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) parser.write(decoder.decode(chunk as Uint8Array, { stream: true }));
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof LifecircleError) throw error;
    throw new LifecircleError(
      'OSM_PARSE',
      { file, where: `line ${parser.line}`, reason: (error as Error).message },
      { cause: error },
    );
  }
  if (!sawRoot) throw new LifecircleError('OSM_PARSE', { file, where: 'line 1', reason: 'no <osm> root element' });
}
