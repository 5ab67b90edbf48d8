/**
 * The planner's what-if edits on the map, as a list the planner can read and undo item by item: outlets
 * added, removed or moved. Each entry keeps what the list and the map show (name, formats, the original
 * place); `toScenarioEdits` gives the API's edits. Every change returns a new list.
 */

/** `[lng, lat]`, WGS-84. */
export type Location = [number, number];

/** An outlet as the map shows it before any edit. */
export interface BaseOutlet {
  id: number;
  name: string;
  location: Location;
  categoryIds: string[];
}

/** One edit of the list. Added outlets are known by `key` (they have no store id). */
export type WhatIfEdit =
  | { kind: 'add_outlet'; key: string; name: string; location: Location; categoryIds: string[] }
  | { kind: 'remove_outlet'; outletId: number; name: string; location: Location; categoryIds: string[] }
  | { kind: 'move_outlet'; outletId: number; name: string; from: Location; location: Location; categoryIds: string[] };

/** What the planner acts on: an existing outlet (by id) or an added one (by key). */
export type EditTarget = { outletId: number; key?: undefined } | { key: string; outletId?: undefined };

/** The edits as `POST /api/planner/what-if` takes them. */
export type ScenarioEdit =
  | { kind: 'add_outlet'; name: string; location: Location; categoryIds: string[]; openingHours: null }
  | { kind: 'remove_outlet'; outletId: number }
  | { kind: 'move_outlet'; outletId: number; location: Location };

/** An outlet drawn on the what-if map: `state` says how the edits changed it. */
export interface DrawnOutlet {
  /** The store id, or the key of an added outlet. */
  ref: number | string;
  name: string;
  location: Location;
  categoryIds: string[];
  state: 'existing' | 'moved' | 'removed' | 'added';
}

const sameTarget = (edit: WhatIfEdit, target: EditTarget) =>
  target.key !== undefined
    ? edit.kind === 'add_outlet' && edit.key === target.key
    : edit.kind !== 'add_outlet' && edit.outletId === target.outletId;

/** Adds an outlet; its key is new within the list. */
export function addOutlet(
  edits: readonly WhatIfEdit[],
  outlet: { name: string; location: Location; categoryIds: string[] },
): WhatIfEdit[] {
  let n = edits.length + 1;
  const keys = new Set(edits.map((edit) => (edit.kind === 'add_outlet' ? edit.key : '')));
  while (keys.has(`new-${n}`)) n++;
  return [...edits, { kind: 'add_outlet', key: `new-${n}`, ...outlet, location: [...outlet.location] }];
}

/**
 * Removes an outlet: an added one leaves the list; a moved one is removed from where it stood; an existing one
 * gets a removal (once).
 */
export function removeOutlet(edits: readonly WhatIfEdit[], target: EditTarget, outlet?: BaseOutlet): WhatIfEdit[] {
  const index = edits.findIndex((edit) => sameTarget(edit, target));
  const found = edits[index];
  if (target.key !== undefined) return index < 0 ? [...edits] : edits.filter((_, i) => i !== index);
  if (found?.kind === 'remove_outlet') return [...edits];
  if (found?.kind === 'move_outlet') {
    const { outletId, name, from, categoryIds } = found;
    return edits.map((edit, i) => (i === index ? { kind: 'remove_outlet', outletId, name, location: from, categoryIds } : edit));
  }
  if (outlet === undefined) throw new Error(`expected the outlet ${target.outletId} to remove`);
  return [
    ...edits,
    { kind: 'remove_outlet', outletId: outlet.id, name: outlet.name, location: outlet.location, categoryIds: outlet.categoryIds },
  ];
}

/**
 * Moves an outlet to `location`: an added one changes its place, a moved one its destination (moving it back
 * where it stood drops the move); a removed one stays removed.
 */
export function moveOutlet(
  edits: readonly WhatIfEdit[],
  target: EditTarget,
  location: Location,
  outlet?: BaseOutlet,
): WhatIfEdit[] {
  const index = edits.findIndex((edit) => sameTarget(edit, target));
  const found = edits[index];
  const to: Location = [location[0], location[1]];
  if (found?.kind === 'remove_outlet') return [...edits];
  if (found?.kind === 'add_outlet') return edits.map((edit, i) => (i === index ? { ...found, location: to } : edit));
  if (found?.kind === 'move_outlet') {
    if (found.from[0] === to[0] && found.from[1] === to[1]) return edits.filter((_, i) => i !== index);
    return edits.map((edit, i) => (i === index ? { ...found, location: to } : edit));
  }
  if (target.key !== undefined) return [...edits];
  if (outlet === undefined) throw new Error(`expected the outlet ${target.outletId} to move`);
  if (outlet.location[0] === to[0] && outlet.location[1] === to[1]) return [...edits];
  return [
    ...edits,
    {
      kind: 'move_outlet',
      outletId: outlet.id,
      name: outlet.name,
      from: outlet.location,
      location: to,
      categoryIds: outlet.categoryIds,
    },
  ];
}

/** The list without its `index`-th edit (undo from the list). */
export function undoEdit(edits: readonly WhatIfEdit[], index: number): WhatIfEdit[] {
  return edits.filter((_, i) => i !== index);
}

/** The API's edits, in the list's order. */
export function toScenarioEdits(edits: readonly WhatIfEdit[]): ScenarioEdit[] {
  return edits.map((edit) => {
    if (edit.kind === 'add_outlet')
      return { kind: 'add_outlet', name: edit.name, location: edit.location, categoryIds: edit.categoryIds, openingHours: null };
    if (edit.kind === 'remove_outlet') return { kind: 'remove_outlet', outletId: edit.outletId };
    return { kind: 'move_outlet', outletId: edit.outletId, location: edit.location };
  });
}

/** The categories the edits touch, in first-touched order. */
export function touchedCategories(edits: readonly WhatIfEdit[]): string[] {
  return [...new Set(edits.flatMap((edit) => edit.categoryIds))];
}

/**
 * What the map draws: the base outlets with the edits applied (moved ones at their new place, removed ones
 * marked), edited outlets outside the base list (another area or format), and the added ones.
 */
export function drawnOutlets(base: readonly BaseOutlet[], edits: readonly WhatIfEdit[]): DrawnOutlet[] {
  const byOutlet = new Map<number, WhatIfEdit>();
  for (const edit of edits) if (edit.kind !== 'add_outlet') byOutlet.set(edit.outletId, edit);
  const drawn: DrawnOutlet[] = [];
  const seen = new Set<number>();
  const draw = (outlet: { id: number; name: string; categoryIds: string[] }, location: Location) => {
    const edit = byOutlet.get(outlet.id);
    seen.add(outlet.id);
    if (edit?.kind === 'move_outlet') drawn.push({ ...common(outlet), location: edit.location, state: 'moved' });
    else if (edit?.kind === 'remove_outlet') drawn.push({ ...common(outlet), location, state: 'removed' });
    else drawn.push({ ...common(outlet), location, state: 'existing' });
  };
  const common = (outlet: { id: number; name: string; categoryIds: string[] }) => ({
    ref: outlet.id,
    name: outlet.name,
    categoryIds: outlet.categoryIds,
  });
  for (const outlet of base) draw(outlet, outlet.location);
  for (const edit of edits) {
    if (edit.kind === 'add_outlet')
      drawn.push({ ref: edit.key, name: edit.name, location: edit.location, categoryIds: edit.categoryIds, state: 'added' });
    else if (!seen.has(edit.outletId))
      draw(
        { id: edit.outletId, name: edit.name, categoryIds: edit.categoryIds },
        edit.kind === 'move_outlet' ? edit.from : edit.location,
      );
  }
  return drawn;
}
