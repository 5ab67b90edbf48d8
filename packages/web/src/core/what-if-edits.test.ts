import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRng } from '@lifecircle/shared';
import {
  addOutlet,
  drawnOutlets,
  moveOutlet,
  removeOutlet,
  toScenarioEdits,
  touchedCategories,
  undoEdit,
  type BaseOutlet,
  type EditTarget,
  type Location,
  type ScenarioEdit,
  type WhatIfEdit,
} from './what-if-edits.js';

const BASE: BaseOutlet[] = [1, 2, 3, 4, 5].map((id) => ({
  id,
  name: `店${id}`,
  location: [121.4 + id / 1000, 31.25],
  categoryIds: [id % 2 === 0 ? 'breakfast' : 'wet_market'],
}));

/** What a scenario's API edits do to the base outlets, applied one by one (the reference the map must match). */
function replay(
  base: readonly BaseOutlet[],
  edits: readonly ScenarioEdit[],
): { existing: Map<number, Location>; added: Location[] } {
  const existing = new Map(base.map((outlet) => [outlet.id, outlet.location] as [number, Location]));
  const added: Location[] = [];
  for (const edit of edits) {
    if (edit.kind === 'remove_outlet') existing.delete(edit.outletId);
    else if (edit.kind === 'move_outlet') existing.set(edit.outletId, edit.location);
    else added.push(edit.location);
  }
  return { existing, added };
}

/** The outlets the map draws as standing (all but the removed), in the same shape. */
function standing(edits: readonly WhatIfEdit[]): { existing: Map<number, Location>; added: Location[] } {
  const existing = new Map<number, Location>();
  const added: Location[] = [];
  for (const outlet of drawnOutlets(BASE, edits)) {
    if (outlet.state === 'added') added.push(outlet.location);
    else if (outlet.state !== 'removed') existing.set(outlet.ref as number, outlet.location);
  }
  return { existing, added };
}

test('a hand-worked sequence: add, move the added one, remove and restore, move twice and back', () => {
  let edits = addOutlet([], { name: '新菜场', location: [121.41, 31.26], categoryIds: ['wet_market'] });
  edits = moveOutlet(edits, { key: 'new-1' }, [121.42, 31.27]);
  edits = removeOutlet(edits, { outletId: 2 }, BASE[1]);
  edits = removeOutlet(edits, { outletId: 2 }, BASE[1]);
  edits = moveOutlet(edits, { outletId: 3 }, [121.5, 31.3], BASE[2]);
  edits = moveOutlet(edits, { outletId: 3 }, [121.6, 31.3], BASE[2]);
  assert.deepEqual(toScenarioEdits(edits), [
    { kind: 'add_outlet', name: '新菜场', location: [121.42, 31.27], categoryIds: ['wet_market'], openingHours: null },
    { kind: 'remove_outlet', outletId: 2 },
    { kind: 'move_outlet', outletId: 3, location: [121.6, 31.3] },
  ]);
  assert.deepEqual(touchedCategories(edits), ['wet_market', 'breakfast']);
  // A removed outlet cannot be moved; a moved one removed is removed from where it stood.
  assert.deepEqual(moveOutlet(edits, { outletId: 2 }, [1, 1], BASE[1]), edits);
  const removedMoved = removeOutlet(edits, { outletId: 3 }, BASE[2]);
  assert.deepEqual(removedMoved[2], {
    kind: 'remove_outlet',
    outletId: 3,
    name: '店3',
    location: BASE[2]!.location,
    categoryIds: ['wet_market'],
  });
  // Moving back to where it stood drops the move; undoing the removal restores outlet 2.
  const back = moveOutlet(edits, { outletId: 3 }, BASE[2]!.location, BASE[2]);
  assert.equal(back.length, 2);
  assert.deepEqual(
    drawnOutlets(BASE, undoEdit(edits, 1)).find((outlet) => outlet.ref === 2),
    { ref: 2, name: '店2', location: BASE[1]!.location, categoryIds: ['breakfast'], state: 'existing' },
  );
  // Removing the added outlet takes its edit off the list.
  assert.deepEqual(
    removeOutlet(edits, { key: 'new-1' }).map((edit) => edit.kind),
    ['remove_outlet', 'move_outlet'],
  );
});

test('edited outlets outside the listed area are still drawn, at their new place or marked removed', () => {
  let edits = removeOutlet([], { outletId: 4 }, BASE[3]);
  edits = moveOutlet(edits, { outletId: 5 }, [121.9, 31.9], BASE[4]);
  const drawn = drawnOutlets(BASE.slice(0, 2), edits);
  assert.deepEqual(
    drawn.map((outlet) => [outlet.ref, outlet.state, outlet.location]),
    [
      [1, 'existing', BASE[0]!.location],
      [2, 'existing', BASE[1]!.location],
      [4, 'removed', BASE[3]!.location],
      [5, 'moved', [121.9, 31.9]],
    ],
  );
});

test('random edit sequences: the map and the API edits both equal acting on the outlets directly', () => {
  const seed = 21;
  const rng = seededRng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const place = (): Location => [Math.round((121.4 + rng() * 0.01) * 1e6) / 1e6, Math.round((31.25 + rng() * 0.01) * 1e6) / 1e6];
  for (let trial = 0; trial < 300; trial++) {
    // The reference: the outlets themselves, acted on one action at a time.
    const existing = new Map(BASE.map((outlet) => [outlet.id, outlet.location] as [number, Location]));
    const added = new Map<string, Location>();
    let edits: WhatIfEdit[] = [];
    for (let step = 0; step < 8; step++) {
      const targets: EditTarget[] = [
        ...BASE.map((outlet) => ({ outletId: outlet.id })),
        ...[...added.keys()].map((key) => ({ key })),
      ];
      const action = rng();
      if (action < 0.25) {
        const location = place();
        edits = addOutlet(edits, { name: '新店', location, categoryIds: ['breakfast'] });
        added.set((edits.at(-1) as { key: string }).key, location);
      } else if (action < 0.6) {
        const target = pick(targets);
        edits = removeOutlet(
          edits,
          target,
          BASE.find((outlet) => outlet.id === target.outletId),
        );
        if (target.key !== undefined) added.delete(target.key);
        else existing.delete(target.outletId);
      } else {
        const target = pick(targets);
        const location = rng() < 0.2 && target.outletId !== undefined ? BASE[target.outletId - 1]!.location : place();
        edits = moveOutlet(
          edits,
          target,
          location,
          BASE.find((outlet) => outlet.id === target.outletId),
        );
        if (target.key !== undefined) added.set(target.key, location);
        else if (existing.has(target.outletId)) existing.set(target.outletId, location);
      }
      const expected = { existing, added: [...added.values()] };
      assert.deepEqual(standing(edits), expected, `seed ${seed}, trial ${trial}, step ${step}: the map`);
      assert.deepEqual(
        replay(BASE, toScenarioEdits(edits)),
        expected,
        `seed ${seed}, trial ${trial}, step ${step}: the API edits`,
      );
      const ids = edits.flatMap((edit) => (edit.kind === 'add_outlet' ? [] : [edit.outletId]));
      assert.equal(new Set(ids).size, ids.length, 'at most one edit per existing outlet');
    }
    // Undoing any edit keeps the map and the API edits in step.
    for (let index = 0; index < edits.length; index++) {
      const undone = undoEdit(edits, index);
      assert.equal(undone.length, edits.length - 1);
      assert.deepEqual(standing(undone), replay(BASE, toScenarioEdits(undone)), `seed ${seed}, trial ${trial}, undo ${index}`);
    }
  }
});
