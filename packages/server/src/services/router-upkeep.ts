import type { WalkRouter } from '@lifecircle/analysis';
import type { Outlet } from '@lifecircle/shared';

/**
 * Tells the walk router about an outlet's change, after the commit: an outlet
 * that is active afterwards is (re)placed when it became active, moved or
 * changed categories; one that stopped being active is forgotten.
 */
export function syncRouter(router: WalkRouter | null, before: Outlet | null, after: Outlet): void {
  if (router === null) return;
  const wasActive = before !== null && before.status === 'active';
  if (after.status !== 'active') {
    if (wasActive) router.removeOutlet(after.id);
    return;
  }
  const changed =
    !wasActive ||
    before.location[0] !== after.location[0] ||
    before.location[1] !== after.location[1] ||
    before.categoryIds.join(',') !== after.categoryIds.join(',');
  if (changed)
    router.upsertOutlet({ id: after.id, location: [after.location[0], after.location[1]], categoryIds: after.categoryIds });
}
