// A resident, in elderly mode on a phone, finds the nearest breakfast shop open at 07:00.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiGet,
  BASE_URL,
  chinaToday,
  launch,
  metresBetween,
  newPage,
  screenshot,
  skipReason,
  waitForMapDrawn,
  waitForCondition,
  waitForView,
} from './helpers.mjs';
import { assertNoSeriousViolations } from './axe.mjs';

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
    await assertNoSeriousViolations(page, 'resident map, elderly mode');

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
    await assertNoSeriousViolations(page, 'outlet card, elderly mode');

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
  assert.ok((await waitForMapDrawn(page, '#map')) >= 3);
  await assertNoSeriousViolations(page, 'resident map');
  assert.doesNotMatch(await page.locator('.maplibregl-ctrl-attrib').textContent(), /OpenStreetMap/);
  await page.locator('#lang-toggle').click();
  await page.locator('.chip[data-category=breakfast]', { hasText: 'Breakfast' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
  await page.locator('#keyword').fill('bld');
  await page.locator('form.search button').click();
  await page.locator('#results-list li').first().waitFor();
  assert.ok((await waitForMapDrawn(page, '#map')) >= 3, 'the map canvas is not blank');
  await screenshot(page, 'resident-desktop-en');
  await assertNoSeriousViolations(page, 'resident map in English');
  assert.deepEqual(errors, []);
});

/** The focused element, and whether its focus is visible: an outline of 2 px or more, or a box shadow. */
function focusState() {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    id: element.id,
    className: typeof element.className === 'string' ? element.className : '',
    category: element.dataset?.category ?? null,
    outletId: element.closest('[data-outlet-id]')?.dataset.outletId ?? null,
    text: element.textContent.trim().slice(0, 40),
    isVisible:
      box.width > 0 &&
      box.height > 0 &&
      ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none'),
  };
}

test(
  'with the keyboard alone a resident reaches the card of the nearest breakfast shop, the focus always visible',
  { skip: reason ?? false },
  async () => {
    const { page, errors } = await newPage(session.browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${BASE_URL}/#/`);
    assert.ok((await waitForMapDrawn(page, '#map')) >= 3);
    const visited = [];
    /** Presses Tab until `isTarget(focus)`, checking at every stop that the focus can be seen. */
    const tabTo = async (isTarget, what) => {
      for (let stop = 0; stop < 40; stop++) {
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(focusState);
        visited.push(focus.id || focus.className || focus.text);
        assert.ok(focus.isVisible, `the focus on ${JSON.stringify(focus)} is visible`);
        if (isTarget(focus)) return focus;
      }
      throw new Error(`Tab never reached ${what}: ${visited.join(' → ')}`);
    };

    // The format chips are one Tab stop, on the chosen format; arrow keys move along them.
    const chip = await tabTo((focus) => focus.className.includes('chip'), 'the format chips');
    assert.equal(chip.category, 'breakfast');
    await page.keyboard.press('ArrowRight');
    assert.notEqual((await page.evaluate(focusState)).category, 'breakfast');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await page.evaluate(focusState)).category, 'breakfast');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.chip[data-category=breakfast]').getAttribute('aria-pressed'), 'true');

    // The map: arrow keys pan it, Enter makes its middle my location.
    await tabTo((focus) => focus.className.includes('maplibregl-canvas'), 'the map');
    const centerBefore = await page.locator('#map').getAttribute('data-center');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((before) => document.querySelector('#map').dataset.center !== before, centerBefore);
    await waitForView(page, '#map');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.locator('#results-list li').first().waitFor();
    await page.waitForFunction(() => document.querySelector('#results-list').getAttribute('aria-busy') === null);
    const origin = (await page.locator('#results-list').getAttribute('data-origin')).split(',').map(Number);
    const center = (await page.locator('#map').getAttribute('data-center')).split(',').map(Number);
    assert.ok(metresBetween(origin, center) < 1, `my location ${origin} is the map's middle ${center}`);
    const { results } = await apiGet(
      `/api/outlets/nearby?lng=${origin[0]}&lat=${origin[1]}&category=breakfast&profile=adult&limit=50`,
    );
    const nearest = results[0];
    assert.ok(nearest, 'a breakfast shop within a 15-minute walk of the middle');
    // The results are announced: the status line is a polite live region naming the nearest.
    const live = page.locator('.panel [role=status]');
    assert.equal(await live.getAttribute('aria-live'), 'polite');
    assert.match(
      await live.textContent(),
      new RegExp(`${nearest.name.replace(/[()（）.*+?[\]]/g, '.')}，步行 ${nearest.walkMinutes} 分钟`),
    );

    // Tab on to the first result, Enter opens its card and the card's title takes the focus.
    const row = await tabTo((focus) => focus.outletId !== null, 'the results list');
    assert.equal(Number(row.outletId), nearest.id, 'the first result reached is the nearest breakfast shop');
    await page.keyboard.press('Enter');
    await page.locator('#outlet-card:not([hidden]) h2').waitFor();
    const title = await page.evaluate(focusState);
    assert.equal(title.id, 'outlet-card-title');
    assert.equal(title.text, nearest.name);
    assert.ok(title.isVisible, 'the card title shows its focus');
    await screenshot(page, 'resident-keyboard');
    await assertNoSeriousViolations(page, 'outlet card');
    assert.deepEqual(errors, []);
  },
);
