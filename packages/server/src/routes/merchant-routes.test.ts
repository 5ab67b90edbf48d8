// The merchant's edit of its own listing (PATCH /api/merchant/outlets/{id}) as the web app's edit form uses it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginToken, tinyApp, TINY_USERS } from '../testing/index.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test('null clears the address, hours and phone of an approved listing, which stays live', async () => {
  const { app, store, seed } = await tinyApp();
  const m2 = bearer(await loginToken(app, TINY_USERS.m2));
  const id = seed.outlets.activeM2;
  const filled = await app.inject({
    method: 'PATCH',
    url: `/api/merchant/outlets/${id}`,
    headers: m2,
    payload: { address: '乙路 2 号', phone: '021-5555' },
  });
  assert.equal(filled.statusCode, 200, filled.body);
  const cleared = await app.inject({
    method: 'PATCH',
    url: `/api/merchant/outlets/${id}`,
    headers: m2,
    payload: { address: null, openingHours: null, phone: null },
  });
  assert.equal(cleared.statusCode, 200, cleared.body);
  const stored = (await store.getOutlet(id))!;
  assert.deepEqual(
    [stored.address, stored.openingHours, stored.phone, stored.status],
    [null, null, null, 'active'],
    'the three fields are gone and the listing stays public',
  );
  const shown = (await app.inject({ url: `/api/outlets/${id}` })).json() as { openingHours: unknown; phone: unknown };
  assert.deepEqual([shown.openingHours, shown.phone], [null, null]);
});

test('null is refused where a listing needs a value, and bad hours still are', async () => {
  const { app, store, seed } = await tinyApp();
  const m2 = bearer(await loginToken(app, TINY_USERS.m2));
  const id = seed.outlets.activeM2;
  const before = (await store.getOutlet(id))!;
  for (const payload of [{ name: null }, { categoryIds: null }, { lng: null }, { services: null }, { openingHours: '早上' }]) {
    const response = await app.inject({ method: 'PATCH', url: `/api/merchant/outlets/${id}`, headers: m2, payload });
    const field = Object.keys(payload)[0]!;
    assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`);
    assert.equal((response.json() as { error: { details: { field: string } } }).error.details.field, field);
  }
  assert.deepEqual(await store.getOutlet(id), before, 'nothing changed');
});

test('sending the unchanged position keeps an approved listing live; a moved one goes back to review', async () => {
  const { app, store, seed } = await tinyApp();
  const m2 = bearer(await loginToken(app, TINY_USERS.m2));
  const id = seed.outlets.activeM2;
  const [lng, lat] = (await store.getOutlet(id))!.location;
  const same = await app.inject({
    method: 'PATCH',
    url: `/api/merchant/outlets/${id}`,
    headers: m2,
    payload: { lng, lat, openingHours: 'Mo-Sa 08:00-20:00' },
  });
  assert.equal(same.statusCode, 200, same.body);
  assert.deepEqual(
    [(same.json() as { status: string }).status, (same.json() as { openingHours: string }).openingHours],
    ['active', 'Mo-Sa 08:00-20:00'],
  );
  const moved = await app.inject({
    method: 'PATCH',
    url: `/api/merchant/outlets/${id}`,
    headers: m2,
    payload: { lng: lng + 0.0001 },
  });
  assert.equal(moved.statusCode, 200, moved.body);
  const after = moved.json() as { status: string; location: [number, number] };
  assert.deepEqual([after.status, after.location], ['pending', [lng + 0.0001, lat]]);
});
