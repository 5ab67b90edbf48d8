import type { CategoryDistances } from '../category-distances.js';
import type { PlannerCompound, PlannerOutlet } from '../planner-input.js';

/** For one area and category: where its residents' nearest outlets lie. */
export interface SharingShares {
  categoryId: string;
  /** Residents with a nearest outlet within the model's cutoff. */
  servedResidents: number;
  /** Shares (0–1) of servedResidents whose nearest outlet lies in another circle, another street, or in no street (another district). */
  otherCircleShare: number;
  otherStreetShare: number;
  outsideShare: number;
}

/** An outlet that is the nearest of its category for residents of several circles. */
export interface SharedOutlet {
  outletId: number;
  name: string;
  categoryId: string;
  circles: { circleId: number; residents: number }[];
}

/** The sharing ledger (共享台账): shares per circle and street, and the outlets shared between circles. */
export interface SharingLedger {
  circles: { circleId: number; categories: SharingShares[] }[];
  streets: { streetId: number; categories: SharingShares[] }[];
  sharedOutlets: SharedOutlet[];
}

/**
 * Builds the ledger from nearest-outlet identities (categoryDistances per
 * category at one time of day): each compound's residents count for the
 * circle and street they live in. An outlet in no circle counts as another
 * circle; one in no street as outside (another district), and also as
 * another street. Outlet indices past `outlets.length` are extra outlets
 * and must be passed in `extraOutlets`.
 */
export function sharingLedger(
  compounds: readonly PlannerCompound[],
  outlets: readonly PlannerOutlet[],
  circleIds: readonly number[],
  streetIds: readonly number[],
  distances: ReadonlyMap<string, Pick<CategoryDistances, 'nearestOutlet'>>,
  extraOutlets: readonly PlannerOutlet[] = [],
): SharingLedger {
  const outletAt = (o: number) => (o < outlets.length ? outlets[o]! : extraOutlets[o - outlets.length]!);
  const circles = circleIds.map((circleId) => ({ circleId, categories: [] as SharingShares[] }));
  const streets = streetIds.map((streetId) => ({ streetId, categories: [] as SharingShares[] }));
  const sharedOutlets: SharedOutlet[] = [];
  for (const [categoryId, { nearestOutlet }] of distances) {
    const tally = (belongs: (c: PlannerCompound) => boolean): SharingShares => {
      let served = 0;
      let otherCircle = 0;
      let otherStreet = 0;
      let outside = 0;
      compounds.forEach((c, i) => {
        const o = nearestOutlet[i]!;
        if (!belongs(c) || o < 0) return;
        const outlet = outletAt(o);
        served += c.residents;
        if (outlet.circleId === null || outlet.circleId !== c.circleId) otherCircle += c.residents;
        if (outlet.streetId === null || outlet.streetId !== c.streetId) otherStreet += c.residents;
        if (outlet.streetId === null) outside += c.residents;
      });
      const share = (n: number) => (served > 0 ? n / served : NaN);
      return {
        categoryId,
        servedResidents: served,
        otherCircleShare: share(otherCircle),
        otherStreetShare: share(otherStreet),
        outsideShare: share(outside),
      };
    };
    for (const entry of circles) entry.categories.push(tally((c) => c.circleId === entry.circleId));
    for (const entry of streets) entry.categories.push(tally((c) => c.streetId === entry.streetId));
    // Residents of each circle per nearest outlet.
    const served = new Map<number, Map<number, number>>();
    compounds.forEach((c, i) => {
      const o = nearestOutlet[i]!;
      if (o < 0 || c.circleId === null) return;
      let byCircle = served.get(o);
      if (byCircle === undefined) served.set(o, (byCircle = new Map()));
      byCircle.set(c.circleId, (byCircle.get(c.circleId) ?? 0) + c.residents);
    });
    for (const [o, byCircle] of served) {
      if (byCircle.size < 2) continue;
      const outlet = outletAt(o);
      sharedOutlets.push({
        outletId: outlet.id,
        name: outlet.name,
        categoryId,
        circles: [...byCircle].sort((a, b) => a[0] - b[0]).map(([circleId, residents]) => ({ circleId, residents })),
      });
    }
  }
  return { circles, streets, sharedOutlets };
}
