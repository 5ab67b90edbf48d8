// A resident, in elderly mode on a phone, finds the nearest breakfast shop open at 07:00.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiGet,
  BASE_URL,
  chinaToday,
  launch,
  newPage,
  screenshot,
  skipReason,
  waitForMapDrawn,
  waitForCondition,
} from './helpers.mjs';

const reason = skipReason();
let session;
before(async () => {
  if (reason === null) session = await launch();
});
after(async () => session?.close());

test(
  'in elderly mode the nearest breakfast shop open at 07:00 shows the walking minutes the API gives',
  { skip: reason ?? false },
  async () => {
    const { page, errors } = await newPage(session.browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${BASE_URL}/#/`);
    await page.locator('#elderly-toggle').click();
    assert.equal(await page.locator('#elderly-toggle').getAttribute('aria-pressed'), 'true');

    // Large type and big touch targets.
    const baseSize = await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)');
    assert.ok(baseSize >= 20, `base font ${baseSize}px`);
    const chip = page.locator('.chip[data-category=breakfast]');
    assert.ok((await chip.boundingBox()).height >= 48, 'chips are at least 48 px high');
    assert.equal(await chip.getAttribute('aria-pressed'), 'true', 'breakfast is the first choice');

    assert.ok((await waitForMapDrawn(page, '#map')) >= 3, 'the map canvas is not blank');
    await screenshot(page, 'resident-elderly');

    await page.locator('#open-filter').selectOption('at');
    await page.locator('#open-time').fill('07:00');
    await page.locator('#open-time').dispatchEvent('change');

    // "My location": tap the middle of the map.
    await page.locator('#map').scrollIntoViewIfNeeded();
    const box = await page.locator('#map canvas').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const first = page.locator('#results-list li').first();
    await first.waitFor();
    await waitForCondition(page, 'document.querySelector("#results-list").getAttribute("aria-busy") === null');

    const [lng, lat] = (await page.locator('#results-list').getAttribute('data-origin')).split(',').map(Number);
    assert.equal(await page.locator('#results-list').getAttribute('data-profile'), 'elderly');
    const shownId = Number(await first.getAttribute('data-outlet-id'));
    const shownMinutes = Number(await first.locator('.walk-minutes').textContent());

    // The API's answer for the same point: elderly speed, breakfast, open at 07:00 today (China time).
    const nearby = await apiGet(`/api/outlets/nearby?lng=${lng}&lat=${lat}&category=breakfast&profile=elderly&limit=50`);
    const bbox = [lng - 0.03, lat - 0.03, lng + 0.03, lat + 0.03].map((value) => value.toFixed(5)).join(',');
    const open = await apiGet(`/api/outlets?category=breakfast&openAt=${chinaToday()}T07:00&bbox=${bbox}&limit=500`);
    const openIds = new Set(open.items.map((outlet) => outlet.id));
    const expected = nearby.results.find((outlet) => openIds.has(outlet.id));
    assert.ok(expected, 'the API finds an open breakfast shop near the middle of the demo district');
    assert.equal(shownId, expected.id);
    assert.equal(shownMinutes, expected.walkMinutes);
    assert.equal(nearby.speedMps, 0.8, 'the elderly profile walks slower than adults');

    await first.locator('button').click();
    await page.locator('#outlet-card h2').waitFor();
    assert.equal(await page.locator('#outlet-card h2').textContent(), expected.name);
    // The walking route is drawn, with the same minutes as the list and the API.
    await waitForCondition(page, 'document.querySelector("#outlet-card").dataset.routeMinutes !== undefined');
    assert.equal(Number(await page.locator('#outlet-card').getAttribute('data-route-minutes')), expected.walkMinutes);
    await screenshot(page, 'resident-card');

    // Report wrong information, then ask for a missing service at the same spot: the app thanks only after a 201.
    await page.locator('#outlet-card button', { hasText: '报告信息有误' }).click();
    await page.locator('#outlet-card [role=status]', { hasText: '谢谢' }).waitFor();
    await page.locator('.results button', { hasText: '提出需求' }).click();
    await page.locator('.request-box input[name=need]').fill('早餐店');
    await page.locator('.request-box button[type=submit]').click();
    await page.locator('.request-box [role=status]', { hasText: '谢谢' }).waitFor();
    assert.deepEqual(errors, []);
  },
);

test('the map shows demo-data attribution and the English switch translates the page', { skip: reason ?? false }, async () => {
  const { page, errors } = await newPage(session.browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(`${BASE_URL}/#/`);
  await page.locator('.maplibregl-ctrl-attrib').waitFor();
  assert.match(await page.locator('.maplibregl-ctrl-attrib').textContent(), /演示数据/);
  assert.doesNotMatch(await page.locator('.maplibregl-ctrl-attrib').textContent(), /OpenStreetMap/);
  await page.locator('#lang-toggle').click();
  await page.locator('.chip[data-category=breakfast]', { hasText: 'Breakfast' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
  await page.locator('#keyword').fill('bld');
  await page.locator('form.search button').click();
  await page.locator('#results-list li').first().waitFor();
  assert.ok((await waitForMapDrawn(page, '#map')) >= 3, 'the map canvas is not blank');
  await screenshot(page, 'resident-desktop-en');
  assert.deepEqual(errors, []);
});
