import { NetworkWalkRouter } from '@lifecircle/analysis';
import { walkGraphFromBuffer, type WalkGraph } from '@lifecircle/engine';
import { LifecircleError, type NetworkInfo } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';

/**
 * The store's latest walking network as an engine graph, copied into a
 * SharedArrayBuffer (worker threads read it without a copy; the driver's
 * Buffer may sit at any offset of a pooled allocation). Null when none.
 */
export async function loadLatestGraph(store: Store): Promise<{ info: NetworkInfo; graph: WalkGraph } | null> {
  const latest = await store.getLatestNetwork();
  if (latest === null) return null;
  const shared = new SharedArrayBuffer(latest.graph.byteLength);
  new Uint8Array(shared).set(latest.graph);
  return { info: latest.info, graph: walkGraphFromBuffer(shared) };
}

/** A NetworkWalkRouter over the latest network holding every active outlet; null when no network is stored. */
export async function routerFromStore(store: Store): Promise<NetworkWalkRouter | null> {
  const latest = await loadLatestGraph(store);
  if (latest === null) return null;
  const router = new NetworkWalkRouter(latest.graph);
  for (const outlet of await store.listOutlets({ status: ['active'] })) {
    router.upsertOutlet({ id: outlet.id, location: [outlet.location[0], outlet.location[1]], categoryIds: outlet.categoryIds });
  }
  return router;
}

/** Throws NO_NETWORK when the store holds no network. */
export async function requireLatestGraph(store: Store): Promise<{ info: NetworkInfo; graph: WalkGraph }> {
  const latest = await loadLatestGraph(store);
  if (latest === null) throw new LifecircleError('NO_NETWORK', {});
  return latest;
}
