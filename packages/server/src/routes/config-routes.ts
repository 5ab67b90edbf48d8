import { Type } from '@sinclair/typebox';
import { Nullable } from '../schemas/common.js';
import { perMinute, type RouteContext } from './context.js';

const Basemap = Type.Object({
  tiles: Type.Array(Type.String(), { description: 'Raster tile URL templates with {z}, {x} and {y}' }),
  crs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')], {
    description: 'gcj02: Amap/Tencent tiles; clients shift WGS-84 data to GCJ-02 to draw it and picked points back',
  }),
  attribution: Type.String(),
  maxZoom: Type.Integer(),
});

/** The web app's configuration: what it needs to know about this deployment before drawing a map. */
export function registerConfigRoutes({ app, deps, config }: RouteContext): void {
  app.get(
    '/api/config',
    {
      config: perMinute(config.publicReadsPerMinute),
      schema: {
        tags: ['public'],
        summary: 'Client configuration: the optional online basemap (null: draw our own data only, offline)',
        response: { 200: Type.Object({ basemap: Nullable(Basemap) }) },
      },
    },
    async () => ({ basemap: deps.basemap ?? null }),
  );
}
