import { nearestOutletSources, type NodeSources, type PointSet } from '@lifecircle/engine';
import { concatPointSets } from './point-set-concat.js';
import type { PlannerOutlet } from './planner-input.js';
import { attachOutlets, type PlannerModel } from './planner-model.js';
import { outletOpenState } from './outlet-hours.js';

/** Which outlets a category's distances count. */
export interface CategoryDistanceOptions {
  /** China wall-clock time (a Date whose local fields are the China time); only outlets open then count. Null: all. */
  openAt?: Date | null;
  /** Outlets of the model (store ids) left out, as if removed; extra outlets are never excluded (give them no categories instead). */
  excludeOutletIds?: ReadonlySet<number>;
  /** Outlets added for this computation (numbered model.outlets.length + k). */
  extraOutlets?: readonly PlannerOutlet[];
}

/** Walking metres from every compound to the nearest outlet of one category. */
export interface CategoryDistances {
  /** Per compound, metres to the nearest counted outlet; Infinity when none within the model's cutoff. */
  distM: Float64Array;
  /** Per compound, index of that outlet in model.input.outlets, or outlets.length + k for extra outlet k; -1 when none. */
  nearestOutlet: Int32Array;
  /** Outlet indices (same numbering) that were counted. */
  countedOutlets: Uint32Array;
  /** Outlets of the category whose opening_hours did not parse (counted as closed). */
  numUnparsableHours: number;
  /** Node labels of the search over the core graph, for reading new compounds later. */
  labels: NodeSources;
  /** The outlets as the search saw them (model outlets then the extra ones). */
  outletPoints: PointSet;
  outletKey: Float64Array;
}

/**
 * Nearest outlet of `categoryId` for every compound of the model, over the
 * walk network (one multi-source search), counting only outlets open at
 * `openAt`, minus excluded ones, plus extra ones. Ties between outlets at
 * exactly the same distance go to the smaller store id.
 */
export function categoryDistances(
  model: PlannerModel,
  categoryId: string,
  options: CategoryDistanceOptions = {},
): CategoryDistances {
  const { openAt = null, excludeOutletIds, extraOutlets = [] } = options;
  const outlets = model.input.outlets;
  let numUnparsableHours = 0;
  const isOpen = (outlet: PlannerOutlet): boolean => {
    if (openAt === null) return true;
    const state = outletOpenState(outlet.openingHours, openAt);
    if (state === 'unparsable') numUnparsableHours++;
    return state === 'open';
  };
  const counted: number[] = [];
  for (const o of model.outletsByCategory.get(categoryId) ?? []) {
    const outlet = outlets[o]!;
    if (excludeOutletIds?.has(outlet.id) !== true && isOpen(outlet)) counted.push(o);
  }
  let outletPoints = model.outletPoints;
  let outletKey = model.outletKey;
  if (extraOutlets.length > 0) {
    outletPoints = concatPointSets(
      model.outletPoints,
      attachOutlets(
        model,
        extraOutlets.map((o) => o.location),
      ),
    );
    outletKey = new Float64Array(outlets.length + extraOutlets.length);
    outletKey.set(model.outletKey);
    extraOutlets.forEach((outlet, k) => {
      outletKey[outlets.length + k] = outlet.id;
      if (outlet.categoryIds.includes(categoryId) && isOpen(outlet)) counted.push(outlets.length + k);
    });
  }
  const countedOutlets = Uint32Array.from(counted);
  const numCompounds = model.input.compounds.length;
  const distM = new Float64Array(numCompounds);
  const nearestOutlet = new Int32Array(numCompounds);
  const labels = nearestOutletSources(
    model.search,
    model.compoundPoints,
    outletPoints,
    countedOutlets,
    model.options.cutoffM,
    distM,
    nearestOutlet,
    outletKey,
  );
  return { distM, nearestOutlet, countedOutlets, numUnparsableHours, labels, outletPoints, outletKey };
}
