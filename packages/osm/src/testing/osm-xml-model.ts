import fc from 'fast-check';

// Generated OpenStreetMap XML for the fuzz tests: a model of elements and a
// writer, independent of the reader, that varies what files vary (quotes,
// attribute order, entities, comments, self-closing tags, a BOM) and records
// the line each element starts on.

/** Tag pairs in file order (a key may be any text, `__proto__` included). */
export type TagPairs = [string, string][];

export interface NodeModel {
  id: number;
  lat: number;
  lon: number;
  tags: TagPairs;
}
export interface WayModel {
  id: number;
  refs: number[];
  tags: TagPairs;
}
export interface RelationModel {
  id: number;
  members: { type: 'node' | 'way' | 'relation'; ref: number; role: string }[];
  tags: TagPairs;
}
export interface OsmModel {
  nodes: NodeModel[];
  ways: WayModel[];
  relations: RelationModel[];
}

/** How the file is written. */
export interface XmlStyle {
  bom: boolean;
  declaration: boolean;
  /** Quote character per attribute, cycled. */
  quotes: ('"' | "'")[];
  /** Write characters of values as character references where this is true (cycled per character). */
  entities: boolean[];
  /** Extra attributes (version, user, timestamp) on elements. */
  withMeta: boolean;
  /** A comment and a <bounds> before the first node. */
  withPreamble: boolean;
  indent: string;
  crlf: boolean;
  attributeOrder: number[];
}

/** Tag keys and values as OSM files hold them, odd ones included. */
export const tagKey = fc.oneof(
  fc.constantFrom('highway', 'shop', 'amenity', 'name', 'name:zh', 'landuse', 'building', 'entrance', 'opening_hours'),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'a&b', '<x>', '"q"', "it's", '键'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
);
export const tagValue = fc.oneof(
  fc.constantFrom('footway', 'convenience', 'residential', 'yes', 'Mo-Su 06:00-22:00', '便利店', ''),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const tagPairs: fc.Arbitrary<TagPairs> = fc.uniqueArray(fc.tuple(tagKey, tagValue), { maxLength: 4, selector: ([key]) => key });
const osmId = fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: -1000, max: -1 }));

export const osmModel: fc.Arbitrary<OsmModel> = fc.uniqueArray(osmId, { minLength: 1, maxLength: 12 }).chain((nodeIds) =>
  fc.record({
    nodes: fc.tuple(
      ...nodeIds.map((id) =>
        fc.record({
          id: fc.constant(id),
          lat: fc.oneof(fc.double({ min: -90, max: 90, noNaN: true }), fc.integer({ min: -90, max: 90 })),
          lon: fc.oneof(fc.double({ min: -180, max: 180, noNaN: true }), fc.integer({ min: -180, max: 180 })),
          tags: tagPairs,
        }),
      ),
    ),
    ways: fc.uniqueArray(
      fc.record({ id: osmId, refs: fc.array(fc.oneof(fc.constantFrom(...nodeIds), osmId), { maxLength: 6 }), tags: tagPairs }),
      { maxLength: 5, selector: (way) => way.id },
    ),
    relations: fc.uniqueArray(
      fc.record({
        id: osmId,
        members: fc.array(
          fc.record({ type: fc.constantFrom('node' as const, 'way' as const, 'relation' as const), ref: osmId, role: tagValue }),
          { maxLength: 4 },
        ),
        tags: tagPairs,
      }),
      { maxLength: 3, selector: (relation) => relation.id },
    ),
  }),
);

export const xmlStyle: fc.Arbitrary<XmlStyle> = fc.record({
  bom: fc.boolean(),
  declaration: fc.boolean(),
  quotes: fc.array(fc.constantFrom('"' as const, "'" as const), { minLength: 1, maxLength: 4 }),
  entities: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  withMeta: fc.boolean(),
  withPreamble: fc.boolean(),
  indent: fc.constantFrom('', '  ', '\t'),
  crlf: fc.boolean(),
  attributeOrder: fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
});

const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** An attribute value escaped for the quote it stands in; some characters as character references. */
function escapeValue(value: string, quote: string, style: XmlStyle, counter: { n: number }): string {
  let out = '';
  for (const char of value) {
    const asReference = style.entities[counter.n++ % style.entities.length]!;
    const code = char.codePointAt(0)!;
    // XML attribute values normalise raw tabs and line breaks to spaces: those are always references.
    if (char === '\t' || char === '\n' || char === '\r') out += `&#${code};`;
    else if (NAMED[char] !== undefined && (char === quote || char === '&' || char === '<' || asReference)) out += NAMED[char];
    else if (asReference) out += code % 2 === 0 ? `&#${code};` : `&#x${code.toString(16).toUpperCase()};`;
    else out += char;
  }
  return out;
}

/** The written file and the line each element starts on, by `node 12` / `way 5` / `relation 3`. */
export interface WrittenXml {
  text: string;
  lineOf: Map<string, number>;
}

/**
 * Writes the model as OSM XML. `override` replaces the raw (already
 * escaped) text of one attribute of one element, for tests that break it.
 */
export function writeOsmXml(
  model: OsmModel,
  style: XmlStyle,
  override?: { element: string; attribute: string; raw: string | null },
): WrittenXml {
  const eol = style.crlf ? '\r\n' : '\n';
  const lines: string[] = [];
  const lineOf = new Map<string, number>();
  const counter = { n: 0 };
  let q = 0;
  const attribute = (element: string, name: string, value: string): string => {
    const quote = style.quotes[q++ % style.quotes.length]!;
    if (override?.element === element && override.attribute === name) {
      return override.raw === null ? '' : ` ${name}=${quote}${override.raw}${quote}`;
    }
    return ` ${name}=${quote}${escapeValue(value, quote, style, counter)}${quote}`;
  };
  const meta = (element: string) =>
    style.withMeta ? attribute(element, 'version', '1') + attribute(element, 'user', '测试 & co') : '';
  const tagLines = (element: string, tags: TagPairs) =>
    tags.map(([k, v]) => `${style.indent}${style.indent}<tag${attribute(element, 'k', k)}${attribute(element, 'v', v)}/>`);
  if (style.declaration) lines.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  lines.push(`<osm version="0.6" generator="fuzz">`);
  if (style.withPreamble) {
    lines.push(`${style.indent}<!-- generated -- for <fuzzing> & more -->`);
    lines.push(`${style.indent}<bounds minlat="-90" minlon="-180" maxlat="90" maxlon="180"/>`);
  }
  for (const node of model.nodes) {
    const element = `node ${node.id}`;
    const parts = [
      attribute(element, 'id', String(node.id)),
      attribute(element, 'lat', String(node.lat)),
      attribute(element, 'lon', String(node.lon)),
      meta(element),
      '',
    ];
    const head = `${style.indent}<node${style.attributeOrder.map((i) => parts[i]!).join('')}`;
    lineOf.set(element, lines.length + 1);
    if (node.tags.length === 0) lines.push(`${head}/>`);
    else lines.push(`${head}>`, ...tagLines(element, node.tags), `${style.indent}</node>`);
  }
  for (const way of model.ways) {
    const element = `way ${way.id}`;
    lineOf.set(element, lines.length + 1);
    lines.push(`${style.indent}<way${attribute(element, 'id', String(way.id))}${meta(element)}>`);
    for (const ref of way.refs) lines.push(`${style.indent}${style.indent}<nd${attribute(element, 'ref', String(ref))}/>`);
    lines.push(...tagLines(element, way.tags), `${style.indent}</way>`);
  }
  for (const relation of model.relations) {
    const element = `relation ${relation.id}`;
    lineOf.set(element, lines.length + 1);
    lines.push(`${style.indent}<relation${attribute(element, 'id', String(relation.id))}>`);
    for (const member of relation.members) {
      lines.push(
        `${style.indent}${style.indent}<member${attribute(element, 'type', member.type)}${attribute(element, 'ref', String(member.ref))}${attribute(element, 'role', member.role)}/>`,
      );
    }
    lines.push(...tagLines(element, relation.tags), `${style.indent}</relation>`);
  }
  lines.push('</osm>');
  return { text: (style.bom ? '\uFEFF' : '') + lines.join(eol) + eol, lineOf };
}
