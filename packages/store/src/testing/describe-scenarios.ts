import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError, type ScenarioEdit } from '@lifecircle/shared';
import type { MakeStore } from './fixtures.js';
import { withStore } from './fixtures.js';

const EDITS: ScenarioEdit[] = [
  {
    kind: 'add_outlet',
    name: '新早餐店',
    location: [121.401, 31.251],
    categoryIds: ['breakfast'],
    openingHours: 'Mo-Su 06:00-10:00',
  },
  { kind: 'remove_outlet', outletId: 7 },
  { kind: 'move_outlet', outletId: 8, location: [121.402, 31.252] },
  { kind: 'add_compound', name: '新建小区', location: [121.403, 31.253], residents: 1200, age60plus: 300, age0to14: 150 },
];

/** Scenarios: round trip, newest first, filters, patch, delete, NOT_FOUND. */
export function describeScenarios(makeStore: MakeStore): void {
  describe('what-if scenarios', () => {
    it('round-trips edits and results, lists newest first, patches and deletes', () =>
      withStore(makeStore, async (store) => {
        const first = await store.insertScenario({ name: '方案一', description: null, edits: EDITS, result: null, userId: null });
        const second = await store.insertScenario({
          name: '方案二',
          description: '只加一家',
          edits: EDITS.slice(0, 1),
          result: { gain: 12.5 },
          userId: null,
        });
        assert.deepEqual(first.edits, EDITS);
        assert.equal(first.result, null);
        assert.deepEqual(await store.getScenario(second.id), second);
        assert.deepEqual(
          (await store.listScenarios()).map((s) => s.id),
          [second.id, first.id],
        );
        const patched = await store.updateScenario(first.id, {
          result: { coverage: { breakfast: 0.91 } },
          name: '方案一（修改）',
        });
        assert.deepEqual(patched.result, { coverage: { breakfast: 0.91 } });
        assert.equal(patched.name, '方案一（修改）');
        assert.deepEqual(patched.edits, EDITS);
        assert.ok(patched.updatedAt >= first.updatedAt);
        await store.deleteScenario(first.id);
        assert.equal(await store.getScenario(first.id), null);
        await assert.rejects(store.deleteScenario(first.id), (e) => isLifecircleError(e, 'NOT_FOUND'));
        await assert.rejects(store.updateScenario(first.id, { name: 'x' }), (e) => isLifecircleError(e, 'NOT_FOUND'));
        assert.deepEqual(await store.listScenarios({ userId: 99 }), []);
      }));
  });
}
