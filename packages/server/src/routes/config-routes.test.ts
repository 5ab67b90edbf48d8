import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BasemapConfig } from '../deps.js';
import { tinyApp } from '../testing/seed-tiny.js';

test('without a basemap the config says null, so the web app draws only our own data', async () => {
  const { app, store } = await tinyApp();
  const response = await app.inject({ url: '/api/config' });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { basemap: null });
  await app.close();
  await store.close();
});

test('a configured basemap is handed to the web app as given', async () => {
  const basemap: BasemapConfig = {
    tiles: ['https://tiles.example.com/{z}/{x}/{y}.png'],
    crs: 'gcj02',
    attribution: '© 示例地图',
    maxZoom: 18,
  };
  const { app, store } = await tinyApp({ basemap });
  assert.deepEqual((await app.inject({ url: '/api/config' })).json(), { basemap });
  const openapi = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
  assert.ok(openapi.paths['/api/config'], 'the route is documented');
  await app.close();
  await store.close();
});
