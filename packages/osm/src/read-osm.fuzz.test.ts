import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { LifecircleError } from '@lifecircle/shared';
import {
  byteMutation,
  fuzzParameters,
  fuzzTally,
  mutateBytes,
  textBytes,
  unfilledPlaceholders,
} from '@lifecircle/shared/testing';
import type { OsmMember } from './osm-element.js';
import { readOsmFile } from './read-osm.js';
import { osmModel, writeOsmXml, xmlStyle, type OsmModel, type TagPairs } from './testing/osm-xml-model.js';
import { pbfBlob } from './testing/pbf-frames.js';
import { NO_SHARED_DATA, sharedDataDir } from './testing/shared-data.js';

// Property-based fuzzing of the OpenStreetMap readers (readOsmFile: XML,
// .osm.gz, .osm.bz2 and PBF, format detected from the bytes): generated
// valid documents read back exactly; broken attributes fail with OSM_PARSE
// naming the line and element; mutated bytes of generated and real files
// are read or refused with OSM_PARSE / UNSUPPORTED_FORMAT, never a crash or
// a hang, and every node handed over has a position in range.

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dataDir = sharedDataDir();
let fileNumber = 0;

/** What a reader handed over, in order. */
interface ReadElements {
  nodes: { id: number; lat: number; lon: number; tags: [string, string][] | null }[];
  ways: { id: number; refs: number[]; tags: [string, string][] }[];
  relations: { id: number; members: OsmMember[]; tags: [string, string][] }[];
}

const sortedTags = (tags: Readonly<Record<string, string>> | TagPairs): [string, string][] =>
  (Array.isArray(tags) ? tags.map(([k, v]) => [k, v] as [string, string]) : Object.entries(tags)).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );

/** Reads bytes written to a file named `name` (the name decides only between PBF and unknown bytes). */
async function readBytes(bytes: Uint8Array | string, name: string): Promise<ReadElements> {
  const file = join(dir, `${++fileNumber}-${name}`);
  writeFileSync(file, bytes);
  const read: ReadElements = { nodes: [], ways: [], relations: [] };
  try {
    await readOsmFile(file, {
      node: (node) => read.nodes.push({ id: node.id, lat: node.lat, lon: node.lng, tags: node.tags && sortedTags(node.tags) }),
      way: (way) => read.ways.push({ id: way.id, refs: [...way.refs], tags: sortedTags(way.tags) }),
      relation: (relation) =>
        read.relations.push({
          id: relation.id,
          members: relation.members.map((m) => ({ ...m })),
          tags: sortedTags(relation.tags),
        }),
    });
  } finally {
    rmSync(file);
  }
  return read;
}

/** The elements a reader must hand over for a model. */
function expectedElements(model: OsmModel): ReadElements {
  return {
    // Positions as the file writes them (String(-0) is "0").
    nodes: model.nodes.map((n) => ({
      id: n.id,
      lat: Number(String(n.lat)),
      lon: Number(String(n.lon)),
      tags: n.tags.length === 0 ? null : sortedTags(n.tags),
    })),
    ways: model.ways.map((w) => ({ id: w.id, refs: w.refs, tags: sortedTags(w.tags) })),
    // (fast-check's records have no prototype; the reader's objects are plain.)
    relations: model.relations.map((r) => ({ id: r.id, members: r.members.map((m) => ({ ...m })), tags: sortedTags(r.tags) })),
  };
}

/**
 * Reads bytes that may be broken: they must read, with every node in range
 * and every id an integer, or fail with OSM_PARSE or UNSUPPORTED_FORMAT
 * naming the file and where. Returns the error, if any.
 */
async function readAnything(bytes: Uint8Array, name: string): Promise<LifecircleError | null> {
  try {
    const read = await readBytes(bytes, name);
    for (const node of read.nodes) {
      assert.ok(Number.isSafeInteger(node.id), `node id ${node.id}`);
      assert.ok(Math.abs(node.lat) <= 90 && Math.abs(node.lon) <= 180, `node ${node.id} at ${node.lon}, ${node.lat}`);
    }
    for (const way of read.ways) assert.ok(Number.isSafeInteger(way.id) && way.refs.every(Number.isSafeInteger), `way ${way.id}`);
    return null;
  } catch (error) {
    if (!(error instanceof LifecircleError)) throw error;
    assert.ok(['OSM_PARSE', 'UNSUPPORTED_FORMAT'].includes(error.code), `${error.code}: ${error.message}`);
    assert.ok(String(error.details.file).endsWith(name));
    if (error.code === 'OSM_PARSE') assert.ok(String(error.details.where).length > 0 && String(error.details.reason).length > 0);
    // A reason a person can act on, not the decoder's internals.
    assert.doesNotMatch(
      String(error.details.reason),
      /Cannot read prop|is not a function|of undefined|Unimplemented type/,
      error.message,
    );
    assert.deepEqual(unfilledPlaceholders(error.code, error.details), [], 'every placeholder of the message is filled');
    return error;
  }
}

/** Byte changes: cut, overwrite with or insert bytes that matter to XML, gzip or PBF, delete a run. */
/** Byte changes with bytes that matter to XML, gzip and PBF. */
const mutation = byteMutation(
  fc.oneof(
    textBytes(
      '<',
      '>',
      '&',
      '"',
      "'",
      '/>',
      '</node>',
      '<node id="1"',
      '&#0;',
      '&#x110000;',
      '&bogus;',
      '<!--',
      ']]>',
      '\u0000',
      '\uFEFF',
    ),
    fc.constantFrom(Uint8Array.of(0xff, 0xff, 0xff, 0xff), Uint8Array.of(0, 0, 0, 0), Uint8Array.of(0x80), Uint8Array.of(0xc3)),
  ),
);

test('a generated valid OSM XML document (plain or gzipped) reads back element for element', async (t) => {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(osmModel, xmlStyle, fc.boolean(), async (model, style, isGzipped) => {
      count++;
      const { text } = writeOsmXml(model, style);
      const bytes = isGzipped ? gzipSync(text) : text;
      assert.deepEqual(await readBytes(bytes, isGzipped ? 'f.osm.gz' : 'f.osm'), expectedElements(model));
    }),
    fuzzParameters(500),
  );
  t.diagnostic(fuzzTally('OSM XML: valid documents', count));
});

/** Attribute values a reader must refuse, by attribute. */
const BAD_ATTRIBUTES: Record<string, string[]> = {
  lat: ['abc', '', '91', '-90.0001', '1e999', 'NaN', 'Infinity', '0x1F', '12abc', ' ', '--1', '1.2.3'],
  lon: ['abc', '', '180.5', '-181', '1e999', '0b1', '1,5', '.'],
  id: ['abc', '', '1.5', '0x10', '1e999', 'NaN', '12 3', '99999999999999999999'],
};

test('a node with a broken id, lat or lon fails with OSM_PARSE naming its line, and never a wrong element', async (t) => {
  let count = 0;
  const broken = fc
    .constantFrom(...Object.keys(BAD_ATTRIBUTES))
    .chain((attribute) =>
      fc.record({ attribute: fc.constant(attribute), raw: fc.constantFrom<string | null>(...BAD_ATTRIBUTES[attribute]!, null) }),
    );
  await fc.assert(
    fc.asyncProperty(osmModel, xmlStyle, broken, fc.nat(), async (model, style, { attribute, raw }, seed) => {
      count++;
      const node = model.nodes[seed % model.nodes.length]!;
      const element = `node ${node.id}`;
      const { text, lineOf } = writeOsmXml(model, style, { element, attribute, raw });
      const error = await readAnything(new TextEncoder().encode(text), 'broken.osm');
      assert.ok(error !== null, `${attribute}=${raw} was read`);
      assert.equal(error.code, 'OSM_PARSE', error.message);
      const where = String(error.details.where);
      assert.ok(where.startsWith(`line ${lineOf.get(element)!}`), `${where}, expected line ${lineOf.get(element)}`);
      // The element named is this node: by its id when the id is readable, else by none.
      const named = /\((node|way|relation) ([^)]*)\)/.exec(where);
      if (attribute !== 'id') assert.equal(named?.[0], `(${element})`, where);
      else assert.ok(named === null || named[2] === raw, `${where} names another element`);
    }),
    fuzzParameters(400),
  );
  t.diagnostic(fuzzTally('OSM XML: broken nodes', count));
});

test('mutated bytes of a generated OSM XML document (plain or gzipped) are read or refused with a located error', async (t) => {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(
      osmModel,
      xmlStyle,
      fc.boolean(),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      async (model, style, isGzipped, mutations) => {
        count++;
        const text = new TextEncoder().encode(writeOsmXml(model, style).text);
        const bytes = mutateBytes(isGzipped ? gzipSync(text) : text, mutations);
        await readAnything(bytes, isGzipped ? 'm.osm.gz' : 'm.osm');
      },
    ),
    fuzzParameters(800),
  );
  t.diagnostic(fuzzTally('OSM XML: mutated bytes', count));
});

/** The blobs of a PBF file (each a 4-byte header length, a BlobHeader and its Blob), found by their framing. */
function pbfBlobs(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blobs: Uint8Array[] = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const headerLength = view.getUint32(at);
    const header = bytes.subarray(at + 4, at + 4 + headerLength);
    // BlobHeader field 3 (datasize, varint) is its last field in files written by osmium and osmosis.
    let dataSize = 0;
    for (let i = 0; i < header.length; i++) {
      if (header[i] === 0x18) {
        let shift = 0;
        let k = i + 1;
        dataSize = 0;
        while (k < header.length) {
          const byte = header[k++]!;
          dataSize += (byte & 0x7f) * 2 ** shift;
          shift += 7;
          if (byte < 0x80) break;
        }
        if (k === header.length) break;
      }
    }
    const end = at + 4 + headerLength + dataSize;
    blobs.push(bytes.subarray(at, end));
    at = end;
  }
  return blobs;
}

/** The zlib_data (field 3) of a blob's Blob message. */
function zlibData(blob: Uint8Array): Uint8Array {
  const headerLength = new DataView(blob.buffer, blob.byteOffset).getUint32(0);
  const body = blob.subarray(4 + headerLength);
  let at = 0;
  while (at < body.length) {
    const key = body[at++]!;
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = body[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) break;
    }
    if ((key & 7) === 0) continue; // a varint field (raw_size)
    if (key >> 3 === 3) return body.subarray(at, at + value);
    at += value;
  }
  throw new Error('no zlib_data in the blob');
}

test(
  'mutated bytes of real extracts (Monaco PBF, West Oakland .osm.bz2, Krems .osm.gz) are read or refused, never a crash or a hang',
  { skip: dataDir === null ? NO_SHARED_DATA : false },
  async (t) => {
    let count = 0;
    const monaco = readFileSync(join(dataDir!, 'osm', 'monaco-2021-12-03.osm.pbf'));
    const blobs = pbfBlobs(monaco);
    assert.ok(
      blobs.length >= 3 && blobs.reduce((sum, blob) => sum + blob.length, 0) === monaco.length,
      'the file is whole blobs',
    );
    // A small valid PBF: the header blob and one data blob (a file is any sequence of blobs after its header).
    const small = (index: number) => Uint8Array.from([...blobs[0]!, ...blobs[1 + (index % (blobs.length - 1))]!]);
    assert.equal(await readAnything(small(0), 'small.osm.pbf'), null, 'the header and one data blob read');
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (index, mutations) => {
        count++;
        await readAnything(mutateBytes(small(index), mutations), 'mutated.osm.pbf');
      }),
      fuzzParameters(60, 60_000),
    );
    // Inside the compression: a data block's own bytes mutated, then compressed again, so the PBF decoder reads them.
    const block = inflateSync(zlibData(blobs[1]!));
    assert.equal(
      await readAnything(Uint8Array.from([...blobs[0]!, ...pbfBlob('OSMData', block)]), 'rebuilt.osm.pbf'),
      null,
      'a rebuilt blob reads',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        count++;
        await readAnything(
          Uint8Array.from([...blobs[0]!, ...pbfBlob('OSMData', mutateBytes(block, mutations))]),
          'block.osm.pbf',
        );
      }),
      fuzzParameters(60, 60_000),
    );
    const oakland = readFileSync(join(dataDir!, 'osm', 'west-oakland.osm.bz2'));
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        count++;
        await readAnything(mutateBytes(oakland, mutations), 'mutated.osm.bz2');
      }),
      fuzzParameters(60, 60_000),
    );
    // Krems is 450 kB of gzip: cut it or flip bytes early, so a run stays short.
    const krems = readFileSync(join(dataDir!, 'osm', 'krems-2013.osm.gz')).subarray(0, 40_000);
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 2 }), async (mutations) => {
        count++;
        await readAnything(mutateBytes(krems, mutations), 'mutated.osm.gz');
      }),
      fuzzParameters(30, 60_000),
    );
    t.diagnostic(fuzzTally('OSM real files: mutated bytes', count));
  },
);
