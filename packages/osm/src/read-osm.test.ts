import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isLifecircleError, parseTaxonomy } from '@lifecircle/shared';
import { loadOsmDataset } from './osm-dataset.js';
import { extractWalkNetwork } from './extract-walk-network.js';
import { OsmXmlWriter } from './osm-xml-writer.js';
import { readOsmFile } from './read-osm.js';
import { isWalkable } from './walk-filter.js';
import { nodesBlock, pbfBlob, pbfFile } from './testing/pbf-frames.js';
import { NO_SHARED_DATA, sharedDataDir } from './testing/shared-data.js';

const taxonomy = parseTaxonomy(
  [
    {
      id: 'pharmacy',
      name_zh: '药店',
      name_en: 'Pharmacy',
      tier: 'basic',
      default_walk_minutes: 10,
      osm: [{ amenity: 'pharmacy' }],
    },
  ],
  'test',
);
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-'));

/** A line of five nodes, the middle one (id 3) absent from the file: a clipped extract. */
function writeClippedFile(path: string) {
  const writer = new OsmXmlWriter(path);
  writer.node(1, 121.4, 31.2);
  writer.node(2, 121.401, 31.2);
  writer.node(4, 121.403, 31.2);
  writer.node(5, 121.404, 31.2, { amenity: 'pharmacy', name: '药房 & "Co" <1>' });
  writer.way(10, [1, 2, 3, 4, 5], { highway: 'residential' });
  writer.way(11, [1, 5], { highway: 'motorway' });
  writer.close();
}

async function collect(path: string) {
  const nodes: number[] = [];
  const ways: number[][] = [];
  const names: string[] = [];
  await readOsmFile(path, {
    node: (n) => {
      nodes.push(n.id);
      if (n.tags?.name) names.push(n.tags.name);
    },
    way: (w) => ways.push(w.refs),
  });
  return { nodes, ways, names };
}

describe('readOsmFile', () => {
  it('reads the same elements from plain and gzipped XML, escaping included', async () => {
    const plain = join(dir, 'clipped.osm');
    writeClippedFile(plain);
    const gz = join(dir, 'clipped.osm.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const a = await collect(plain);
    const b = await collect(gz);
    assert.deepEqual(a, b);
    assert.deepEqual(a.nodes, [1, 2, 4, 5]);
    assert.deepEqual(a.names, ['药房 & "Co" <1>']);
  });

  it('breaks a way at a node missing from the file and never bridges the gap', async () => {
    const path = join(dir, 'clipped2.osm');
    writeClippedFile(path);
    const network = extractWalkNetwork(await loadOsmDataset(path, taxonomy));
    // 1-2 and 4-5 survive; 2-4 would bridge the missing node 3; the motorway is not walkable.
    assert.equal(network.graph.numEdges, 2);
    assert.equal(network.numWaysClipped, 1);
    const pairs = Array.from({ length: 2 }, (_, e) =>
      [network.osmNodeId[network.graph.edgeU[e]!], network.osmNodeId[network.graph.edgeV[e]!]].join('-'),
    );
    assert.deepEqual(pairs, ['1-2', '4-5']);
  });

  it('names the file, line and element of a node without coordinates', async () => {
    const path = join(dir, 'bad.osm');
    writeFileSync(path, '<?xml version="1.0"?>\n<osm version="0.6">\n<node id="7" lat="31.2"/>\n</osm>\n');
    await assert.rejects(readOsmFile(path, { node() {}, way() {} }), (error) => {
      assert.ok(isLifecircleError(error, 'OSM_PARSE'));
      assert.match(error.message, /bad\.osm/);
      assert.match(error.message, /line 3/);
      assert.match(error.message, /lon/);
      return true;
    });
  });

  it('rejects malformed XML and files of unknown format with clear codes', async () => {
    const broken = join(dir, 'broken.osm');
    writeFileSync(broken, '<osm><node id="1" lat="1" lon="2"></osm>');
    await assert.rejects(readOsmFile(broken, { node() {}, way() {} }), (e) => isLifecircleError(e, 'OSM_PARSE'));
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'hello world, not osm data');
    await assert.rejects(readOsmFile(junk, { node() {}, way() {} }), (e) => isLifecircleError(e, 'UNSUPPORTED_FORMAT'));
    await assert.rejects(readOsmFile(join(dir, 'missing.osm'), { node() {}, way() {} }), (e) =>
      isLifecircleError(e, 'FILE_NOT_FOUND'),
    );
  });

  const shared = sharedDataDir();
  it(
    'reads every real extract in shared/data/osm with the element counts of SOURCES.md',
    { skip: shared ? false : NO_SHARED_DATA },
    async () => {
      // Counts from `osmium fileinfo -e`, as SOURCES.md lists them.
      const expected: Record<string, [number, number, number]> = {
        'monaco-2021-12-03.osm.pbf': [26406, 4218, 244],
        'andorra-2013.osm.pbf': [69644, 2725, 74],
        'krems-2013.osm.gz': [15042, 2402, 73],
        'west-oakland.osm.bz2': [446, 66, 23],
        'shanghai-baoshan-shu-campus-2021.osm': [3958, 428, 56],
        'shenzhen-longgang-2019.osm': [8005, 773, 40],
      };
      for (const [name, [nodes, ways, relations]] of Object.entries(expected)) {
        const counts = [0, 0, 0];
        await readOsmFile(join(shared!, 'osm', name), {
          node: () => counts[0]!++,
          way: () => counts[1]!++,
          relation: () => counts[2]!++,
        });
        assert.deepEqual(counts, [nodes, ways, relations], name);
      }
    },
  );

  it('fails on a truncated PBF with OSM_PARSE naming the file', { skip: shared ? false : NO_SHARED_DATA }, async () => {
    const whole = readFileSync(join(shared!, 'osm', 'andorra-2013.osm.pbf'));
    const path = join(dir, 'truncated.osm.pbf');
    writeFileSync(path, whole.subarray(0, 200_000));
    await assert.rejects(readOsmFile(path, { node() {}, way() {} }), (error) => {
      assert.ok(isLifecircleError(error, 'OSM_PARSE'));
      assert.match(error.message, /truncated\.osm\.pbf/);
      return true;
    });
  });
});

describe('isWalkable', () => {
  it('applies the OSMnx walk filter, including its substring matches', () => {
    const cases: [Record<string, string>, boolean][] = [
      [{ highway: 'footway' }, true],
      [{ highway: 'residential' }, true],
      [{ highway: 'primary', sidewalk: 'both' }, true],
      [{ highway: 'motorway' }, false],
      [{ highway: 'motorway_link' }, false],
      [{ highway: 'cycleway' }, false],
      [{ highway: 'construction' }, false],
      [{ highway: 'platform' }, false],
      [{ highway: 'service', service: 'private' }, false],
      [{ highway: 'service', service: 'driveway' }, true],
      [{ highway: 'footway', access: 'private' }, false],
      [{ highway: 'footway', access: 'no' }, true],
      [{ highway: 'footway', foot: 'no' }, false],
      [{ highway: 'pedestrian', area: 'yes' }, false],
      [{ building: 'yes' }, false],
    ];
    for (const [tags, want] of cases) assert.equal(isWalkable(tags), want, JSON.stringify(tags));
  });
});

// Found by the reader fuzzing (read-osm.fuzz.test.ts); each keeps the input that broke.
describe('readOsmFile fuzz regressions', () => {
  /** Reads bytes as a file; resolves to the nodes read, or rejects. */
  async function readNodes(name: string, bytes: Uint8Array | string) {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const nodes: { id: number; lat: number; tags: Record<string, string> | null }[] = [];
    await readOsmFile(path, { node: (n) => nodes.push({ id: n.id, lat: n.lat, tags: n.tags && { ...n.tags } }), way: () => {} });
    return nodes;
  }
  const rejectsWith = (promise: Promise<unknown>, where: string, reason?: RegExp) =>
    assert.rejects(promise, (error: unknown) => {
      assert.ok(isLifecircleError(error, 'OSM_PARSE'), String(error));
      assert.equal(error.details.where, where);
      if (reason) assert.match(String(error.details.reason), reason);
      return true;
    });

  it('reads an XML file that starts with a byte-order mark and no declaration', async () => {
    assert.deepEqual(
      await readNodes('bom.osm', '\uFEFF<osm version="0.6" generator="fuzz">\n<node id="1" lat="0" lon="0"/>\n</osm>\n'),
      [{ id: 1, lat: 0, tags: null }],
    );
  });

  it('names an element whose id cannot be read by its kind alone, not by the element before it', async () => {
    const text = '<osm version="0.6">\n<node id="7" lat="1" lon="1"/>\n<node id="abc" lat="0" lon="0"/>\n</osm>\n';
    await rejectsWith(readNodes('bad-id.osm', text), 'line 3 (node)');
  });

  it('refuses ids and coordinates written 0x10, 1.5 or 0x1F instead of reading them as numbers', async () => {
    await rejectsWith(readNodes('hex-id.osm', '<osm>\n<node id="0x10" lat="0" lon="0"/>\n</osm>\n'), 'line 2 (node)');
    await rejectsWith(readNodes('fraction-id.osm', '<osm>\n<node id="1.5" lat="0" lon="0"/>\n</osm>\n'), 'line 2 (node)');
    await rejectsWith(readNodes('hex-lat.osm', '<osm>\n<node id="1" lat="0x1F" lon="0"/>\n</osm>\n'), 'line 2 (node 1)');
  });

  it('keeps a tag whose key is __proto__ as an ordinary tag', async () => {
    const text = '<osm>\n<node id="1" lat="0" lon="0"><tag k="__proto__" v=""/><tag k="shop" v="x"/></node>\n</osm>\n';
    const [node] = await readNodes('proto.osm', text);
    assert.deepEqual(Object.entries(node!.tags!), [
      ['__proto__', ''],
      ['shop', 'x'],
    ]);
  });

  it('turns a PBF blob of an unknown type (the parser threw from its stream, killing the process) into OSM_PARSE', async () => {
    const bytes = Uint8Array.from([...pbfFile([]), ...pbfBlob('OSMJunk', new Uint8Array(0))]);
    await rejectsWith(readNodes('junk.osm.pbf', bytes), 'after the header (element 0)', /truncated or corrupt PBF data/);
  });

  it('refuses a NUL character in a tag, raw or as &#0; in XML and in a PBF string, with OSM_PARSE naming the element (PostGIS fuzz run)', async () => {
    // SQLite stored it; PostgreSQL refused the whole upload as VALIDATION of field "unknown" (SQLSTATE 22021).
    const xml = (value: string) => `<osm>\n<node id="1" lat="0" lon="0">\n<tag k="name" v="${value}"/></node>\n</osm>\n`;
    await rejectsWith(readNodes('nul.osm', xml('a\u0000b')), 'line 3 (node 1)', /NUL/);
    await rejectsWith(readNodes('nul-reference.osm', xml('a&#0;b')), 'line 3 (node 1)', /character reference/);
    assert.deepEqual(await readNodes('one.osm', xml('a&#1;b')), [{ id: 1, lat: 0, tags: { name: 'a\u0001b' } }]);
    const pbf = (value: string) => pbfFile([nodesBlock([{ id: 1, lat: 43.7, lon: 7.4, tags: [['name', value]] }])]);
    await rejectsWith(readNodes('nul.osm.pbf', pbf('a\u0000b')), 'node 1', /NUL/);
    assert.deepEqual(await readNodes('tagged.osm.pbf', pbf('药房')), [{ id: 1, lat: 43.7, tags: { name: '药房' } }]);
  });

  it('refuses a PBF node at latitude 100 (the XML reader refuses it too)', async () => {
    const bytes = pbfFile([nodesBlock([{ id: 1, lat: 100, lon: 7 }])]);
    await rejectsWith(readNodes('lat100.osm.pbf', bytes), 'node 1', /out of range/);
    assert.deepEqual(await readNodes('ok.osm.pbf', pbfFile([nodesBlock([{ id: 1, lat: 43.7, lon: 7.4 }])])), [
      { id: 1, lat: 43.7, tags: null },
    ]);
  });
});
