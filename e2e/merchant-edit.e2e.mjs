// A merchant edits its approved listing (hours with the editor, position by dragging the marker): it goes back to
// review with the new values, and once approved again nearby search follows the new hours. A rejected listing
// shows its reason and goes back to review once fixed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  accountToken,
  apiGet,
  apiPost,
  BASE_URL,
  caoyangMiddle,
  chinaToday,
  launch,
  mapPosition,
  metresBetween,
  NEW_PASSWORD,
  newPage,
  screenshot,
  skipReason,
  waitForMapDrawn,
  waitForView,
} from './helpers.mjs';
import { assertNoSeriousViolations } from './axe.mjs';

const reason = skipReason();
let session;
before(async () => {
  if (reason === null) session = await launch();
});
after(async () => session?.close());

/** A new merchant signs up through the merchant page's form (and is signed in). */
async function signUp(page, username, merchantName) {
  await page.goto(`${BASE_URL}/#/merchant`);
  await page.locator('#signup-form input[name=signupUsername]').fill(username);
  await page.locator('#signup-form input[name=signupPassword]').fill(NEW_PASSWORD);
  await page.locator('#signup-form input[name=merchantName]').fill(merchantName);
  await page.locator('#signup-form button[type=submit]').click();
}

/** Polls `check` (up to 5 s) until it returns true: the router takes a moment to follow a review. */
async function eventually(check) {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

test(
  'an approved listing edited by its merchant goes back to review with the new hours and position, and nearby search follows them once approved',
  { skip: reason ?? false },
  async (t) => {
    const start = await caoyangMiddle();
    const suffix = Date.now() % 1_000_000;
    const name = `修改测试早餐${suffix}`;
    const officeToken = await accountToken('street_office');

    // A new merchant signs up in the app and registers an outlet.
    const merchant = await newPage(session.browser, { viewport: { width: 1280, height: 900 } });
    const { page } = merchant;
    await signUp(page, `edit_${suffix}`, `修改测试商户${suffix}`);
    const form = page.locator('#outlet-form');
    const editor = page.locator('#hours-editor');
    await editor.waitFor();
    await form.locator('input[name=name]').fill(name);
    await form.locator('input[name=category][value=breakfast]').check();
    await editor.locator('input[name=openingHours]').fill('Mo-Su 06:00-10:00');
    await form.locator('input[name=services]').fill('豆浆，油条');
    await form.locator('input[name=lng]').fill(String(start[0]));
    await form.locator('input[name=lat]').fill(String(start[1]));
    await form.locator('button[type=submit]').click();
    const row = page.locator('#my-outlets li', { hasText: name });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'pending');
    const merchantToken = await page.evaluate("sessionStorage.getItem('lc_token')");
    const stored = async () =>
      (await apiGet('/api/merchant/outlets', merchantToken)).outlets.find((outlet) => outlet.name.startsWith(name));
    const id = (await stored()).id;

    // The street office approves it; the merchant sees it live.
    await apiPost(`/api/street/outlets/${id}/review`, { decision: 'approve' }, officeToken);
    await page.reload();
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'active');

    // The edit action, by keyboard: the form opens filled, the focus on its title, the hours back in the toggles.
    await row.locator('button.edit').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'outlet-form-title');
    assert.match(await page.locator('#outlet-form-title').textContent(), new RegExp(`修改网点 · ${name}`));
    assert.equal(await form.getAttribute('data-editing'), String(id));
    assert.equal(await form.locator('input[name=name]').inputValue(), name);
    assert.ok(await form.locator('input[name=category][value=breakfast]').isChecked());
    assert.equal(await form.locator('input[name=services]').inputValue(), '豆浆，油条');
    assert.equal(await form.locator('button[type=submit]').textContent(), '保存修改');
    const group = (g) => editor.locator(`.hour-group[data-group="${g}"]`);
    await page.waitForFunction(() => document.querySelector('#opening-hours')?.value === 'Mo-Su 06:00-10:00');
    assert.deepEqual(
      await group(0)
        .locator('button.day')
        .evaluateAll((days) => days.map((day) => day.getAttribute('aria-pressed'))),
      Array(7).fill('true'),
      'every day is pressed in the first group',
    );
    assert.equal(await group(0).locator('input[name="from-0-0"]').inputValue(), '06:00');
    assert.equal(await group(0).locator('input[name="to-0-0"]').inputValue(), '10:00');
    assert.equal(await editor.locator('fieldset.hours-builder').isDisabled(), false);

    // New hours with the editor: weekdays 07:00–12:00, weekends 15:00–19:00.
    for (const day of ['Sa', 'Su']) await group(0).locator(`button.day[data-day=${day}]`).click();
    await group(0).locator('input[name="from-0-0"]').fill('07:00');
    await group(0).locator('input[name="to-0-0"]').fill('12:00');
    await editor.locator('#hours-add-group').click();
    for (const day of ['Sa', 'Su']) await group(1).locator(`button.day[data-day=${day}]`).click();
    await group(1).locator('input[name="from-1-0"]').fill('15:00');
    await group(1).locator('input[name="to-1-0"]').fill('19:00');
    const newHours = 'Mo-Fr 07:00-12:00; Sa,Su 15:00-19:00';
    assert.equal(await editor.locator('input[name=openingHours]').inputValue(), newHours);
    assert.equal(await editor.locator('#hours-words').textContent(), '周一至周五 07:00–12:00；周六、周日 15:00–19:00');

    // The picker shows the listing closely, its marker where the listing is.
    await waitForView(page, '#picker-map', 17);
    assert.ok((await waitForMapDrawn(page, '#picker-map')) >= 3, 'the picker map is not blank');
    const marker = page.locator('#picker-marker');
    await marker.scrollIntoViewIfNeeded();
    const markerBox = await marker.boundingBox();
    const markerAt = await mapPosition(page, '#picker-map', {
      x: markerBox.x + markerBox.width / 2,
      y: markerBox.y + markerBox.height / 2,
    });
    assert.ok(metresBetween(markerAt, start) < 1, `the marker stands on the listing (${markerAt} vs ${start})`);

    // Arrow keys nudge the focused marker east and back.
    const coords = async () => [
      Number(await form.locator('input[name=lng]').inputValue()),
      Number(await form.locator('input[name=lat]').inputValue()),
    ];
    await marker.focus();
    await page.keyboard.press('ArrowRight');
    const nudged = await coords();
    assert.ok(nudged[0] > start[0] && Math.abs(nudged[1] - start[1]) <= 1e-6, `ArrowRight moves east: ${nudged}`);
    await page.keyboard.press('ArrowLeft');
    assert.ok(metresBetween(await coords(), start) < 0.5, 'ArrowLeft moves it back');

    // The marker dragged to a new place: the position is where the map's projection puts the drop.
    const viewBefore = await page.locator('#picker-map').getAttribute('data-center');
    const box = await marker.boundingBox();
    const grab = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
    const drop = { x: grab.x + 90, y: grab.y - 60 };
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x + 20, grab.y - 10, { steps: 4 });
    await page.mouse.move(drop.x, drop.y, { steps: 10 });
    await page.mouse.up();
    assert.equal(await page.locator('#picker-map').getAttribute('data-center'), viewBefore, 'dragging the marker does not pan');
    const droppedAt = await mapPosition(page, '#picker-map', drop);
    const picked = await coords();
    assert.ok(metresBetween(picked, droppedAt) < 1, `picked ${picked}, dropped at ${droppedAt}`);
    assert.ok(metresBetween(picked, start) > 30, 'the listing moved');

    await form.scrollIntoViewIfNeeded();
    await screenshot(page, 'merchant-edit');
    await assertNoSeriousViolations(page, 'merchant edit form');

    // Saved: back in review (a new position is reviewed again), the list says so and takes the focus.
    await form.locator('button[type=submit]').click();
    await page.locator(`#my-outlets li[data-outlet-id="${id}"][data-status=pending]`).waitFor();
    await page.waitForFunction((outletId) => document.activeElement?.dataset?.outletId === String(outletId), id);
    assert.match(await page.locator('#my-outlets-status').textContent(), /等待街道审核/);
    assert.equal(await form.getAttribute('data-editing'), null, 'the form is back to a new listing');
    const edited = await stored();
    assert.equal(edited.status, 'pending');
    assert.equal(edited.openingHours, newHours);
    const dropErrorM = metresBetween(edited.location, droppedAt);
    t.diagnostic(
      `stored position ${dropErrorM.toFixed(2)} m from the drop, ${metresBetween(edited.location, start).toFixed(1)} m moved`,
    );
    assert.ok(dropErrorM < 1, `stored ${edited.location}, dropped at ${droppedAt}`);
    assert.deepEqual(edited.services, ['豆浆', '油条'], 'fields left alone are kept');
    assert.equal((await apiGet(`/api/outlets?keyword=${encodeURIComponent(name)}`)).total, 0, 'not public while in review');

    // Approved again: nearby search from its new doorstep finds it exactly when the new hours say it is open.
    await apiPost(`/api/street/outlets/${id}/review`, { decision: 'approve' }, officeToken);
    const weekday = (new Date(`${chinaToday()}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    const cases = [
      ['06:30', false], // open under the old hours only
      ['11:00', weekday < 5],
      ['16:00', weekday >= 5],
      ['20:00', false],
    ];
    const [lng, lat] = edited.location;
    const nearbyAt = async (time) =>
      (
        await apiGet(`/api/outlets/nearby?lng=${lng}&lat=${lat}&category=breakfast&limit=20&openAt=${chinaToday()}T${time}`)
      ).results.some((outlet) => outlet.id === id);
    const anyTime = async () =>
      (await apiGet(`/api/outlets/nearby?lng=${lng}&lat=${lat}&category=breakfast&limit=5`)).results[0]?.id === id;
    assert.ok(await eventually(anyTime), 'nearest of all from its new doorstep once approved');
    for (const [time, isOpen] of cases) assert.equal(await nearbyAt(time), isOpen, `${time} on weekday ${weekday}`);
    assert.deepEqual(merchant.errors, []);
  },
);

test('a rejected listing shows its reason, and after the fix it goes back to review', { skip: reason ?? false }, async () => {
  const start = await caoyangMiddle();
  const suffix = Date.now() % 1_000_000;
  const officeToken = await accountToken('street_office');
  const merchant = await newPage(session.browser, { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true });
  const { page } = merchant;
  await signUp(page, `reject_${suffix}`, `退回测试商户${suffix}`);
  const form = page.locator('#outlet-form');
  await page.locator('#hours-editor').waitFor();
  const wrongName = `退回测试${suffix}号`;
  await form.locator('input[name=name]').fill(wrongName);
  await form.locator('input[name=category][value=repair_point]').check();
  await form.locator('input[name=lng]').fill(String(start[0]));
  await form.locator('input[name=lat]').fill(String(start[1]));
  await form.locator('button[type=submit]').click();
  await page.locator('#my-outlets li', { hasText: wrongName }).waitFor();
  const merchantToken = await page.evaluate("sessionStorage.getItem('lc_token')");
  const listing = async () => (await apiGet('/api/merchant/outlets', merchantToken)).outlets[0];
  const { id } = await listing();

  const rejectReason = '名称与门头招牌不符';
  await apiPost(`/api/street/outlets/${id}/review`, { decision: 'reject', reason: rejectReason }, officeToken);
  await page.reload();
  const row = page.locator(`#my-outlets li[data-outlet-id="${id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'rejected');
  assert.match(await row.locator('.reject-reason').textContent(), new RegExp(rejectReason));

  // The form says why, and saving resubmits.
  await row.locator('button.edit').click();
  const note = page.locator('#edit-note');
  assert.match(await note.textContent(), new RegExp(`未通过.*${rejectReason}`));
  assert.equal(await form.locator('button[type=submit]').textContent(), '修改并重新提交审核');
  await assertNoSeriousViolations(page, 'merchant edit form of a rejected listing');
  // The same in English.
  await page.locator('#lang-toggle').click();
  await row.locator('button.edit', { hasText: 'Edit' }).click();
  assert.match(await note.textContent(), new RegExp(`Rejected.*Reason for rejecting: ${rejectReason}`));
  assert.equal(await form.locator('button[type=submit]').textContent(), 'Save and resubmit for review');
  await assertNoSeriousViolations(page, 'merchant edit form of a rejected listing, in English');
  // Saving an unchanged form sends nothing.
  await form.locator('button[type=submit]').click();
  await form.locator('.status', { hasText: 'Nothing has changed' }).waitFor();
  const fixedName = `退回测试修鞋铺${suffix}`;
  await form.locator('input[name=name]').fill(fixedName);
  await form.locator('button[type=submit]').click();
  await page.locator(`#my-outlets li[data-outlet-id="${id}"][data-status=pending]`).waitFor();
  assert.equal(await row.locator('.reject-reason').count(), 0, 'the old reason is gone');
  const fixed = await listing();
  assert.deepEqual([fixed.name, fixed.status, fixed.rejectReason], [fixedName, 'pending', null]);
  assert.deepEqual(fixed.location, start, 'the position was not touched');
  assert.deepEqual(merchant.errors, []);
});
