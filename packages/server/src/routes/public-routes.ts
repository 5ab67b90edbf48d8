import { walkMinutes, WALKING_PROFILES } from '@lifecircle/engine';
import { LifecircleError } from '@lifecircle/shared';
import { Type, type Static } from '@sinclair/typebox';
import { requestLocale } from '../errors/locale.js';
import { loadCircleSummaries } from '../services/circle-summary.js';
import { isOpenAt, parseOpenAt, chinaWallClock } from '../services/opening-hours.js';
import { publicOutlet } from '../services/outlet-views.js';
import { assertCategories, parseBbox } from '../services/validate.js';
import {
  AreaGeometry,
  District,
  errorResponses,
  Id,
  IdParams,
  Lat,
  Lng,
  NearbyOutlet,
  Nullable,
  PublicOutlet,
  Street,
} from '../schemas/common.js';
import { perMinute, type RouteContext } from './context.js';

/** The server's version, reported by the health check. */
export const SERVER_VERSION = '0.1.0';

const Category = Type.Object({
  id: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  tier: Type.String(),
  group: Nullable(Type.String()),
  defaultWalkMinutes: Nullable(Type.Number()),
});

const OutletsQuery = Type.Object({
  category: Type.Optional(Type.String({ maxLength: 64 })),
  keyword: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  bbox: Type.Optional(Type.String({ description: 'minLng,minLat,maxLng,maxLat (WGS-84)' })),
  openAt: Type.Optional(
    Type.String({
      description: 'ISO 8601 date-time; without an offset it is China time (UTC+8). Outlets without hours are left out.',
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  lang: Type.Optional(Type.String()),
});

const NearbyQuery = Type.Object({
  lng: Lng,
  lat: Lat,
  category: Type.Optional(Type.String({ maxLength: 64 })),
  profile: Type.Union([Type.Literal('adult'), Type.Literal('elderly')], { default: 'adult' }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  maxMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 60, default: 15 }),
  openAt: Type.Optional(
    Type.String({ description: 'ISO 8601 date-time (no offset: China time): only outlets open then, nearest first' }),
  ),
  lang: Type.Optional(Type.String()),
});

const CircleSummary = Type.Object({
  id: Id,
  districtId: Id,
  code: Nullable(Type.String()),
  name: Type.String(),
  boundary: Nullable(AreaGeometry),
  streetIds: Type.Array(Type.Integer()),
  committeeIds: Type.Array(Type.Integer()),
  summary: Type.Object({
    residents: Type.Number(),
    households: Nullable(Type.Number()),
    numCompounds: Type.Integer(),
    share60plus: Nullable(Type.Number()),
    numActiveOutlets: Type.Record(Type.String(), Type.Integer()),
    streets: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  }),
  coverage: Nullable(
    Type.Object({
      runId: Type.Integer(),
      speedMps: Type.Number(),
      byCategory: Type.Record(Type.String(), Nullable(Type.Number())),
    }),
  ),
});

const OFF_NETWORK_NOTE = {
  'zh-CN': '该位置附近没有可步行的道路，请在地图上换一个位置',
  en: 'No walkable way lies near this point; pick another point on the map',
};

/** Public reads: health, OpenAPI, taxonomy, areas, outlets (list, nearby, detail) and circles. */
export function registerPublicRoutes({ app, deps, now, config }: RouteContext): void {
  const { store, taxonomy } = deps;
  const reads = perMinute(config.publicReadsPerMinute);

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['public'],
        summary: 'Liveness and a few counts',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            store: Type.String(),
            outlets: Type.Integer(),
            network: Type.Boolean(),
            dataSource: Type.Union([Type.Literal('demo'), Type.Literal('osm'), Type.Literal('imported')], {
              description: 'demo: the generated demo district; osm: OpenStreetMap data (show © OpenStreetMap contributors)',
            }),
            version: Type.String(),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      status: 'ok' as const,
      store: store.kind,
      outlets: await store.countOutlets({ status: ['active'] }),
      network: deps.router !== null,
      dataSource:
        (await store.getSetting('demo.seed')) !== null
          ? ('demo' as const)
          : (await store.countOutlets({ source: 'osm' })) > 0
            ? ('osm' as const)
            : ('imported' as const),
      version: SERVER_VERSION,
    }),
  );

  app.get(
    '/api/openapi.json',
    {
      schema: {
        tags: ['public'],
        summary: 'This API as an OpenAPI 3 document',
        response: { 200: Type.Object({}, { additionalProperties: true }) },
      },
    },
    async () => app.swagger(),
  );

  app.get(
    '/api/taxonomy',
    {
      config: reads,
      schema: {
        tags: ['public'],
        summary: 'The business formats (业态) of the taxonomy',
        response: { 200: Type.Object({ categories: Type.Array(Category) }) },
      },
    },
    async () => ({
      categories: taxonomy.categories.map(({ id, nameZh, nameEn, tier, group, defaultWalkMinutes }) => ({
        id,
        nameZh,
        nameEn,
        tier,
        group,
        defaultWalkMinutes,
      })),
    }),
  );

  app.get(
    '/api/districts',
    {
      config: reads,
      schema: {
        tags: ['public'],
        summary: 'Districts with their boundaries',
        response: { 200: Type.Object({ districts: Type.Array(District) }) },
      },
    },
    async () => ({ districts: await store.listDistricts() }),
  );

  app.get<{ Querystring: { districtId?: number } }>(
    '/api/streets',
    {
      config: reads,
      schema: {
        tags: ['public'],
        summary: 'Streets (街道/镇) with their boundaries',
        querystring: Type.Object({ districtId: Type.Optional(Id), lang: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ streets: Type.Array(Street) }), ...errorResponses },
      },
    },
    async (request) => ({
      streets: await store.listStreets(request.query.districtId === undefined ? {} : { districtId: request.query.districtId }),
    }),
  );

  app.get<{ Querystring: Static<typeof OutletsQuery> }>(
    '/api/outlets',
    {
      config: reads,
      schema: {
        tags: ['public'],
        summary: 'Active outlets, filtered by category, keyword (Chinese or pinyin), bbox and opening time',
        querystring: OutletsQuery,
        response: {
          200: Type.Object({
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
            items: Type.Array(PublicOutlet),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = request.query;
      if (query.category !== undefined) assertCategories(taxonomy, [query.category], 'category');
      const filter = {
        status: ['active' as const],
        ...(query.category === undefined ? {} : { categoryId: query.category }),
        ...(query.keyword === undefined ? {} : { keyword: query.keyword }),
        ...(query.bbox === undefined ? {} : { bbox: parseBbox(query.bbox) }),
      };
      if (query.openAt === undefined) {
        const items = await store.listOutlets({ ...filter, limit: query.limit, offset: query.offset });
        // A page that is not full holds the last matches, so it tells the total: a keyword search scans every
        // outlet, and counting would scan them all again (issue 6: half the CPU of the load test's searches).
        const isLastPage = items.length < query.limit && (items.length > 0 || query.offset === 0);
        const total = isLastPage ? query.offset + items.length : await store.countOutlets(filter);
        return { total, limit: query.limit, offset: query.offset, items: items.map(publicOutlet) };
      }
      // Opening hours are rules, not columns: filter in memory, then page.
      const at = parseOpenAt(query.openAt);
      const open = (await store.listOutlets(filter)).filter((outlet) => isOpenAt(outlet.openingHours, at) === true);
      return {
        total: open.length,
        limit: query.limit,
        offset: query.offset,
        items: open.slice(query.offset, query.offset + query.limit).map(publicOutlet),
      };
    },
  );

  app.get<{ Querystring: Static<typeof NearbyQuery> }>(
    '/api/outlets/nearby',
    {
      config: reads,
      schema: {
        tags: ['public'],
        summary: 'Active outlets nearest by walking time over the street network',
        querystring: NearbyQuery,
        response: {
          200: Type.Object({
            origin: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
            profile: Type.String(),
            speedMps: Type.Number(),
            results: Type.Array(NearbyOutlet),
            note: Type.Optional(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = request.query;
      if (query.category !== undefined) assertCategories(taxonomy, [query.category], 'category');
      const router = deps.router;
      if (router === null) throw new LifecircleError('NO_NETWORK', {});
      const speedMps = WALKING_PROFILES[query.profile].speedMps;
      const base = { origin: { lng: query.lng, lat: query.lat }, profile: query.profile, speedMps };
      const openAt = query.openAt === undefined ? null : parseOpenAt(query.openAt);
      // With openAt some of the nearest are closed then: ask the router for more and keep the open ones.
      const found = router.nearby(query.lng, query.lat, {
        ...(query.category === undefined ? {} : { categoryId: query.category }),
        limit: openAt === null ? query.limit : Math.min(500, query.limit * 10),
        maxWalkM: query.maxMinutes * 60 * speedMps,
      });
      if (found === null) {
        return { ...base, results: [], note: OFF_NETWORK_NOTE[requestLocale(request.url, request.headers['accept-language'])] };
      }
      const wallClock = chinaWallClock(now());
      const results = [];
      // One read for every hit: on PostgreSQL a read per hit was ten round trips per answer.
      const outlets = await store.getOutlets(found.map((hit) => hit.outletId));
      for (let i = 0; i < found.length; i++) {
        if (results.length === query.limit) break;
        const hit = found[i]!;
        const outlet = outlets[i]!;
        // The router may lag a moment behind the store: drop outlets that are no longer active.
        if (outlet === null || outlet.status !== 'active') continue;
        if (openAt !== null && isOpenAt(outlet.openingHours, openAt) !== true) continue;
        results.push({
          ...publicOutlet(outlet),
          walkM: Math.round(hit.walkM),
          walkMinutes: Math.round(walkMinutes(hit.walkM, speedMps) * 10) / 10,
          isOpenNow: isOpenAt(outlet.openingHours, wallClock),
        });
      }
      results.sort((a, b) => a.walkM - b.walkM);
      return { ...base, results };
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/outlets/:id',
    {
      config: reads,
      schema: {
        tags: ['public'],
        summary: 'One active outlet',
        params: IdParams,
        response: { 200: PublicOutlet, ...errorResponses },
      },
    },
    async (request) => {
      const outlet = await store.getOutlet(request.params.id);
      if (outlet === null || outlet.status !== 'active')
        throw new LifecircleError('NOT_FOUND', { entity: 'outlet', id: request.params.id });
      return publicOutlet(outlet);
    },
  );

  app.get(
    '/api/circles',
    {
      config: reads,
      schema: {
        tags: ['public'],
        summary: 'Living circles with residents, outlets and coverage from the latest analysis',
        response: { 200: Type.Object({ circles: Type.Array(CircleSummary) }), ...errorResponses },
      },
    },
    async () => ({ circles: await loadCircleSummaries(store, taxonomy, await store.listCircles()) }),
  );

  app.get<{ Params: IdParams }>(
    '/api/circles/:id',
    {
      config: reads,
      schema: {
        tags: ['public'],
        summary: 'One living circle with its summary',
        params: IdParams,
        response: { 200: CircleSummary, ...errorResponses },
      },
    },
    async (request) => {
      const circle = await store.getCircle(request.params.id);
      if (circle === null) throw new LifecircleError('NOT_FOUND', { entity: 'circle', id: request.params.id });
      const [summary] = await loadCircleSummaries(store, taxonomy, [circle]);
      return summary!;
    },
  );
}
