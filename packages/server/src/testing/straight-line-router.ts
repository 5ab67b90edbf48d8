import type { NearbyOutlet, RoutableOutlet, WalkRouter } from '@lifecircle/analysis';
import { haversineM } from '@lifecircle/shared';

/**
 * TEST ONLY — NOT A WALKING ROUTER: distances are straight lines (haversine),
 * not paths over the street network. It lets route tests exercise
 * `/api/outlets/nearby` without a network, for checks that do not depend on
 * walking order. A point farther than `offNetworkM` from every outlet counts
 * as off the network.
 */
export class StraightLineTestRouter implements WalkRouter {
  private readonly outlets = new Map<number, RoutableOutlet>();

  constructor(private readonly offNetworkM = 5000) {}

  get numOutlets(): number {
    return this.outlets.size;
  }

  nearby(lng: number, lat: number, options: { categoryId?: string; limit: number; maxWalkM: number }): NearbyOutlet[] | null {
    const all = [...this.outlets.values()].map((outlet) => ({
      outlet,
      walkM: haversineM(lng, lat, outlet.location[0], outlet.location[1]),
    }));
    if (all.every(({ walkM }) => walkM > this.offNetworkM)) return null;
    return all
      .filter(
        ({ outlet, walkM }) =>
          walkM <= options.maxWalkM && (options.categoryId === undefined || outlet.categoryIds.includes(options.categoryId)),
      )
      .sort((a, b) => a.walkM - b.walkM)
      .slice(0, options.limit)
      .map(({ outlet, walkM }) => ({ outletId: outlet.id, walkM }));
  }

  upsertOutlet(outlet: RoutableOutlet): void {
    this.outlets.set(outlet.id, outlet);
  }

  removeOutlet(outletId: number): void {
    this.outlets.delete(outletId);
  }
}
