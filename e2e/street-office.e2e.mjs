// The street office records a field evaluation; a resident answers the survey and the office sees the count rise.
// Runs after merchant-street.e2e.mjs (or merchant-edit.e2e.mjs), which made the street office's first-login password change.
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
import { assertNoSeriousViolations } from './axe.mjs';
import { encodePng } from './png.mjs';

const reason = skipReason();
let session;
before(async () => {
  if (reason === null) session = await launch();
});
after(async () => session?.close());

test(
  'a field evaluation the street office records appears in its list as saved, with its photo shown byte for byte',
  { skip: reason ?? false },
  async () => {
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
    // A real photo: a 64 × 48 PNG of our own bytes.
    const png = encodePng(64, 48, (x, y) => [x * 4, y * 5, 128, 255]);
    await page
      .locator('#evaluation-form input[name=photos]')
      .setInputFiles([{ name: 'market-front.png', mimeType: 'image/png', buffer: png }]);
    assert.match(await page.locator('#photos-hint').textContent(), /JPEG、PNG 或 WebP/);
    assert.equal(await page.locator('#photos-problem').textContent(), '');
    await screenshot(page, 'street-evaluation-form');
    await page.locator('#evaluation-form button[type=submit]').click();
    await page.locator(`#evaluation-list li[data-evaluation-id]`).nth(before).waitFor();

    const { evaluations } = await apiGet('/api/street/evaluations', token);
    assert.equal(evaluations.length, before + 1);
    const saved = evaluations.find((evaluation) => evaluation.photos.includes('market-front.png'));
    assert.deepEqual(saved.photos, ['market-front.png']);
    assert.deepEqual(
      saved.uploads.map((photo) => [photo.fileName, photo.mediaType, photo.sizeBytes]),
      [['market-front.png', 'image/png', png.length]],
    );
    assert.equal(saved.circleId, Number(mine[0]));
    const breakfast = saved.checks.find((check) => check.categoryId === 'breakfast');
    assert.deepEqual([breakfast.isPresent, breakfast.note], [true, '两家早餐店，7 点前开门']);
    assert.equal(saved.checks.filter((check) => check.isPresent).length, 1);
    const item = page.locator(`#evaluation-list li[data-evaluation-id="${saved.id}"]`);
    assert.match(await item.textContent(), /market-front\.png/);
    // The photo is shown in the list: the image the page received is the one uploaded, byte for byte.
    const image = item.locator(`img[data-photo-id="${saved.uploads[0].id}"]`);
    await image.evaluate((img) => img.decode());
    assert.deepEqual(await image.evaluate((img) => [img.naturalWidth, img.naturalHeight]), [64, 48]);
    // The bytes behind the image on the page (its object URL) are the uploaded ones.
    const shown = await image.evaluate(async (img) => [...new Uint8Array(await (await fetch(img.src)).arrayBuffer())]);
    assert.ok(Buffer.from(shown).equals(png), 'the image shown has the uploaded bytes');
    const direct = await fetch(`${BASE_URL}/api/street/evaluations/${saved.id}/photos/${saved.uploads[0].id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.ok(Buffer.from(await direct.arrayBuffer()).equals(png));
    assert.equal(direct.headers.get('content-type'), 'image/png');
    assert.match(await item.textContent(), /菜场周边人行道需整修/);
    await screenshot(page, 'street-evaluations');
    await assertNoSeriousViolations(page, 'street desk with evaluations and photos');
    assert.deepEqual(errors, []);
  },
);

test('a resident answers the survey and the street office sees the count rise', { skip: reason ?? false }, async () => {
  const { token, user } = await apiPost('/api/auth/login', {
    username: CREDENTIALS.street_office.username,
    password: NEW_PASSWORD,
  });
  const [survey] = (await apiGet('/api/surveys')).surveys;
  const countBefore = (await apiGet(`/api/street/surveys/${survey.id}/summary`, token)).numResponses;
  const { streets } = await apiGet('/api/streets');
  const street = streets.find((entry) => entry.id === user.streetId);

  const resident = await newPage(session.browser, { viewport: { width: 390, height: 844 } });
  await resident.page.goto(`${BASE_URL}/#/survey`);
  const form = resident.page.locator(`form.survey-form[data-survey-id="${survey.id}"]`);
  await form.waitFor();
  await form.locator('select[name=streetId]').selectOption(String(street.id));
  for (const question of survey.questions) {
    if (question.kind === 'rating') await form.locator(`input[name="${question.id}"][value="4"]`).check();
    else if (question.kind === 'choice') await form.locator(`input[name="${question.id}"]`).first().check();
    else await form.locator(`textarea[name="${question.id}"]`).fill('希望多一些早餐点');
  }
  await screenshot(resident.page, 'resident-survey');
  await assertNoSeriousViolations(resident.page, 'survey');
  await form.locator('button[type=submit]').click();
  await resident.page.locator('#survey-thanks').waitFor();
  assert.deepEqual(resident.errors, []);
  await resident.context.close();

  const office = await newPage(session.browser, { viewport: { width: 1280, height: 900 } });
  await office.page.goto(`${BASE_URL}/#/street`);
  await signInAgain(office.page, CREDENTIALS.street_office.username);
  const summary = office.page.locator(`#street-surveys .survey-summary[data-survey-id="${survey.id}"]`);
  await summary.waitFor();
  assert.equal(Number(await summary.getAttribute('data-responses')), countBefore + 1);
  assert.equal((await apiGet(`/api/street/surveys/${survey.id}/summary`, token)).numResponses, countBefore + 1);
  await summary.scrollIntoViewIfNeeded();
  await screenshot(office.page, 'street-survey-summary');
  await assertNoSeriousViolations(office.page, 'street desk survey summary');
  assert.deepEqual(office.errors, []);
  await office.context.close();
});
