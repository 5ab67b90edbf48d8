// A resident finds home by a compound's name and prints the large-print sheet of services within 15 minutes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiGet, BASE_URL, launch, newPage, screenshot, skipReason, waitForMapDrawn, waitForCondition } from './helpers.mjs';
import { assertNoSeriousViolations } from './axe.mjs';

const reason = skipReason();
let session;
before(async () => {
  if (reason === null) session = await launch();
});
after(async () => session?.close());

test(
  'the print sheet lists the outlets the API finds within 15 minutes at the elderly pace',
  { skip: reason ?? false },
  async () => {
    // A compound of the demo district with a name, as the API serves them.
    const { districts } = await apiGet('/api/districts');
    const ring = districts[0].boundary.coordinates[0];
    const lngs = ring.map((position) => position[0]);
    const lats = ring.map((position) => position[1]);
    const middle = [(Math.min(...lngs) + Math.max(...lngs)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
    const bbox = [middle[0] - 0.005, middle[1] - 0.005, middle[0] + 0.005, middle[1] + 0.005].join(',');
    const compound = (await apiGet(`/api/map/compounds?bbox=${bbox}`)).features.find((feature) => feature.properties.name);
    assert.ok(compound, 'the middle of the demo district has a named compound');

    const { page, errors } = await newPage(session.browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${BASE_URL}/#/`);
    assert.ok((await waitForMapDrawn(page, '#map')) >= 3, 'the resident map is not blank');
    await page.locator('#compound-name').fill(compound.properties.name);
    await page.locator('#compound-form button[type=submit]').click();
    // Several compounds may share a name: take the first offered and check its middle from the API's outline.
    const match = page.locator('#compound-matches button[data-compound-id]').first();
    const matchId = Number(await match.getAttribute('data-compound-id'));
    assert.equal(await match.textContent(), compound.properties.name);
    await match.click();
    const districtBbox = [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)].join(',');
    const picked = (await apiGet(`/api/map/compounds?bbox=${districtBbox}`)).features.find(
      (feature) => feature.properties.id === matchId,
    );
    await waitForCondition(page, `document.querySelector('#results-list').dataset.origin !== undefined`);
    const origin = (await page.locator('#results-list').getAttribute('data-origin')).split(',').map(Number);
    const outer = picked.geometry.type === 'Point' ? [picked.geometry.coordinates] : picked.geometry.coordinates[0];
    const expectedOrigin = [0, 1].map(
      (axis) => Math.round((outer.reduce((sum, position) => sum + position[axis], 0) / outer.length) * 1e6) / 1e6,
    );
    assert.deepEqual(origin, expectedOrigin, 'my location is the compound’s middle');
    await screenshot(page, 'resident-compound-search');
    await assertNoSeriousViolations(page, 'compound search');

    const href = await page.locator('#print-link').getAttribute('href');
    assert.equal(href, `#/print?lng=${origin[0]}&lat=${origin[1]}`);
    await page.locator('#print-link').click();
    await page.locator('#print-body .print-group').first().waitFor();

    const { results } = await apiGet(
      `/api/outlets/nearby?lng=${origin[0]}&lat=${origin[1]}&profile=elderly&maxMinutes=15&limit=100`,
    );
    assert.ok(results.length > 0);
    const listed = await page
      .locator('#print-body tr[data-outlet-id]')
      .evaluateAll((rows) => rows.map((row) => Number(row.dataset.outletId)));
    assert.deepEqual(
      [...listed].sort((a, b) => a - b),
      results.map((outlet) => outlet.id).sort((a, b) => a - b),
    );
    const first = results[0];
    const row = page.locator(`#print-body tr[data-outlet-id="${first.id}"]`);
    assert.match(await row.locator('.walk').textContent(), new RegExp(`${Math.round(first.walkMinutes)} 分钟`));
    assert.equal(await row.locator('td').nth(2).textContent(), first.phone ?? '—');

    // Print CSS: the sheet's text is at least 16 pt (21.33 px) when printed, on A4.
    await page.emulateMedia({ media: 'print' });
    const sizePx = await page
      .locator('#print-body td')
      .first()
      .evaluate((cell) => parseFloat(cell.ownerDocument.defaultView.getComputedStyle(cell).fontSize));
    assert.ok(sizePx >= (16 * 96) / 72 - 0.01, `printed text is ${sizePx}px`);
    assert.equal(await page.locator('.top-bar').isVisible(), false);
    await screenshot(page, 'print-sheet');
    await assertNoSeriousViolations(page, 'print sheet');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    assert.ok(pdf.length > 1000);
    assert.deepEqual(errors, []);
  },
);
