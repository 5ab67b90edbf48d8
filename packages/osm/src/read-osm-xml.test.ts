import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isLifecircleError } from '@lifecircle/shared';
import type { OsmHandler } from './osm-element.js';
import { readOsmXml } from './read-osm-xml.js';
import { readOsmXmlWithSaxes } from './testing/read-osm-xml-saxes.js';
import { NO_SHARED_DATA, sharedDataDir } from './testing/shared-data.js';

/** Every element as JSON lines, for comparing two readers exactly. */
function recorder(): { handler: OsmHandler; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    handler: {
      node: (n) => void lines.push(JSON.stringify(['n', n.id, n.lng, n.lat, n.tags])),
      way: (w) => void lines.push(JSON.stringify(['w', w.id, w.refs, w.tags])),
      relation: (r) => void lines.push(JSON.stringify(['r', r.id, r.members, r.tags])),
    },
  };
}

/** A stream of the text in chunks of `size` characters' bytes, to cut tags at every place. */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

const TRICKY = `<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE osm>
<!-- a comment with <tags> inside -->
<osm version="0.6" generator="test">
  <note>The data included in this document is from www.openstreetmap.org.</note>
  <meta osm_base="2021-01-01T00:00:00Z"/>
  <bounds minlat="31.2" minlon="121.4" maxlat="31.3" maxlon="121.5"/>
  <node id="1" lat="31.25" lon='121.45' visible="true"/>
  <node id="2"
        lat="31.26" lon="121.46">
    <tag k="name" v="药房 &amp; &lt;便利&gt; &quot;店&quot; &apos;x&apos; &#20013;&#x6587;"/>
    <tag k="amenity" v="pharmacy" />
  </node>
  <way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
  <relation id="4"><member type="way" ref="3" role="outer"/><tag k="type" v="multipolygon"/></relation>
</osm>
`;

describe('readOsmXml', () => {
  it('reads what saxes reads, whatever the chunk boundaries', async () => {
    const want = recorder();
    await readOsmXmlWithSaxes(chunked(TRICKY, 1 << 16), 'tricky.osm', want.handler);
    assert.equal(want.lines.length, 4);
    for (const size of [1, 2, 3, 7, 64, 1 << 16]) {
      const got = recorder();
      await readOsmXml(chunked(TRICKY, size), 'tricky.osm', got.handler);
      assert.deepEqual(got.lines, want.lines, `chunks of ${size} bytes`);
    }
  });

  for (const [name, text, pattern] of [
    ['an unclosed element', '<osm>\n<node id="1" lat="1" lon="2">\n</osm>', /line 3.*<\/osm> closes <node>/],
    ['an unquoted attribute', '<osm>\n<node id=1 lat="1" lon="2"/>\n</osm>', /line 2.*not quoted/],
    ['an unknown entity', '<osm>\n<node id="1" lat="1" lon="2"><tag k="a" v="&bogus;"/></node></osm>', /line 2.*unknown entity/],
    ['a truncated file', '<osm>\n<node id="1" lat="1" lon="2"/>\n<way id="2"><nd ref', /inside a tag/],
    ['a node without lon', '<osm>\n\n<node id="7" lat="31.2"/>\n</osm>', /line 3 \(node 7\).*lon/],
    ['text outside the root', 'hello <osm></osm>', /line 1.*outside the root/],
    ['a second root', '<osm></osm>\n<osm></osm>', /line 2.*second root/],
  ] as const) {
    it(`fails with OSM_PARSE and the line on ${name}`, async () => {
      await assert.rejects(readOsmXml(chunked(text, 5), 'bad.osm', recorder().handler), (error) => {
        assert.ok(isLifecircleError(error, 'OSM_PARSE'), String(error));
        assert.match(error.message, /bad\.osm/);
        assert.match(error.message, pattern);
        return true;
      });
    });
  }

  const shared = sharedDataDir();
  it('reads every real XML extract element for element as saxes does', { skip: shared ? false : NO_SHARED_DATA }, async () => {
    const files = readdirSync(join(shared!, 'osm')).filter((f) => /\.osm(\.gz)?$/.test(f));
    assert.ok(files.length >= 4);
    for (const name of files) {
      const open = () => {
        const raw = createReadStream(join(shared!, 'osm', name));
        return name.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
      };
      const want = recorder();
      const got = recorder();
      await readOsmXmlWithSaxes(open(), name, want.handler);
      await readOsmXml(open(), name, got.handler);
      assert.equal(got.lines.length, want.lines.length, name);
      assert.deepEqual(got.lines, want.lines, name);
    }
  });

  it('reads a generated district as saxes does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-xml-'));
    const file = join(dir, 'tiny.osm');
    // Written by hand through the same writer the generator uses.
    const { OsmXmlWriter } = await import('./osm-xml-writer.js');
    const writer = new OsmXmlWriter(file);
    for (let i = 1; i <= 50; i++)
      writer.node(i, 121 + i * 1e-4, 31 + i * 1e-4, i % 7 === 0 ? { shop: 'convenience', name: `店<${i}>&"'` } : undefined);
    writer.way(1, [1, 2, 3, 4], { highway: 'residential', name: '路 & 街' });
    writer.close();
    const want = recorder();
    const got = recorder();
    await readOsmXmlWithSaxes(createReadStream(file), file, want.handler);
    await readOsmXml(createReadStream(file, { highWaterMark: 97 }), file, got.handler);
    assert.deepEqual(got.lines, want.lines);
  });
});
