import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StraightLineTestRouter, tinyApp } from './testing/index.js';

describe('GET /api/outlets/nearby with openAt', () => {
  test('keeps only the outlets open then, nearest first, by hand', async () => {
    const router = new StraightLineTestRouter();
    const { app, store } = await tinyApp({ router });
    for (const o of await store.listOutlets({ status: ['active'] })) {
      router.upsertOutlet({ id: o.id, location: [o.location[0], o.location[1]], categoryIds: o.categoryIds });
    }
    const names = async (openAt: string) =>
      (
        (await app.inject({ url: `/api/outlets/nearby?lng=121.405&lat=31.205&limit=5${openAt}` })).json() as {
          results: { name: string }[];
        }
      ).results.map((r) => r.name);
    const all = await names('');
    // The tiny district: 早点便利店 Mo-Su 06:00-10:00, 晚间早餐铺 10:00-22:00, 二号洗衣 08:00-20:00, 无时药店 without hours.
    assert.deepEqual(await names('&openAt=2026-11-28T07:00'), ['早点便利店']);
    assert.deepEqual(
      await names('&openAt=2026-11-28T12:00'),
      all.filter((n) => n === '晚间早餐铺' || n === '二号洗衣'),
    );
    assert.equal((await app.inject({ url: '/api/outlets/nearby?lng=121.405&lat=31.205&openAt=noon' })).statusCode, 400);
  });
});
