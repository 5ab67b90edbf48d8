import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { buildSegmentIndex, emptySnap, snapToNetwork, WALKING_PROFILES } from '@lifecircle/engine';
import { referenceDijkstra } from '@lifecircle/engine/testing';
import { generateDistrict, PRESETS } from '@lifecircle/generator';
import {
  osmUploadImporter,
  routerFromStore,
  seedDemoDistrict,
  startStoredAnalysis,
  StorePlannerService,
  type SeedDemoResult,
} from '@lifecircle/platform';
import { main } from './main.js';
import { createApp, hashPassword, CSRF_HEADER } from '@lifecircle/server';
import { seededRng } from '@lifecircle/shared';
import { openSqliteStore, type Store } from '@lifecircle/store';

// The whole platform on the neighbourhood preset (small enough for a textbook Dijkstra as the reference).
describe('the platform on a seeded demo district', () => {
  const taxonomy = defaultTaxonomy();
  let dataDir: string;
  let store: Store;
  let seeded: SeedDemoResult;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-platform-'));
    store = await openSqliteStore(join(dataDir, 'lifecircle.db'));
    seeded = (await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword, preset: 'neighbourhood', seed: 5 }))!;
    assert.ok(seeded, 'an empty store is seeded');
  });
  after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('places every compound in a street, a committee of that street and a circle that lists both', async () => {
    const compounds = await store.listCompounds();
    const committees = new Map((await store.listCommittees()).map((c) => [c.id, c]));
    const circles = new Map((await store.listCircles()).map((c) => [c.id, c]));
    assert.equal(compounds.length, seeded.counts.compounds);
    assert.equal(
      compounds.reduce((s, c) => s + c.residents, 0),
      seeded.counts.residents,
    );
    for (const compound of compounds) {
      const committee = committees.get(compound.committeeId!);
      const circle = circles.get(compound.circleId!);
      assert.ok(committee && circle, `compound ${compound.id} has a committee and a circle`);
      assert.equal(committee.streetId, compound.streetId);
      assert.ok(circle.streetIds.includes(compound.streetId!));
      assert.ok(circle.committeeIds.includes(committee.id));
    }
    const buildings = await store.listBuildings();
    const residentsInCompounds = buildings.filter((b) => b.compoundId !== null).reduce((s, b) => s + b.residents, 0);
    assert.ok(
      Math.abs(residentsInCompounds - seeded.counts.residents) <= compounds.length,
      'compound residents are the sum of their buildings (rounded)',
    );
  });

  it('does nothing on a second start', async () => {
    assert.equal(await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword, preset: 'neighbourhood', seed: 5 }), null);
    assert.equal((await store.listStreets()).length, seeded.counts.streets);
  });

  it('stores an analysis run whose summary agrees with its stored rows', async () => {
    const { run, done } = await startStoredAnalysis(store, taxonomy, { userId: null, requestId: null, workers: 0 });
    assert.equal(run.status, 'running');
    const finished = await done;
    assert.equal(finished.status, 'done');
    const results = await store.listAccessResults({ runId: run.id });
    const compounds = await store.listCompounds();
    const categories = taxonomy.categories.filter((c) => c.walkEvaluated);
    assert.equal(results.length, compounds.length * categories.length);
    const residents = new Map(compounds.map((c) => [c.id, c.residents]));
    const total = compounds.reduce((s, c) => s + c.residents, 0);
    const coverage = (
      finished.summary as { coverage: { categoryId: string; targetMinutes: number | null; share: number | null }[] }
    ).coverage;
    for (const c of coverage) {
      if (c.targetMinutes === null) continue;
      const limitM = c.targetMinutes * 60 * 1.2;
      const covered = results
        .filter((r) => r.categoryId === c.categoryId && r.walkM !== null && r.walkM <= limitM + 0.05)
        .reduce((s, r) => s + residents.get(r.compoundId)!, 0);
      assert.ok(Math.abs(covered / total - c.share!) < 0.002, `${c.categoryId}: ${covered / total} vs ${c.share}`);
    }
  });

  it('answers nearby in walking minutes that match a textbook Dijkstra over the stored network', async () => {
    const router = (await routerFromStore(store))!;
    const app = await createApp({ store, taxonomy, router, logger: false });
    const graph = router.graph;
    const index = buildSegmentIndex(graph);
    const outlets = await store.listOutlets({ status: ['active'] });
    const snapped = outlets.map((o) => ({ o, s: snapToNetwork(graph, index, o.location[0], o.location[1], 300, emptySnap()) }));
    const rng = seededRng(11);
    const compounds = await store.listCompounds();
    const categories = ['convenience_store', 'breakfast', 'repair_point', 'pharmacy'];
    let compared = 0;
    for (let q = 0; q < 12; q++) {
      const c = compounds[Math.floor(rng() * compounds.length)]!;
      const lng = c.location[0] + (rng() - 0.5) * 0.001;
      const lat = c.location[1] + (rng() - 0.5) * 0.001;
      const category = categories[q % categories.length]!;
      const profile = q % 2 === 0 ? 'adult' : 'elderly';
      const response = await app.inject({
        url: `/api/outlets/nearby?lng=${lng}&lat=${lat}&category=${category}&profile=${profile}&limit=5&maxMinutes=20`,
      });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as { results: { id: number; walkMinutes: number; categoryIds: string[] }[] };

      const speed = WALKING_PROFILES[profile].speedMps;
      const origin = snapToNetwork(graph, index, lng, lat, 300, emptySnap());
      const len = graph.edgeLengthM[origin.edge]!;
      const dist = referenceDijkstra(
        graph,
        [graph.edgeU[origin.edge]!, graph.edgeV[origin.edge]!],
        [origin.distanceM + origin.t * len, origin.distanceM + (1 - origin.t) * len],
      );
      const expected = snapped
        .filter(({ o, s }) => o.categoryIds.includes(category) && s.edge >= 0)
        .map(({ o, s }) => {
          const l = graph.edgeLengthM[s.edge]!;
          let m = Math.min(
            dist[graph.edgeU[s.edge]!]! + s.t * l + s.distanceM,
            dist[graph.edgeV[s.edge]!]! + (1 - s.t) * l + s.distanceM,
          );
          if (s.edge === origin.edge) m = Math.min(m, origin.distanceM + Math.abs(s.t - origin.t) * l + s.distanceM);
          return { id: o.id, minutes: m / speed / 60 };
        })
        .filter((e) => e.minutes <= 20)
        .sort((a, b) => a.minutes - b.minutes)
        .slice(0, 5);
      assert.equal(body.results.length, expected.length, `query ${q}`);
      body.results.forEach((r, i) => {
        assert.ok(
          Math.abs(r.walkMinutes - expected[i]!.minutes) <= 0.051,
          `query ${q} rank ${i}: ${r.walkMinutes} vs ${expected[i]!.minutes}`,
        );
        assert.ok(r.categoryIds.includes(category));
        compared++;
      });
    }
    assert.ok(compared >= 20, `compared ${compared} results`);
    await app.close();
  });

  it('draws the walkable streets of a bbox from the stored network, every edge that meets the box and no other', async () => {
    const router = (await routerFromStore(store))!;
    const app = await createApp({ store, taxonomy, router, logger: false });
    const graph = router.graph;
    const [minLng, minLat, maxLng, maxLat] = [121.41, 31.245, 121.415, 31.25];
    const response = await app.inject({ url: `/api/map/network?bbox=${minLng},${minLat},${maxLng},${maxLat}` });
    assert.equal(response.statusCode, 200);
    const body = response.json() as { features: { geometry: { coordinates: [number, number][] } }[] };
    let expected = 0;
    for (let e = 0; e < graph.numEdges; e++) {
      const xs = [graph.nodeLng[graph.edgeU[e]!]!, graph.nodeLng[graph.edgeV[e]!]!];
      const ys = [graph.nodeLat[graph.edgeU[e]!]!, graph.nodeLat[graph.edgeV[e]!]!];
      if (Math.max(...xs) >= minLng && Math.min(...xs) <= maxLng && Math.max(...ys) >= minLat && Math.min(...ys) <= maxLat)
        expected++;
    }
    assert.ok(expected > 0);
    assert.equal(body.features.length, expected);
    await app.close();
  });

  it('draws the walking route to an outlet with the minutes nearby gives', async () => {
    const router = (await routerFromStore(store))!;
    const app = await createApp({ store, taxonomy, router, logger: false });
    const compound = (await store.listCompounds()).find((c) => c.residents > 0)!;
    const [lng, lat] = compound.location;
    const nearby = (
      await app.inject({ url: `/api/outlets/nearby?lng=${lng}&lat=${lat}&profile=elderly&limit=3&maxMinutes=30` })
    ).json() as {
      results: { id: number; walkMinutes: number }[];
    };
    assert.ok(nearby.results.length > 0);
    for (const hit of nearby.results) {
      const response = await app.inject({ url: `/api/outlets/${hit.id}/route?lng=${lng}&lat=${lat}&profile=elderly` });
      assert.equal(response.statusCode, 200, response.body);
      const route = response.json() as { walkMinutes: number; geometry: { coordinates: [number, number][] } };
      assert.equal(route.walkMinutes, hit.walkMinutes);
      assert.deepEqual(route.geometry.coordinates[0], [lng, lat]);
      assert.ok(route.geometry.coordinates.length >= 3);
    }
    await app.close();
  });

  it('lets the merchant list an outlet that appears in nearby only after its street office approves it', async () => {
    const router = (await routerFromStore(store))!;
    const app = await createApp({ store, taxonomy, router, logger: false });
    const login = async (role: string) => {
      const credential = seeded.credentials.find((c) => c.role === role)!;
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: credential.username, password: credential.password },
      });
      assert.equal(response.statusCode, 200, response.body);
      const headers = { authorization: `Bearer ${(response.json() as { token: string }).token}` };
      // Seeded credentials are one-time: nothing but /api/auth/* works until the password is changed.
      const ownList = role === 'merchant' ? '/api/merchant/outlets' : '/api/street/outlets';
      const blocked = await app.inject({ url: ownList, headers });
      assert.equal(blocked.statusCode, 403, blocked.body);
      const changed = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers,
        payload: { oldPassword: credential.password, newPassword: `${credential.password}x9` },
      });
      assert.equal(changed.statusCode, 204, changed.body);
      assert.equal((await app.inject({ url: ownList, headers })).statusCode, 200);
      return headers;
    };
    const merchant = await login('merchant');
    const office = await login('street_office');
    const user = (await app.inject({ url: '/api/auth/me', headers: office })).json() as {
      streetId?: number;
      user?: { streetId: number };
    };
    const streetId = user.user?.streetId ?? user.streetId;
    const home = (await store.listCompounds({ streetId })).find((c) => c.residents > 0)!;
    const [lng, lat] = [home.location[0] + 0.0003, home.location[1]];
    const created = await app.inject({
      method: 'POST',
      url: '/api/merchant/outlets',
      headers: { ...merchant, [CSRF_HEADER]: '1' },
      payload: { name: '测试早餐铺', categoryIds: ['breakfast'], lng, lat, openingHours: 'Mo-Su 06:00-10:00', services: [] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: number }).id;
    const nearbyIds = async () =>
      (
        (
          await app.inject({ url: `/api/outlets/nearby?lng=${lng}&lat=${lat}&category=breakfast&limit=100&maxMinutes=30` })
        ).json() as { results: { id: number }[] }
      ).results.map((r) => r.id);
    assert.ok(!(await nearbyIds()).includes(id), 'a pending outlet is not on the map');
    const review = await app.inject({
      method: 'POST',
      url: `/api/street/outlets/${id}/review`,
      headers: { ...office, [CSRF_HEADER]: '1' },
      payload: { decision: 'approve' },
    });
    assert.equal(review.statusCode, 200, review.body);
    assert.ok((await nearbyIds()).includes(id), 'an approved outlet is routed to at once');
    await app.close();
  });
  it('serves the planner workbench over HTTP and from the CLI verbs', async () => {
    const app = await createApp({
      store,
      taxonomy,
      router: null,
      logger: false,
      planner: new StorePlannerService(store, taxonomy),
    });
    const credential = seeded.credentials.find((c) => c.role === 'commission')!;
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: credential.username, password: credential.password },
    });
    const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { oldPassword: credential.password, newPassword: `${credential.password}z7` },
    });
    const evaluation = await app.inject({ url: '/api/planner/evaluation?profile=elderly&at=07:00', headers });
    assert.equal(evaluation.statusCode, 200, evaluation.body);
    const body = evaluation.json() as { circles: { id: number }[]; district: { categories: unknown[] } };
    assert.equal(body.circles.length, seeded.counts.circles);
    const circleId = body.circles[0]!.id;
    assert.equal((await app.inject({ url: `/api/planner/circles/${circleId}/portrait`, headers })).statusCode, 200);
    const shortfalls = await app.inject({ url: `/api/planner/circles/${circleId}/shortfalls`, headers });
    assert.equal(shortfalls.statusCode, 200);
    const scenario = await app.inject({
      method: 'POST',
      url: '/api/planner/scenarios',
      headers,
      payload: {
        name: '加一个早餐点',
        edits: [
          {
            kind: 'add_outlet',
            name: '早餐',
            location: [121.41, 31.245],
            categoryIds: ['breakfast'],
            openingHours: 'Mo-Su 06:00-10:00',
          },
        ],
      },
    });
    assert.equal(scenario.statusCode, 201, scenario.body);
    assert.deepEqual((scenario.json() as { result: { recomputedCategories: string[] } }).result.recomputedCategories, [
      'breakfast',
    ]);
    const pdf = await app.inject({ url: `/api/planner/reports/circles/${circleId}/report.pdf`, headers });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    await app.close();

    // The same from the command line, on the database file.
    const io = { stdout: () => {}, stderr: () => {}, isInteractive: false, env: {} };
    const csv = join(dataDir, 'evaluation.csv');
    assert.equal(await main(['evaluate', '--data-dir', dataDir, '--out', csv], io), 0);
    const lines = readFileSync(csv, 'utf8').trim().split(/\r\n/);
    const walkEvaluated = taxonomy.categories.filter((c) => c.walkEvaluated).length;
    assert.equal(lines.length - 1, (1 + seeded.counts.streets + seeded.counts.circles) * walkEvaluated);
    const recommendation = join(dataDir, 'recommend.json');
    assert.equal(
      await main(
        [
          'recommend',
          '--data-dir',
          dataDir,
          '--category',
          'breakfast',
          '--k',
          '2',
          '--method',
          'greedy',
          '--out',
          recommendation,
        ],
        io,
      ),
      0,
    );
    // Fewer sites than asked when no further site adds anyone.
    const sites = (JSON.parse(readFileSync(recommendation, 'utf8')) as { sites: unknown[] }).sites.length;
    assert.ok(sites >= 1 && sites <= 2, `${sites} sites`);
    const xlsx = join(dataDir, 'district.xlsx');
    assert.equal(await main(['report', '--data-dir', dataDir, '--out', xlsx], io), 0);
    assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK');
    assert.equal(await main(['report', '--data-dir', dataDir, '--circle', '99999', '--out', join(dataDir, 'x.pdf')], io), 1);
  });
});

describe('an OpenStreetMap upload through the API', () => {
  it('imports the network and outlets, routes over them at once, and rejects a broken file writing nothing', async () => {
    const taxonomy = defaultTaxonomy();
    const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-upload-'));
    const store = await openSqliteStore(':memory:');
    try {
      const osmFile = join(dataDir, 'small.osm');
      generateDistrict({ ...PRESETS.neighbourhood, seed: 9 }, osmFile);
      await store.insertUser({
        username: 'planner',
        displayName: 'planner',
        role: 'commission',
        streetId: null,
        merchantId: null,
        passwordHash: await hashPassword('correct horse 42'),
        isDisabled: false,
        mustChangePassword: false,
      });
      const app = await createApp({
        store,
        taxonomy,
        router: null,
        logger: false,
        importOsm: osmUploadImporter(store, taxonomy, dataDir),
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'planner', password: 'correct horse 42' },
      });
      const headers = {
        authorization: `Bearer ${(login.json() as { token: string }).token}`,
        'content-type': 'application/octet-stream',
      };
      assert.equal((await app.inject({ url: '/api/outlets/nearby?lng=121.41&lat=31.245' })).statusCode, 503, 'no network yet');

      const broken = await app.inject({
        method: 'POST',
        url: '/api/admin/imports/osm?file=broken.osm',
        headers,
        payload: '<osm version="0.6"><node id="1" lat="31.2" lon=',
      });
      assert.equal(broken.statusCode, 400, broken.body);
      assert.equal((broken.json() as { error: { code: string } }).error.code, 'OSM_PARSE');
      assert.equal(await store.countOutlets(), 0);
      assert.equal(await store.getLatestNetwork(), null);

      const upload = await app.inject({
        method: 'POST',
        url: '/api/admin/imports/osm?file=small.osm',
        headers,
        payload: readFileSync(osmFile),
      });
      assert.equal(upload.statusCode, 200, upload.body);
      const report = upload.json() as { numOutletsInserted: number; numCompoundsInserted: number };
      assert.equal(report.numOutletsInserted, await store.countOutlets());
      assert.ok(report.numOutletsInserted > 0 && report.numCompoundsInserted > 0);
      const nearby = await app.inject({ url: '/api/outlets/nearby?lng=121.41&lat=31.245&limit=3' });
      assert.equal(nearby.statusCode, 200, nearby.body);
      assert.equal((nearby.json() as { results: unknown[] }).results.length, 3);
      await app.close();
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
