import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginToken, TINY_USERS, tinyApp } from '../testing/seed-tiny.js';

// The tiny app has no planner service: a body that passes validation meets SERVICE_UNAVAILABLE (503), one that
// fails it VALIDATION (400). A move used to fail: checked against the removal's schema first, it lost its location.
test('every kind of what-if edit passes validation, alone and together; a move without a location does not', async () => {
  const { app, store } = await tinyApp();
  const token = await loginToken(app, TINY_USERS.commission);
  const post = (edits: unknown[]) =>
    app.inject({
      method: 'POST',
      url: '/api/planner/what-if',
      headers: { authorization: `Bearer ${token}` },
      payload: { edits },
    });
  const edits = [
    { kind: 'add_outlet', name: '新菜场', location: [121.41, 31.21], categoryIds: ['wet_market'], openingHours: null },
    { kind: 'move_outlet', outletId: 3, location: [121.42, 31.22] },
    { kind: 'remove_outlet', outletId: 2 },
    { kind: 'add_compound', name: '新小区', location: [121.4, 31.2], residents: 900, age60plus: 200, age0to14: 90 },
  ];
  for (const edit of edits) assert.equal((await post([edit])).statusCode, 503, JSON.stringify(edit));
  assert.equal((await post(edits)).statusCode, 503);
  assert.equal((await post([...edits].reverse())).statusCode, 503);
  const missing = await post([{ kind: 'move_outlet', outletId: 3 }]);
  assert.equal(missing.statusCode, 400);
  await app.close();
  await store.close();
});
