import type { WalkRouter } from '@lifecircle/analysis';
import { LifecircleError, type Outlet } from '@lifecircle/shared';
import type { NewOutlet, OutletPatch, Store } from '@lifecircle/store';
import type { FastifyRequest } from 'fastify';
import { audit } from './audit.js';
import { syncRouter } from './router-upkeep.js';

/** Loads an outlet for a change, NOT_FOUND when missing. */
export async function loadOutlet(store: Store, id: number): Promise<Outlet> {
  const outlet = await store.getOutlet(id);
  if (outlet === null) throw new LifecircleError('NOT_FOUND', { entity: 'outlet', id });
  return outlet;
}

/** Inserts an outlet with its audit line in one transaction, then tells the router (when it is active). */
export async function createOutlet(
  store: Store,
  router: WalkRouter | null,
  request: FastifyRequest,
  outlet: NewOutlet,
  action: string,
): Promise<Outlet> {
  const created = await store.transaction(async (tx) => {
    const [id] = await tx.insertOutlets([outlet]);
    const inserted = await tx.getOutlet(id!);
    if (inserted === null) throw new LifecircleError('INTERNAL', { reason: `outlet ${id} vanished after insert` });
    await audit(tx, request, action, 'outlet', inserted.id, null, inserted);
    return inserted;
  });
  syncRouter(router, null, created);
  return created;
}

/**
 * Applies a patch to an outlet with its audit line (before/after) in one
 * transaction, re-reading the record inside it; `check` may refuse the change
 * from the fresh record. Tells the router after the commit.
 */
export async function changeOutlet(
  store: Store,
  router: WalkRouter | null,
  request: FastifyRequest,
  id: number,
  action: string,
  makePatch: (before: Outlet) => OutletPatch,
): Promise<Outlet> {
  const { before, after } = await store.transaction(async (tx) => {
    const current = await tx.getOutlet(id);
    if (current === null) throw new LifecircleError('NOT_FOUND', { entity: 'outlet', id });
    const updated = await tx.updateOutlet(id, makePatch(current));
    await audit(tx, request, action, 'outlet', id, current, updated);
    return { before: current, after: updated };
  });
  syncRouter(router, before, after);
  return after;
}
