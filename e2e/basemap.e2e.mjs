// An online deployment with a GCJ-02 basemap (as Amap's or Tencent's): our WGS-84 data is drawn shifted onto
// it, and a point picked on the map goes back to WGS-84 before it reaches the API. The basemap's tiles come
// from a tile server this test runs on loopback; a second lifecircle server on the same database serves the app.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import gcoordModule from 'gcoord';
import {
  apiGet,
  launch,
  mapPixel,
  metresBetween,
  newPage,
  screenshot,
  skipReason,
  waitForMapDrawn,
  waitForView,
} from './helpers.mjs';
import { assertNoSeriousViolations } from './axe.mjs';
import { encodePng } from './png.mjs';
import { startServer } from './server.mjs';

const gcoord = gcoordModule.default ?? gcoordModule;
const reason = skipReason() ?? (process.env.E2E_DATA_DIR ? null : 'E2E_DATA_DIR is not set: run the tests with node e2e/run.mjs');
/** A 256-px tile of a checker pattern, so a drawn basemap is plainly not blank. */
const TILE = encodePng(256, 256, (x, y) => (((x >> 5) + (y >> 5)) % 2 === 0 ? [200, 220, 240, 255] : [170, 200, 230, 255]));
const ATTRIBUTION = '测试底图 GCJ-02';

let session;
let tiles;
let server;
const tileRequests = [];
before(async () => {
  if (reason !== null) return;
  tiles = createServer((request, response) => {
    tileRequests.push(request.url);
    if (!/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(request.url)) return response.writeHead(404).end();
    // MapLibre reads tiles into WebGL textures, so a tile from another origin needs CORS.
    response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(TILE);
  });
  await new Promise((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  server = await startServer({
    dataDir: process.env.E2E_DATA_DIR,
    args: [
      '--basemap-url',
      `http://127.0.0.1:${tiles.address().port}/tiles/{z}/{x}/{y}.png`,
      '--basemap-crs',
      'gcj02',
      '--basemap-attribution',
      ATTRIBUTION,
    ],
  });
  session = await launch();
});
after(async () => {
  await session?.close();
  await server?.stop();
  tiles?.close();
});

test(
  'over a GCJ-02 basemap an outlet is drawn at its GCJ-02 position and a tap there sends its WGS-84 position',
  { skip: reason ?? false },
  async () => {
    const config = await (await fetch(`${server.baseUrl}/api/config`)).json();
    assert.equal(config.basemap.crs, 'gcj02');

    // A breakfast shop near the middle of the demo district whose name no other outlet shares.
    const { items } = await apiGet('/api/outlets?category=breakfast&bbox=121.38,31.23,121.42,31.27&limit=100');
    let outlet;
    for (const candidate of items) {
      if ((await apiGet(`/api/outlets?keyword=${encodeURIComponent(candidate.name)}`)).total === 1) {
        outlet = candidate;
        break;
      }
    }
    assert.ok(outlet, 'a uniquely named breakfast shop near the middle');
    const drawnAt = gcoord.transform(outlet.location, gcoord.WGS84, gcoord.GCJ02);
    assert.ok(metresBetween(drawnAt, outlet.location) > 300, 'GCJ-02 moves Shanghai by some 500 m');

    const { page, errors } = await newPage(session.browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.baseUrl}/#/`);
    assert.ok((await waitForMapDrawn(page, '#map', 4)) >= 4, 'the basemap and our data are drawn');
    await page.waitForFunction(() => document.querySelector('.maplibregl-ctrl-attrib')?.textContent.includes('测试底图'));
    assert.ok(
      tileRequests.some((url) => url.startsWith('/tiles/')),
      'the basemap tiles were requested from the configured server',
    );

    // Opening the outlet from a search centres the map on it: on its GCJ-02 position, where the basemap has it.
    await page.locator('#keyword').fill(outlet.name);
    await page.locator('form.search button').click();
    await page.locator(`#results-list li[data-outlet-id="${outlet.id}"] button`).click();
    await waitForView(page, '#map', 16);
    const center = (await page.locator('#map').getAttribute('data-center')).split(',').map(Number);
    assert.ok(metresBetween(center, drawnAt) < 0.5, `centred at ${center}, GCJ-02 position ${drawnAt}`);
    await screenshot(page, 'basemap-gcj02');
    await assertNoSeriousViolations(page, 'resident map over a basemap');

    // The drawn dot sits at the GCJ-02 position: a tap there opens this outlet's card.
    await page.locator('#outlet-card button', { hasText: '关闭' }).click();
    const at = await mapPixel(page, '#map', drawnAt);
    await page.mouse.click(at.x, at.y);
    await page.locator('#outlet-card:not([hidden]) h2', { hasText: outlet.name }).waitFor();

    // With another format chosen the dot leaves the map; a tap on the same spot sets "my location", and the
    // nearby query carries the outlet's own WGS-84 position.
    const other = await page
      .locator('.chip')
      .evaluateAll(
        (chips, own) => chips.map((chip) => chip.dataset.category).find((id) => id !== 'all' && !own.includes(id)),
        outlet.categoryIds,
      );
    const redrawn = page.waitForResponse(
      (response) => response.url().includes(`/api/outlets?`) && response.url().includes(`category=${other}`),
    );
    await page.locator(`.chip[data-category="${other}"]`).click();
    await redrawn;
    await page.waitForTimeout(300);
    const nearby = page.waitForRequest((request) => request.url().includes('/api/outlets/nearby'));
    await page.mouse.click(at.x, at.y);
    const sent = new URL((await nearby).url());
    const picked = [Number(sent.searchParams.get('lng')), Number(sent.searchParams.get('lat'))];
    assert.ok(metresBetween(picked, outlet.location) < 1.5, `picked ${picked}, outlet at ${outlet.location}`);
    assert.deepEqual(errors, []);
  },
);
