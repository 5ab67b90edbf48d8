import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { walkGraphFromBuffer } from '@lifecircle/engine';
import { LifecircleError } from '@lifecircle/shared';
import { writeOsmXml, type NodeModel, type OsmModel, type TagPairs, type WayModel, type XmlStyle } from '@lifecircle/osm/testing';
import { byteMutation, fuzzParameters, fuzzTally, mutateBytes, textBytes } from '@lifecircle/shared/testing';
import { openPostgisStore, openSqliteStore, type Store } from '@lifecircle/store';
import {
  changedTables,
  sqliteStoreWatch,
  TestDatabases,
  testPostgres,
  watchPostgres,
  type StoreWatch,
} from '@lifecircle/store/testing';
import { osmUploadImporter } from './import-osm.js';

// Property-based fuzzing of the platform's OSM import (the upload handler
// behind POST /api/admin/imports/osm, importOsmFile inside it) against a
// real SQLite store (and, for the odd and mutated districts, a PostGIS one): generated small districts import exactly their shops,
// compounds and network; mutated and odd ones import or are refused, with
// nothing written and no file left behind when refused.

const taxonomy = defaultTaxonomy();
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-import-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let storeNumber = 0;

const STYLE: XmlStyle = {
  bom: false,
  declaration: true,
  quotes: ['"'],
  entities: [false],
  withMeta: false,
  withPreamble: false,
  indent: '  ',
  crlf: false,
  attributeOrder: [0, 1, 2, 3, 4],
};

/** A shop of the generated district: a node with tags the taxonomy classifies, at a grid offset. */
const SHOP_TAGS: { tags: TagPairs; categoryId: string }[] = [
  {
    tags: [
      ['shop', 'convenience'],
      ['name', '好德便利'],
    ],
    categoryId: 'convenience_store',
  },
  {
    tags: [
      ['amenity', 'pharmacy'],
      ['name', '药房 & Co'],
    ],
    categoryId: 'pharmacy',
  },
  { tags: [['shop', 'hairdresser']], categoryId: 'hair_beauty' },
];

/** A small district: a grid of walkable streets, shops near it, residential compounds with gates and buildings. */
interface DistrictModel {
  columns: number;
  rows: number;
  spacingDeg: number;
  highway: string;
  shops: { kind: number; column: number; row: number }[];
  compounds: { column: number; row: number; hasGate: boolean; levels: string | null; population: string | null }[];
  /** Tags added to any element: odd values files hold (`building:levels=1e308`, negative populations, …). */
  oddTags: { on: 'building' | 'compound' | 'any'; element: number; tag: [string, string] }[];
}

const districtModel: fc.Arbitrary<DistrictModel> = fc.record({
  columns: fc.integer({ min: 2, max: 5 }),
  rows: fc.integer({ min: 2, max: 4 }),
  spacingDeg: fc.constantFrom(0.0005, 0.001, 0.002),
  highway: fc.constantFrom('residential', 'footway', 'living_street', 'pedestrian'),
  shops: fc.array(
    fc.record({ kind: fc.nat({ max: SHOP_TAGS.length - 1 }), column: fc.nat({ max: 4 }), row: fc.nat({ max: 3 }) }),
    {
      maxLength: 5,
    },
  ),
  compounds: fc.array(
    fc.record({
      column: fc.nat({ max: 3 }),
      row: fc.nat({ max: 2 }),
      hasGate: fc.boolean(),
      levels: fc.option(fc.constantFrom('6', '2.5', '30'), { nil: null }),
      population: fc.option(fc.constantFrom('120', '0', '2,400'), { nil: null }),
    }),
    { maxLength: 3 },
  ),
  oddTags: fc.array(
    fc.record({
      // Buildings and compounds carry the tags that count residents: most odd tags go there.
      on: fc.constantFrom('building' as const, 'building' as const, 'compound' as const, 'any' as const),
      element: fc.nat(),
      tag: fc.tuple(
        fc.constantFrom(
          'building:levels',
          'population',
          'lifecircle:households',
          'population:age_60_plus',
          'entrance',
          'highway',
          'name',
          'landuse',
          'building',
          'shop',
        ),
        fc.constantFrom(
          '1e308',
          '-5',
          'NaN',
          'Infinity',
          '1e999',
          '0x10',
          '',
          ' ',
          '9'.repeat(30),
          'yes',
          'residential',
          'footway',
          '💥',
          // XML has no NUL (raw or &#0;) and PostgreSQL's text cannot hold one: refused whole, on both stores.
          'a\u0000b',
        ),
      ),
    }),
    { maxLength: 4 },
  ),
});

/** The district as OSM elements, and the shops the import must store (node id → category). */
function districtElements(district: DistrictModel): {
  model: OsmModel;
  shops: Map<number, { lng: number; lat: number; categoryId: string }>;
} {
  const base = [121.4, 31.2];
  const nodes: NodeModel[] = [];
  const ways: WayModel[] = [];
  let nextId = 1;
  const node = (lon: number, lat: number, tags: TagPairs = []) => {
    const id = nextId++;
    nodes.push({ id, lon, lat, tags });
    return id;
  };
  const grid: number[][] = [];
  for (let r = 0; r < district.rows; r++) {
    grid.push([]);
    for (let c = 0; c < district.columns; c++)
      grid[r]!.push(node(base[0]! + c * district.spacingDeg, base[1]! + r * district.spacingDeg));
  }
  for (const row of grid) ways.push({ id: nextId++, refs: row, tags: [['highway', district.highway]] });
  for (let c = 0; c < district.columns; c++)
    ways.push({ id: nextId++, refs: grid.map((row) => row[c]!), tags: [['highway', district.highway]] });
  const shops = new Map<number, { lng: number; lat: number; categoryId: string }>();
  for (const shop of district.shops) {
    const lng = base[0]! + (shop.column + 0.3) * district.spacingDeg;
    const lat = base[1]! + (shop.row + 0.2) * district.spacingDeg;
    const { tags, categoryId } = SHOP_TAGS[shop.kind]!;
    shops.set(node(lng, lat, tags), { lng, lat, categoryId });
  }
  for (const compound of district.compounds) {
    const west = base[0]! + (compound.column + 0.1) * district.spacingDeg;
    const south = base[1]! + (compound.row + 0.1) * district.spacingDeg;
    const size = 0.8 * district.spacingDeg;
    const corners = [
      node(west, south, compound.hasGate ? [['entrance', 'main']] : []),
      node(west + size, south),
      node(west + size, south + size),
      node(west, south + size),
    ];
    ways.push({
      id: nextId++,
      refs: [...corners, corners[0]!],
      tags: [
        ['landuse', 'residential'],
        ['name', '小区'],
      ],
    });
    const b = [
      node(west + size * 0.3, south + size * 0.3),
      node(west + size * 0.6, south + size * 0.3),
      node(west + size * 0.6, south + size * 0.6),
    ];
    const tags: TagPairs = [['building', 'residential']];
    if (compound.levels !== null) tags.push(['building:levels', compound.levels]);
    if (compound.population !== null) tags.push(['population', compound.population]);
    ways.push({ id: nextId++, refs: [...b, b[0]!], tags });
  }
  for (const { on, element, tag } of district.oddTags) {
    const isOn = (way: WayModel, key: string) => way.tags.some(([k]) => k === key);
    const candidates =
      on === 'any' ? [...nodes, ...ways] : ways.filter((way) => isOn(way, on === 'building' ? 'building' : 'landuse'));
    if (candidates.length === 0) continue;
    const target = candidates[element % candidates.length]!;
    target.tags = [...target.tags.filter(([key]) => key !== tag[0]), tag];
    // A changed shop may no longer be one (or be another): the exact count is checked only for untouched shops.
    shops.delete(target.id);
  }
  return { model: { nodes, ways, relations: [] }, shops };
}

interface OsmFixture {
  store: Store;
  watch: StoreWatch;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A store on a SQLite file (or, given test databases, on a fresh PostGIS
 * database), a watch on it, and the folder the upload importer keeps files
 * under (`dataDir/imports`).
 */
async function openFixture(postgis?: TestDatabases): Promise<OsmFixture> {
  const dataDir = join(dir, `store-${++storeNumber}`);
  if (postgis !== undefined) {
    const database = await postgis.migrated();
    const store = await openPostgisStore(database.url);
    const watch = await watchPostgres(database.url);
    return {
      store,
      watch,
      dataDir,
      close: async () => {
        await watch.close();
        await store.close();
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const path = join(dir, `store-${storeNumber}.db`);
  const store = await openSqliteStore(path);
  const watch = sqliteStoreWatch(path);
  return {
    store,
    watch,
    dataDir,
    close: async () => {
      await watch.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const OSM_TABLES = [
  'networks',
  'compounds',
  'buildings',
  'outlets',
  'outlet_categories',
  'outlet_rtree',
  'outlet_rtree_node',
  'outlet_rtree_parent',
  'outlet_rtree_rowid',
  'outlet_search',
  'outlet_search_data',
  'outlet_search_idx',
  'outlet_search_docsize',
  'outlet_search_config',
  'audit_log',
  'sqlite_sequence',
];

/**
 * Uploads bytes through the server's OSM upload handler and checks the rule
 * of every import: refused with a registry error (OSM_PARSE,
 * UNSUPPORTED_FORMAT, EMPTY_NETWORK) that changed no table and left no
 * uploaded file behind; or accepted, with one audit entry, only OSM tables
 * changed, the uploaded file kept, and stored records that make sense.
 */
async function checkedUpload(fixture: OsmFixture, bytes: Uint8Array, name: string) {
  const version = await fixture.watch.version();
  const before = await fixture.watch.digest();
  const imports = join(fixture.dataDir, 'imports');
  const filesBefore = (() => {
    try {
      return readdirSync(imports).length;
    } catch {
      return 0;
    }
  })();
  const upload = osmUploadImporter(fixture.store, taxonomy, fixture.dataDir);
  const knownCompounds = new Set((await fixture.store.listCompounds()).map((compound) => compound.id));
  try {
    const result = await upload(bytes, name, { userId: null, requestId: 'fuzz' });
    const after = await fixture.watch.digest();
    assert.equal(after.audit_log!.numRows, before.audit_log!.numRows + 1);
    for (const table of changedTables(before, after)) assert.ok(OSM_TABLES.includes(table), `an OSM import changed ${table}`);
    assert.equal(readdirSync(imports).length, filesBefore + 1, 'the imported file is kept');
    const network = await fixture.store.getLatestNetwork();
    const graph = walkGraphFromBuffer(new Uint8Array(network!.graph).buffer);
    assert.equal(graph.numNodes, result.report.numNetworkNodes);
    for (let i = 0; i < graph.numNodes; i++) assert.ok(Math.abs(graph.nodeLat[i]!) <= 90 && Math.abs(graph.nodeLng[i]!) <= 180);
    for (let e = 0; e < graph.numEdges; e++) assert.ok(Number.isFinite(graph.edgeLengthM[e]!) && graph.edgeLengthM[e]! >= 0);
    // The compounds this import added (a shared store keeps earlier imports' too).
    for (const compound of (await fixture.store.listCompounds()).filter((c) => !knownCompounds.has(c.id))) {
      assert.ok(Number.isSafeInteger(compound.residents) && compound.residents >= 0, `compound residents ${compound.residents}`);
      for (const band of [compound.households, compound.age0to14, compound.age15to59, compound.age60plus])
        assert.ok(band === null || (Number.isSafeInteger(band) && band >= 0), `compound ${compound.externalId}: ${band}`);
    }
    return { report: result.report };
  } catch (error) {
    if (!(error instanceof LifecircleError)) throw error;
    assert.ok(['OSM_PARSE', 'UNSUPPORTED_FORMAT', 'EMPTY_NETWORK'].includes(error.code), `${error.code}: ${error.message}`);
    assert.equal(error.details.file, name, 'the error names the file as uploaded, not where the server keeps it');
    assert.equal(await fixture.watch.version(), version, `a refused import committed (${error.message})`);
    assert.deepEqual(
      changedTables(before, await fixture.watch.digest()),
      [],
      `a refused import wrote nothing (${error.message})`,
    );
    assert.equal(readdirSync(imports).length, filesBefore, `a refused upload leaves no file behind (${error.message})`);
    return { error };
  }
}

test('a generated valid district imports its network, its shops as outlets where they stand, and its compounds', async (t) => {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(districtModel, async (generated) => {
      count++;
      const district = { ...generated, oddTags: [] };
      const { model, shops } = districtElements(district);
      const fixture = await openFixture();
      try {
        const outcome = await checkedUpload(fixture, new TextEncoder().encode(writeOsmXml(model, STYLE).text), 'district.osm');
        assert.ok(outcome.report, `accepted: ${outcome.error?.message}`);
        const outlets = await fixture.store.listOutlets();
        assert.deepEqual(
          outlets.map((o) => [o.externalId, o.location[0], o.location[1], o.categoryIds]).sort(),
          [...shops].map(([id, shop]) => [`node/${id}`, shop.lng, shop.lat, [shop.categoryId]]).sort(),
        );
        assert.equal((await fixture.store.listCompounds()).length, district.compounds.length);
        const network = await fixture.store.getLatestNetwork();
        assert.equal(network!.info.numEdges, outcome.report.numNetworkEdges);
      } finally {
        await fixture.close();
      }
    }),
    fuzzParameters(120),
  );
  t.diagnostic(fuzzTally('OSM import: valid districts', count));
});

// &#0; and a NUL byte: XML has no NUL, and PostgreSQL's text cannot hold one.
const mutation = byteMutation(textBytes('<', '"', '/>', '-', '9', '.', 'e9', '&#0;', '\u0000'), 30);

/** Odd and mutated districts, all uploaded to one fixture: each imports whole or is refused cleanly. Returns how many ran. */
async function runOddDistricts(numRuns: number, postgis?: TestDatabases): Promise<number> {
  let count = 0;
  const fixture = await openFixture(postgis);
  try {
    await fc.assert(
      fc.asyncProperty(
        districtModel,
        fc.array(mutation, { maxLength: 3 }),
        fc.constantFrom('d.osm', 'd.osm.pbf', 'd'),
        async (district, mutations, name) => {
          count++;
          const text = new TextEncoder().encode(writeOsmXml(districtElements(district).model, STYLE).text);
          await checkedUpload(fixture, mutateBytes(text, mutations), name);
        },
      ),
      fuzzParameters(numRuns),
    );
  } finally {
    await fixture.close();
  }
  return count;
}

test('a district with odd tags, or mutated bytes, imports whole or is refused with nothing written and no file left', async (t) => {
  t.diagnostic(fuzzTally('OSM import: odd and mutated districts', await runOddDistricts(300)));
});

const postgres = await testPostgres();
const databases = postgres.ok ? new TestDatabases(postgres.server.adminUrl) : undefined;
after(async () => {
  await databases?.dispose();
  if (postgres.ok) postgres.server.stop();
});

test(
  'on PostGIS, a district with odd tags, or mutated bytes, imports whole or is refused with nothing written and no file left',
  { skip: postgres.ok ? false : postgres.reason },
  async (t) => {
    // Fewer than on SQLite: a digest of every table before and after each upload costs more on a server.
    t.diagnostic(fuzzTally('OSM import on PostGIS: odd and mutated districts', await runOddDistricts(60, databases)));
  },
);
