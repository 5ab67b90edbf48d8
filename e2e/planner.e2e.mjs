// A planner looks at the circles' grades and adds a wet market in a what-if.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiGet,
  apiPost,
  BASE_URL,
  CREDENTIALS,
  launch,
  mapPixel,
  mapPosition,
  metresBetween,
  metresPerPixel,
  NEW_PASSWORD,
  newPage,
  screenshot,
  signInAgain,
  signInWithChange,
  skipReason,
  waitForMapDrawn,
  waitForCondition,
} from './helpers.mjs';
import { assertNoSeriousViolations } from './axe.mjs';

const reason = skipReason();
let session;
before(async () => {
  if (reason === null) session = await launch();
});
after(async () => session?.close());

const percent = (share) => `${(share * 100).toFixed(1)}%`;

test('a wet market added in a what-if raises the coverage shown by what the API reports', { skip: reason ?? false }, async () => {
  const { page, errors } = await newPage(session.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${BASE_URL}/#/planner`);
  await signInWithChange(page, CREDENTIALS.commission.username, CREDENTIALS.commission.password);
  await page.locator('#planner-side h2').waitFor();
  assert.match(await page.locator('#planner-side h2').textContent(), /品质型|提升型|基础型|未达标/);
  assert.ok((await waitForMapDrawn(page, '#planner-map')) >= 3, 'the planner map is not blank');
  await screenshot(page, 'planner');
  await assertNoSeriousViolations(page, 'planner dashboard');

  // A tap on a circle shows its portrait.
  const box = await page.locator('#planner-map canvas').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('#portrait').waitFor();

  // The site: the most populous compound of circle 1 that no wet market reaches within its target time.
  const { token } = await apiPost('/api/auth/login', { username: CREDENTIALS.commission.username, password: NEW_PASSWORD });
  const { shortfalls } = await apiGet('/api/planner/circles/1/shortfalls', token);
  const wetMarket = shortfalls.find((shortfall) => shortfall.categoryId === 'wet_market');
  assert.ok(wetMarket && wetMarket.compounds.features.length > 0, 'circle 1 of the demo lacks wet markets');
  const compound = wetMarket.compounds.features.reduce((best, feature) =>
    feature.properties.residents > best.properties.residents ? feature : best,
  );
  const ring = compound.geometry.coordinates[0];
  const location = [0, 1].map(
    (axis) => Math.round((ring.reduce((sum, position) => sum + position[axis], 0) / ring.length) * 1e6) / 1e6,
  );

  const expected = await apiPost(
    '/api/planner/what-if',
    {
      edits: [{ kind: 'add_outlet', name: 'what-if', location, categoryIds: ['wet_market'], openingHours: null }],
      profile: 'adult',
    },
    token,
  );
  const district = expected.district.categories.find((category) => category.categoryId === 'wet_market');
  assert.ok(district && district.shareAfter > district.shareBefore, 'the API says the district gains coverage');

  await page.locator('#whatif-category').selectOption('wet_market');
  await page.locator('#whatif-form input[name=lng]').fill(String(location[0]));
  await page.locator('#whatif-form input[name=lat]').fill(String(location[1]));
  await page.locator('#whatif-form button[type=submit]').click();
  const row = page.locator('#whatif-result tr[data-area=district][data-category-id=wet_market]');
  await row.waitFor();
  assert.equal(Number(await row.getAttribute('data-share-before')), district.shareBefore);
  assert.equal(Number(await row.getAttribute('data-share-after')), district.shareAfter);
  assert.equal(Number(await row.getAttribute('data-residents-change')), district.coveredResidentsChange);
  const cells = await row.locator('td').allTextContents();
  assert.deepEqual(cells.slice(0, 2), [percent(district.shareBefore), percent(district.shareAfter)]);
  assert.match(cells[2], new RegExp(`\\+${((district.shareAfter - district.shareBefore) * 100).toFixed(1)} pp`));
  await screenshot(page, 'planner-what-if');

  // Adding by tapping the map adds a second outlet; the list then holds both, and "undo all" empties it.
  await page.locator('#whatif-mode input[value=add]').check();
  await page.mouse.click(box.x + box.width / 3, box.y + box.height / 3);
  await page.locator('#whatif-edits li[data-kind=add_outlet]').nth(1).waitFor();
  await page.waitForFunction(() => JSON.parse(document.querySelector('#whatif-result').dataset.edits ?? '[]').length === 2);
  await page.locator('#whatif-clear').click();
  await page.locator('#whatif-edits li.empty').waitFor();
  await page.locator('#whatif-mode input[value=inspect]').check();

  // The clicked circle's shortfalls: the same formats as the API, their compounds tinted on the map.
  const circleId = Number(await page.locator('#portrait').getAttribute('data-circle-id'));
  const expectedShortfalls = (await apiGet(`/api/planner/circles/${circleId}/shortfalls`, token)).shortfalls;
  await page.locator('#shortfalls li').first().waitFor();
  assert.deepEqual(
    await page.locator('#shortfalls li').evaluateAll((items) => items.map((item) => item.dataset.categoryId)),
    expectedShortfalls.map((shortfall) => shortfall.categoryId),
  );
  const evaluation = await apiGet('/api/planner/evaluation', token);
  const circleShares = evaluation.circles.find((circle) => circle.id === circleId).categories;
  assert.deepEqual(
    await page.locator('#planner-side svg .bar').evaluateAll((bars) => bars.map((bar) => Number(bar.dataset.share))),
    circleShares.map((category) => category.share),
    'the chart draws one bar per format with the evaluation’s share',
  );
  await screenshot(page, 'planner-shortfalls');
  await assertNoSeriousViolations(page, 'planner portrait and shortfalls');

  // Recommended sites: numbered markers and the residents each adds, as the API answers.
  const recommendation = await apiPost('/api/planner/recommendations', { categoryId: 'wet_market', k: 3 }, token);
  await page.locator('#recommend-category').selectOption('wet_market');
  await page.locator('#recommend-form input[name=k]').fill('3');
  await page.locator('#recommend-form button[type=submit]').click();
  await page.locator('#recommend-result .site-list li').first().waitFor();
  assert.equal(await page.locator('#planner-map .site-marker').count(), recommendation.sites.length);
  assert.deepEqual(
    await page.locator('#recommend-result .site-list li').evaluateAll((items) => items.map((item) => Number(item.dataset.gain))),
    recommendation.sites.map((site) => site.gainResidents),
  );
  assert.ok((await waitForMapDrawn(page, '#planner-map')) >= 3, 'the planner map is not blank');
  await screenshot(page, 'planner-recommendations');

  // The walking-time surface of breakfast at the elderly pace: the residents within target equal the API's.
  await page.locator('#surface-category').selectOption('breakfast');
  await page.locator('#surface-profile').selectOption('elderly');
  await page.locator('#surface-show').click();
  await waitForCondition(page, 'document.querySelector("#surface-result").dataset.within !== undefined');
  const surface = await apiGet('/api/planner/surface?category=breakfast&profile=elderly', token);
  const within = surface.features.filter((f) => f.properties.isWithinTarget).reduce((sum, f) => sum + f.properties.residents, 0);
  assert.equal(Number(await page.locator('#surface-result').getAttribute('data-within')), within);
  assert.equal(Number(await page.locator('#surface-result').getAttribute('data-features')), surface.features.length);
  assert.ok((await waitForMapDrawn(page, '#planner-map')) >= 3, 'the surface map is not blank');
  await screenshot(page, 'planner-surface');

  // The proposed delineation beside a diagnosis of every existing circle.
  await page.locator('#delineation-run').click();
  await page.locator('#diagnosis tbody tr').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#diagnosis tbody tr').count(), evaluation.circles.filter((c) => c.id !== null).length);
  assert.ok(Number(await page.locator('#proposed-count').getAttribute('data-count')) > 0);
  await screenshot(page, 'planner-delineation');

  // A report downloads with the token.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#reports button[data-path$="district.pdf"]').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'district-report.pdf');
  assert.deepEqual(errors, []);
});

/** The rows of the what-if table as the page shows them: area, circle, format and the three figures. */
async function shownRows(page) {
  return page.locator('#whatif-result tr[data-area]').evaluateAll((rows) =>
    rows.map((row) => ({
      area: row.dataset.area,
      circleId: row.dataset.circleId === undefined ? null : Number(row.dataset.circleId),
      categoryId: row.dataset.categoryId,
      shareBefore: Number(row.dataset.shareBefore),
      shareAfter: Number(row.dataset.shareAfter),
      residentsChange: Number(row.dataset.residentsChange),
    })),
  );
}

/** The same rows from the API's what-if answer, for the formats `categoryIds` (districts with no change keep `now`). */
function expectedRows(answer, categoryIds, now) {
  const rows = [];
  for (const categoryId of categoryIds) {
    const district = answer.district.categories.find((entry) => entry.categoryId === categoryId);
    rows.push({
      area: 'district',
      circleId: null,
      categoryId,
      shareBefore: district?.shareBefore ?? now,
      shareAfter: district?.shareAfter ?? now,
      residentsChange: district?.coveredResidentsChange ?? 0,
    });
    for (const circle of answer.circles) {
      const change = circle.categories.find((entry) => entry.categoryId === categoryId);
      if (change === undefined) continue;
      rows.push({
        area: 'circle',
        circleId: circle.circleId,
        categoryId,
        shareBefore: change.shareBefore,
        shareAfter: change.shareAfter,
        residentsChange: change.coveredResidentsChange,
      });
    }
  }
  return rows;
}

test(
  'removing a wet market on the map lowers its circle’s coverage by what the API reports, and dragging one moves it by the API’s figures',
  { skip: reason ?? false },
  async () => {
    const { page, errors } = await newPage(session.browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${BASE_URL}/#/planner`);
    await signInAgain(page, CREDENTIALS.commission.username);
    await page.locator('#planner-side h2').waitFor();
    const { token } = await apiPost('/api/auth/login', { username: CREDENTIALS.commission.username, password: NEW_PASSWORD });
    const evaluation = await apiGet('/api/planner/evaluation', token);
    const now = evaluation.district.categories.find((category) => category.categoryId === 'wet_market').share;

    const drawn = page.waitForResponse(
      (response) => response.url().includes('/api/outlets?') && response.url().includes('wet_market'),
    );
    await page.locator('#whatif-category').selectOption('wet_market');
    await drawn;
    await page.waitForTimeout(300);
    assert.ok((await waitForMapDrawn(page, '#planner-map')) >= 3);

    // A wet market on screen, alone within 400 m (so a tap hits only it), whose removal leaves residents uncovered.
    const { items } = await apiGet('/api/outlets?category=wet_market&limit=500');
    const box = await page.locator('#planner-map canvas').boundingBox();
    let outlet;
    let removal;
    for (const candidate of items) {
      const at = await mapPixel(page, '#planner-map', candidate.location);
      const onScreen = at.x > box.x + 40 && at.x < box.x + box.width - 120 && at.y > box.y + 80 && at.y < box.y + box.height - 80;
      const alone = items.every((other) => other.id === candidate.id || metresBetween(other.location, candidate.location) > 400);
      if (!onScreen || !alone) continue;
      const answer = await apiPost(
        '/api/planner/what-if',
        { edits: [{ kind: 'remove_outlet', outletId: candidate.id }], profile: 'adult' },
        token,
      );
      if (
        answer.circles.some((circle) =>
          circle.categories.some((c) => c.categoryId === 'wet_market' && c.coveredResidentsChange < 0),
        )
      ) {
        outlet = candidate;
        removal = answer;
        break;
      }
    }
    assert.ok(outlet, 'a lone wet market whose removal lowers a circle’s coverage');

    // Remove it with a tap.
    await page.locator('#whatif-mode input[value=remove]').check();
    const at = await mapPixel(page, '#planner-map', outlet.location);
    await page.mouse.click(at.x, at.y);
    await page.locator(`#whatif-edits li[data-kind=remove_outlet][data-outlet-id="${outlet.id}"]`).waitFor();
    await page.waitForFunction(() => document.querySelector('#whatif-result').dataset.edits !== undefined);
    assert.deepEqual(JSON.parse(await page.locator('#whatif-result').getAttribute('data-edits')), [
      { kind: 'remove_outlet', outletId: outlet.id },
    ]);
    const removed = await shownRows(page);
    assert.deepEqual(removed, expectedRows(removal, ['wet_market'], now));
    const lowered = removed.filter((row) => row.area === 'circle');
    assert.ok(lowered.length > 0 && lowered.every((row) => row.shareAfter < row.shareBefore && row.residentsChange < 0));
    await screenshot(page, 'planner-what-if-remove');
    await assertNoSeriousViolations(page, 'planner what-if edits');

    // Undo from the list with the keyboard: the list empties and the figures go.
    await page.locator('#whatif-edits button.undo').focus();
    await page.keyboard.press('Enter');
    await page.locator('#whatif-edits li.empty').waitFor();
    assert.equal(await page.locator('#whatif-result tr[data-area]').count(), 0);

    // Drag it 80 px right and 50 px down.
    await page.locator('#whatif-mode input[value=move]').check();
    const drop = { x: at.x + 80, y: at.y + 50 };
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + 30, at.y + 20, { steps: 5 });
    await page.mouse.move(drop.x, drop.y, { steps: 10 });
    await page.mouse.up();
    const moveItem = page.locator(`#whatif-edits li[data-kind=move_outlet][data-outlet-id="${outlet.id}"]`);
    await moveItem.waitFor();
    await page.waitForFunction(() => document.querySelector('#whatif-result').dataset.edits !== undefined);
    const movedTo = (await moveItem.getAttribute('data-location')).split(',').map(Number);
    const aimedAt = await mapPosition(page, '#planner-map', drop);
    const tolerance = 1.5 * (await metresPerPixel(page, '#planner-map'));
    assert.ok(metresBetween(movedTo, aimedAt) < tolerance, `moved to ${movedTo}, dropped at ${aimedAt} (±${tolerance} m)`);
    const edits = JSON.parse(await page.locator('#whatif-result').getAttribute('data-edits'));
    assert.deepEqual(edits, [{ kind: 'move_outlet', outletId: outlet.id, location: movedTo }]);
    const move = await apiPost('/api/planner/what-if', { edits, profile: 'adult' }, token);
    assert.deepEqual(await shownRows(page), expectedRows(move, ['wet_market'], now));
    await screenshot(page, 'planner-what-if-move');
    assert.deepEqual(errors, []);
  },
);
