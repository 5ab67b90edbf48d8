import type { WalkGraph } from '@lifecircle/engine';

/** One outlet found by `WalkRouter.nearby`, with the metres walked over the network to reach it. */
export interface NearbyOutlet {
  outletId: number;
  walkM: number;
}

/** What the router needs to know of an outlet; only active outlets are routed to. */
export interface RoutableOutlet {
  id: number;
  location: [number, number];
  categoryIds: string[];
}

/**
 * Walking distances from any point to the outlets of the platform, over the
 * stored walking network. The server keeps one in memory and tells it when
 * outlets appear, move or close.
 */
export interface WalkRouter {
  /**
   * Outlets nearest first by walking distance from `[lng, lat]`, optionally of one
   * category, at most `limit`, none beyond `maxWalkM`. Returns null when the
   * point lies farther than the snap distance from any walkable way.
   */
  nearby(lng: number, lat: number, options: { categoryId?: string; limit: number; maxWalkM: number }): NearbyOutlet[] | null;
  /** Adds or moves an outlet (replacing any earlier position and categories). */
  upsertOutlet(outlet: RoutableOutlet): void;
  /** Forgets an outlet (closed, rejected or deleted). */
  removeOutlet(outletId: number): void;
  readonly numOutlets: number;
  /**
   * The walking route to one outlet as a `[lng, lat]` polyline with its metres (null: off the network,
   * unknown outlet or beyond `maxWalkM`); absent for routers that cannot draw routes.
   */
  route?(lng: number, lat: number, outletId: number, maxWalkM: number): { walkM: number; coordinates: [number, number][] } | null;
  /** The network it routes over, for drawing it (absent for routers without one, as in tests). */
  readonly graph?: WalkGraph;
}
