import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minimalOutlet } from '@lifecircle/store/testing';
import { tinyApp } from './testing/seed-tiny.js';

test('every page of a keyword search reports the total a full count gives (issue 6: the count is skipped on last pages)', async () => {
  const { app, store } = await tinyApp();
  // 45 active 面馆 and 7 closed ones among the tiny district's outlets.
  await store.insertOutlets([
    ...Array.from({ length: 45 }, (_, k) => minimalOutlet({ name: `兰州面馆${k}`, location: [121.401 + k * 1e-4, 31.205] })),
    ...Array.from({ length: 7 }, (_, k) => minimalOutlet({ name: `关门面馆${k}`, status: 'closed' })),
  ]);
  // The reference: every stored outlet filtered here, independently of the route's SQL.
  const all = await store.listOutlets();
  const expected = (keyword: string) => all.filter((o) => o.status === 'active' && o.name.includes(keyword)).length;
  for (const [keyword, limit] of [
    ['面馆', 20],
    ['面馆', 45],
    ['面馆', 50],
    ['兰州面馆4', 3],
    ['没有这家', 10],
  ] as const) {
    for (const offset of [0, 1, 20, 40, 44, 45, 60]) {
      const response = await app.inject({
        url: `/api/outlets?keyword=${encodeURIComponent(keyword)}&limit=${limit}&offset=${offset}`,
      });
      assert.equal(response.statusCode, 200);
      const body = response.json() as { total: number; items: { name: string }[] };
      const total = expected(keyword);
      assert.equal(body.total, total, `${keyword} limit ${limit} offset ${offset}`);
      assert.equal(body.items.length, Math.max(0, Math.min(limit, total - offset)), `${keyword} limit ${limit} offset ${offset}`);
    }
  }
  await app.close();
  await store.close();
});
