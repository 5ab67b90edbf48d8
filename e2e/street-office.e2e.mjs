// The street office records a field evaluation; a resident answers the survey and the office sees the count rise.
// Runs after merchant-street.e2e.mjs, which made the street office's first-login password change.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiGet,
  apiPost,
  BASE_URL,
  CREDENTIALS,
  launch,
  NEW_PASSWORD,
  newPage,
  screenshot,
  signInAgain,
  skipReason,
} from './helpers.mjs';

const reason = skipReason();
let session;
before(async () => {
  if (reason === null) session = await launch();
});
after(async () => session?.close());

test('a field evaluation the street office records appears in its list as saved', { skip: reason ?? false }, async () => {
  const { page, errors } = await newPage(session.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${BASE_URL}/#/street`);
  await signInAgain(page, CREDENTIALS.street_office.username);
  await page.locator('#evaluation-circle option').first().waitFor({ state: 'attached' });
  const { token, user } = await apiPost('/api/auth/login', {
    username: CREDENTIALS.street_office.username,
    password: NEW_PASSWORD,
  });
  const { circles } = await apiGet('/api/circles');
  const mine = circles.filter((circle) => circle.streetIds.includes(user.streetId)).map((circle) => String(circle.id));
  assert.deepEqual(
    await page.locator('#evaluation-circle option').evaluateAll((options) => options.map((option) => option.value)),
    mine,
    'only circles touching the office’s street are offered',
  );
  const before = (await apiGet('/api/street/evaluations', token)).evaluations.length;

  await page.locator('#evaluation-form input[name="present-breakfast"]').check();
  await page.locator('#evaluation-form input[name="note-breakfast"]').fill('两家早餐店，7 点前开门');
  await page.locator('#evaluation-form textarea[name=notes]').fill('菜场周边人行道需整修');
  await page
    .locator('#evaluation-form input[name=photos]')
    .setInputFiles([{ name: 'market-front.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff]) }]);
  assert.match(await page.locator('#photos-hint').textContent(), /文件名/);
  await screenshot(page, 'street-evaluation-form');
  await page.locator('#evaluation-form button[type=submit]').click();
  await page.locator(`#evaluation-list li[data-evaluation-id]`).nth(before).waitFor();

  const { evaluations } = await apiGet('/api/street/evaluations', token);
  assert.equal(evaluations.length, before + 1);
  const saved = evaluations.find((evaluation) => evaluation.photos.includes('market-front.jpg'));
  assert.deepEqual(saved.photos, ['market-front.jpg']);
  assert.equal(saved.circleId, Number(mine[0]));
  const breakfast = saved.checks.find((check) => check.categoryId === 'breakfast');
  assert.deepEqual([breakfast.isPresent, breakfast.note], [true, '两家早餐店，7 点前开门']);
  assert.equal(saved.checks.filter((check) => check.isPresent).length, 1);
  const item = page.locator(`#evaluation-list li[data-evaluation-id="${saved.id}"]`);
  assert.match(await item.textContent(), /market-front\.jpg/);
  assert.match(await item.textContent(), /菜场周边人行道需整修/);
  await screenshot(page, 'street-evaluations');
  assert.deepEqual(errors, []);
});
