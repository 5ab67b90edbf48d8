import { LifecircleError } from '@lifecircle/shared';
import { Type, type Static } from '@sinclair/typebox';
import { parseBbox } from '../services/validate.js';
import { walkMinutes, WALKING_PROFILES } from '@lifecircle/engine';
import { errorResponses, IdParams, Lat, Lng } from '../schemas/common.js';
import { perMinute, type RouteContext } from './context.js';

const BboxQuery = Type.Object({
  bbox: Type.String({ description: 'minLng,minLat,maxLng,maxLat (WGS-84), at most 0.2° on a side' }),
  lang: Type.Optional(Type.String()),
});
const FeatureCollection = Type.Object(
  { type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown()), truncated: Type.Boolean() },
  { description: 'GeoJSON FeatureCollection, WGS-84' },
);
/** Features per answer: enough for a district view, bounded so one request cannot build a huge body. */
const MAX_FEATURES = 40_000;
const MAX_SIDE_DEG = 0.2;

const RouteQuery = Type.Object({
  lng: Lng,
  lat: Lat,
  profile: Type.Union([Type.Literal('adult'), Type.Literal('elderly')], { default: 'adult' }),
  lang: Type.Optional(Type.String()),
});
/** Longest walk a route is drawn for (metres): an hour at the adult pace. */
const MAX_ROUTE_M = 4320;

/** Map data for the web app, drawn from our own data (no external tiles): walkable streets and compounds. */
export function registerMapRoutes({ app, deps, config }: RouteContext): void {
  const reads = perMinute(config.publicReadsPerMinute);
  const bboxOf = (text: string) => {
    const bbox = parseBbox(text);
    if (bbox[2] - bbox[0] > MAX_SIDE_DEG || bbox[3] - bbox[1] > MAX_SIDE_DEG) {
      throw new LifecircleError('VALIDATION', { field: 'bbox', reason: `at most ${MAX_SIDE_DEG}° on a side` });
    }
    return bbox;
  };

  app.get<{ Querystring: Static<typeof BboxQuery> }>(
    '/api/map/network',
    {
      config: reads,
      schema: {
        tags: ['map'],
        summary: 'Walkable streets in a bbox as GeoJSON LineStrings (one per edge)',
        querystring: BboxQuery,
        response: { 200: FeatureCollection, ...errorResponses },
      },
    },
    async (request) => {
      const [minLng, minLat, maxLng, maxLat] = bboxOf(request.query.bbox);
      const graph = deps.router?.graph;
      const features: unknown[] = [];
      let truncated = false;
      if (graph) {
        const { edgeU, edgeV, nodeLng, nodeLat } = graph;
        for (let e = 0; e < graph.numEdges; e++) {
          const u = edgeU[e]!;
          const v = edgeV[e]!;
          const x0 = nodeLng[u]!;
          const y0 = nodeLat[u]!;
          const x1 = nodeLng[v]!;
          const y1 = nodeLat[v]!;
          if (Math.max(x0, x1) < minLng || Math.min(x0, x1) > maxLng || Math.max(y0, y1) < minLat || Math.min(y0, y1) > maxLat)
            continue;
          if (features.length === MAX_FEATURES) {
            truncated = true;
            break;
          }
          features.push({
            type: 'Feature',
            geometry: {
              type: 'LineString',
              coordinates: [
                [x0, y0],
                [x1, y1],
              ],
            },
            properties: {},
          });
        }
      }
      return { type: 'FeatureCollection' as const, features, truncated };
    },
  );

  app.get<{ Querystring: Static<typeof BboxQuery> }>(
    '/api/map/compounds',
    {
      config: reads,
      schema: {
        tags: ['map'],
        summary: 'Residential compounds in a bbox: outlines (or points) with name and residents',
        querystring: BboxQuery,
        response: { 200: FeatureCollection, ...errorResponses },
      },
    },
    async (request) => {
      const compounds = await deps.store.listCompounds({ bbox: bboxOf(request.query.bbox) });
      const truncated = compounds.length > MAX_FEATURES;
      return {
        type: 'FeatureCollection' as const,
        truncated,
        features: compounds.slice(0, MAX_FEATURES).map((c) => ({
          type: 'Feature',
          geometry: c.outline ?? { type: 'Point', coordinates: c.location },
          properties: {
            id: c.id,
            name: c.name,
            residents: c.residents,
            circleId: c.circleId,
            streetId: c.streetId,
            numGates: c.gates.length,
          },
        })),
      };
    },
  );

  app.get<{ Params: IdParams; Querystring: Static<typeof RouteQuery> }>(
    '/api/outlets/:id/route',
    {
      config: reads,
      schema: {
        tags: ['map'],
        summary: 'The walking route from a point to an active outlet, as a GeoJSON LineString with its minutes',
        params: IdParams,
        querystring: RouteQuery,
        response: {
          200: Type.Object({
            outletId: Type.Integer(),
            walkM: Type.Number(),
            walkMinutes: Type.Number(),
            profile: Type.String(),
            geometry: Type.Object({
              type: Type.Literal('LineString'),
              coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const router = deps.router;
      if (router === null) throw new LifecircleError('NO_NETWORK', {});
      if (router.route === undefined) throw new LifecircleError('SERVICE_UNAVAILABLE', { what: 'walking routes' });
      const outlet = await deps.store.getOutlet(request.params.id);
      if (outlet === null || outlet.status !== 'active')
        throw new LifecircleError('NOT_FOUND', { entity: 'outlet', id: request.params.id });
      const { lng, lat, profile } = request.query;
      const route = router.route(lng, lat, outlet.id, MAX_ROUTE_M);
      if (route === null) throw new LifecircleError('NOT_FOUND', { entity: 'walking route to outlet', id: outlet.id });
      const speedMps = WALKING_PROFILES[profile].speedMps;
      return {
        outletId: outlet.id,
        walkM: Math.round(route.walkM),
        walkMinutes: Math.round(walkMinutes(route.walkM, speedMps) * 10) / 10,
        profile,
        geometry: { type: 'LineString' as const, coordinates: route.coordinates },
      };
    },
  );
}
