import {
  attachmentsOnChains,
  attachPoints,
  buildSegmentIndex,
  contractChains,
  SweepSearch,
  type ContractedGraph,
  type GateAccess,
  type PointSet,
  type SegmentIndex,
} from '@lifecircle/engine';
import type { LngLat } from '@lifecircle/shared';
import type { PlannerInput } from './planner-input.js';
import { RingLocator } from './ring-locator.js';

/** Options of the model: how far points may lie from the network and how far searches go. */
export interface PlannerModelOptions {
  /** Points (and gates) farther than this from every walkable segment are off the network. Default 500 m. */
  maxSnapM: number;
  /** Searches stop here: distances beyond are Infinity. Default 3,000 m (62 minutes at the elderly 0.8 m/s). */
  cutoffM: number;
}

export const DEFAULT_PLANNER_MODEL_OPTIONS: PlannerModelOptions = { maxSnapM: 500, cutoffM: 3000 };

/**
 * The planner's reusable state over one PlannerInput: compounds and outlets
 * snapped once (compounds with gates and an outline leave through their
 * gates; outlets inside such a compound too), the graph with its chains
 * contracted, one search and its scratch arrays. Compound index c in
 * `compoundPoints` is `input.compounds[c]`, outlet index o is `input.outlets[o]`.
 * Not safe to share between threads (the search owns scratch arrays).
 */
export interface PlannerModel {
  readonly input: PlannerInput;
  readonly options: PlannerModelOptions;
  readonly segmentIndex: SegmentIndex;
  readonly contracted: ContractedGraph;
  /** Labels the contracted (core) graph. */
  readonly search: SweepSearch;
  /** Compounds and outlets as the searches see them, attached to chains of the core graph. */
  readonly compoundPoints: PointSet;
  readonly outletPoints: PointSet;
  /** Store ids of the outlets: the tie-break between outlets at exactly the same distance. */
  readonly outletKey: Float64Array;
  /** Outlet indices of each category id. */
  readonly outletsByCategory: ReadonlyMap<string, Uint32Array>;
  /** Gated compounds (others are null), for locating new outlets. */
  readonly gatedLocator: RingLocator;
  readonly gates: Omit<GateAccess, 'pointCompound'>;
}

/** Builds the model: O(V + E) contraction plus one snap per point and gate. Pure computation. */
export function buildPlannerModel(input: PlannerInput, options: Partial<PlannerModelOptions> = {}): PlannerModel {
  const opts = { ...DEFAULT_PLANNER_MODEL_OPTIONS, ...options };
  const { graph, compounds, outlets } = input;
  const segmentIndex = buildSegmentIndex(graph);
  // A compound is gated when it has gates and an outline: its residents (and outlets inside it) leave through the gates.
  const isGated = compounds.map((c) => c.gates.length > 0 && c.ring !== null && c.ring.length >= 4);
  const compoundGateStart = new Uint32Array(compounds.length + 1);
  compounds.forEach((c, i) => (compoundGateStart[i + 1] = compoundGateStart[i]! + (isGated[i] ? c.gates.length : 0)));
  const gateLngLat = compounds.flatMap((c, i) => (isGated[i] ? c.gates : []));
  const gates = {
    compoundGateStart,
    gateLng: Float64Array.from(gateLngLat, (g) => g[0]),
    gateLat: Float64Array.from(gateLngLat, (g) => g[1]),
  };
  const gatedLocator = new RingLocator(compounds.map((c, i) => (isGated[i] ? c.ring : null)));
  const contracted = contractChains(graph);
  const model = {
    input,
    options: opts,
    segmentIndex,
    contracted,
    search: new SweepSearch(contracted.core),
    gatedLocator,
    gates,
  };
  const compoundPoints = attachOnChains(
    model,
    compounds.map((c) => c.location),
    Int32Array.from(compounds, (_, i) => (isGated[i] ? i : -1)),
  );
  const outletPoints = attachOutlets(
    model,
    outlets.map((o) => o.location),
  );
  const members = new Map<string, number[]>();
  outlets.forEach((outlet, o) => {
    for (const id of outlet.categoryIds) {
      const list = members.get(id);
      if (list) list.push(o);
      else members.set(id, [o]);
    }
  });
  const outletsByCategory = new Map<string, Uint32Array>();
  for (const [id, list] of members) outletsByCategory.set(id, Uint32Array.from(list));
  return {
    ...model,
    compoundPoints,
    outletPoints,
    outletKey: Float64Array.from(outlets, (o) => o.id),
    outletsByCategory,
  };
}

type AttachContext = Pick<PlannerModel, 'input' | 'options' | 'segmentIndex' | 'contracted' | 'gatedLocator' | 'gates'>;

/** Outlet locations as a PointSet on chains; an outlet inside a gated compound leaves through its gates. */
export function attachOutlets(model: AttachContext, locations: readonly LngLat[]): PointSet {
  return attachOnChains(
    model,
    locations,
    Int32Array.from(locations, ([lng, lat]) => model.gatedLocator.locate(lng, lat)),
  );
}

/** Points as a PointSet on chains of the core graph; `pointCompound[p]` is a gated compound index or -1. */
export function attachOnChains(model: AttachContext, locations: readonly LngLat[], pointCompound: Int32Array): PointSet {
  const { graph } = model.input;
  const lng = Float64Array.from(locations, (l) => l[0]);
  const lat = Float64Array.from(locations, (l) => l[1]);
  const attachments = attachPoints(graph, model.segmentIndex, lng, lat, {
    maxSnapM: model.options.maxSnapM,
    gates: { ...model.gates, pointCompound },
  });
  return { attachments: attachmentsOnChains(model.contracted, graph, attachments), lng, lat, compound: pointCompound };
}
