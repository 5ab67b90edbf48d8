import {
  BucketSearch,
  buildSegmentIndex,
  emptySnap,
  routeToTargets,
  snapToNetwork,
  type SegmentIndex,
  type Snap,
  type WalkGraph,
} from '@lifecircle/engine';
import type { NearbyOutlet, RoutableOutlet, WalkRouter } from './walk-router.js';

/** How an outlet joins the network: its edge, the metres to each end of it, and its categories. */
interface Placement {
  outletId: number;
  edge: number;
  /** Metres from edgeU / edgeV of the edge to the outlet (along the edge, then the straight snap line). */
  viaUM: number;
  viaVM: number;
  /** Position along the edge, 0 at edgeU, 1 at edgeV (for origin and outlet on one edge). */
  t: number;
  snapM: number;
  categoryIds: readonly string[];
}

export interface NetworkWalkRouterOptions {
  /** Points farther than this from any walkable way are off the network (metres). */
  maxSnapM?: number;
}

/**
 * A WalkRouter over one walk graph held in memory. Outlets are snapped to
 * their nearest edge and listed under both ends of it; a query snaps its
 * point the same way, runs one bounded bucket search (Dial) from the two
 * ends of its edge and reads the outlets listed under every node reached.
 * An outlet's distance is the best of its two ends, or the direct way along
 * the edge when the query point lies on the same edge.
 *
 * Cost per query: the nodes within `maxWalkM` (a 15-minute walk reaches a
 * few thousand in a dense district), independent of the number of outlets.
 * Not safe for concurrent use from several threads (one scratch search).
 */
export class NetworkWalkRouter implements WalkRouter {
  readonly graph: WalkGraph;
  private readonly index: SegmentIndex;
  private readonly search: BucketSearch;
  private readonly maxSnapM: number;
  private readonly byNode = new Map<number, Placement[]>();
  private readonly byOutlet = new Map<number, Placement>();
  private readonly outletLocation = new Map<number, [number, number]>();
  private readonly snap: Snap = emptySnap();
  private readonly seedNode = new Uint32Array(2);
  private readonly seedDistM = new Float64Array(2);

  constructor(graph: WalkGraph, options: NetworkWalkRouterOptions = {}) {
    this.graph = graph;
    this.index = buildSegmentIndex(graph);
    this.search = new BucketSearch(graph);
    this.maxSnapM = options.maxSnapM ?? 300;
  }

  get numOutlets(): number {
    return this.byOutlet.size;
  }

  upsertOutlet(outlet: RoutableOutlet): void {
    this.removeOutlet(outlet.id);
    const [lng, lat] = outlet.location;
    const snap = snapToNetwork(this.graph, this.index, lng, lat, this.maxSnapM, emptySnap());
    if (snap.edge < 0) return; // off the network: nobody walks to it
    const lengthM = this.graph.edgeLengthM[snap.edge]!;
    const placement: Placement = {
      outletId: outlet.id,
      edge: snap.edge,
      viaUM: snap.t * lengthM + snap.distanceM,
      viaVM: (1 - snap.t) * lengthM + snap.distanceM,
      t: snap.t,
      snapM: snap.distanceM,
      categoryIds: [...outlet.categoryIds],
    };
    this.byOutlet.set(outlet.id, placement);
    this.outletLocation.set(outlet.id, [lng, lat]);
    this.listUnder(this.graph.edgeU[snap.edge]!, placement);
    this.listUnder(this.graph.edgeV[snap.edge]!, placement);
  }

  removeOutlet(outletId: number): void {
    const placement = this.byOutlet.get(outletId);
    if (placement === undefined) return;
    this.byOutlet.delete(outletId);
    this.outletLocation.delete(outletId);
    this.unlistUnder(this.graph.edgeU[placement.edge]!, placement);
    this.unlistUnder(this.graph.edgeV[placement.edge]!, placement);
  }

  /** True when the outlet is routable (known and on the network). */
  hasOutlet(outletId: number): boolean {
    return this.byOutlet.has(outletId);
  }

  nearby(lng: number, lat: number, options: { categoryId?: string; limit: number; maxWalkM: number }): NearbyOutlet[] | null {
    const { categoryId, limit, maxWalkM } = options;
    if (!(limit >= 1) || !(maxWalkM >= 0))
      throw new RangeError(`expected limit >= 1 and maxWalkM >= 0, got ${limit}, ${maxWalkM}`);
    const snap = snapToNetwork(this.graph, this.index, lng, lat, this.maxSnapM, this.snap);
    if (snap.edge < 0) return null;
    const lengthM = this.graph.edgeLengthM[snap.edge]!;
    this.seedNode[0] = this.graph.edgeU[snap.edge]!;
    this.seedNode[1] = this.graph.edgeV[snap.edge]!;
    this.seedDistM[0] = snap.t * lengthM + snap.distanceM;
    this.seedDistM[1] = (1 - snap.t) * lengthM + snap.distanceM;
    const search = this.search;
    search.run(this.seedNode, this.seedDistM, 2, maxWalkM);

    const best = new Map<number, number>();
    const consider = (placement: Placement, walkM: number) => {
      if (walkM > maxWalkM) return;
      if (categoryId !== undefined && !placement.categoryIds.includes(categoryId)) return;
      const known = best.get(placement.outletId);
      if (known === undefined || walkM < known) best.set(placement.outletId, walkM);
    };
    const dist = search.distM;
    for (let i = 0; i < search.numReached; i++) {
      const node = search.reached[i]!;
      const placements = this.byNode.get(node);
      if (placements === undefined) continue;
      const d = dist[node]!;
      if (d > maxWalkM) continue;
      const isU = (p: Placement) => this.graph.edgeU[p.edge] === node;
      for (const placement of placements) consider(placement, d + (isU(placement) ? placement.viaUM : placement.viaVM));
    }
    // Origin and outlet on the same edge: straight along it, without going round by an end.
    for (const placement of this.byNode.get(this.seedNode[0]!) ?? []) {
      if (placement.edge === snap.edge)
        consider(placement, snap.distanceM + Math.abs(placement.t - snap.t) * lengthM + placement.snapM);
    }

    const results: NearbyOutlet[] = [];
    for (const [outletId, walkM] of best) results.push({ outletId, walkM });
    results.sort((a, b) => a.walkM - b.walkM || a.outletId - b.outletId);
    if (results.length > limit) results.length = limit;
    return results;
  }

  /**
   * The walking route from `[lng, lat]` to one outlet as a polyline (the
   * point, where it joins its street, the streets walked, where the outlet
   * joins its street, the outlet), with its metres — the same metres
   * `nearby` gives. Null when the point is off the network, the outlet is
   * unknown or farther than `maxWalkM`.
   */
  route(lng: number, lat: number, outletId: number, maxWalkM: number): { walkM: number; coordinates: [number, number][] } | null {
    const placement = this.byOutlet.get(outletId);
    if (placement === undefined) return null;
    const origin = snapToNetwork(this.graph, this.index, lng, lat, this.maxSnapM, emptySnap());
    if (origin.edge < 0) return null;
    const { edgeU, edgeV, edgeLengthM, nodeLng, nodeLat } = this.graph;
    const along = (edge: number, t: number): [number, number] => {
      const u = edgeU[edge]!;
      const v = edgeV[edge]!;
      return [nodeLng[u]! + t * (nodeLng[v]! - nodeLng[u]!), nodeLat[u]! + t * (nodeLat[v]! - nodeLat[u]!)];
    };
    const [outletLng, outletLat] = this.outletLocation.get(outletId)!;
    const start: [number, number] = [lng, lat];
    const end: [number, number] = [outletLng, outletLat];
    const lengthM = edgeLengthM[origin.edge]!;
    const found = routeToTargets(
      this.graph,
      [edgeU[origin.edge]!, edgeV[origin.edge]!],
      [origin.distanceM + origin.t * lengthM, origin.distanceM + (1 - origin.t) * lengthM],
      [edgeU[placement.edge]!, edgeV[placement.edge]!],
      [placement.viaUM, placement.viaVM],
      maxWalkM,
    );
    // Origin and outlet on one edge: straight along it may be shorter than any way round.
    if (placement.edge === origin.edge) {
      const directM = origin.distanceM + Math.abs(placement.t - origin.t) * lengthM + placement.snapM;
      if (directM <= maxWalkM && (found === null || directM <= found.distM)) {
        return { walkM: directM, coordinates: [start, along(origin.edge, origin.t), along(placement.edge, placement.t), end] };
      }
    }
    if (found === null) return null;
    const path = found.nodes.map((v) => [nodeLng[v]!, nodeLat[v]!] as [number, number]);
    return {
      walkM: found.distM,
      coordinates: [start, along(origin.edge, origin.t), ...path, along(placement.edge, placement.t), end],
    };
  }

  private listUnder(node: number, placement: Placement): void {
    const list = this.byNode.get(node);
    if (list === undefined) this.byNode.set(node, [placement]);
    else list.push(placement);
  }

  private unlistUnder(node: number, placement: Placement): void {
    const list = this.byNode.get(node);
    if (list === undefined) return;
    const at = list.indexOf(placement);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.byNode.delete(node);
  }
}
