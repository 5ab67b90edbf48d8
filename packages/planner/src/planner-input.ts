import type { WalkGraph } from '@lifecircle/engine';
import type { AreaGeometry, LngLat, Taxonomy } from '@lifecircle/shared';

/**
 * What the planner computes over: plain in-memory data, built by the
 * platform from the store (or by tests by hand). Indices into these arrays
 * are the planner's dense ids; `id` fields are the store's ids.
 */
export interface PlannerInput {
  /** The walking network (full, uncontracted; the planner contracts it if it wants). */
  graph: WalkGraph;
  compounds: PlannerCompound[];
  outlets: PlannerOutlet[];
  circles: PlannerCircle[];
  streets: { id: number; name: string }[];
  taxonomy: Taxonomy;
}

export interface PlannerCompound {
  id: number;
  name: string;
  /** Representative point (inside the outline when there is one). */
  location: LngLat;
  /** Outer ring of the outline, closed, or null. */
  ring: LngLat[] | null;
  /** Gates on the outline: residents leave through them when there are any. */
  gates: LngLat[];
  residents: number;
  households: number;
  /** Residents aged 60+ and 0–14 (0 when unknown). */
  age60plus: number;
  age0to14: number;
  circleId: number | null;
  streetId: number | null;
}

export interface PlannerOutlet {
  id: number;
  name: string;
  location: LngLat;
  categoryIds: string[];
  /** OpenStreetMap opening_hours, or null (treated as always open). */
  openingHours: string | null;
  circleId: number | null;
  streetId: number | null;
}

export interface PlannerCircle {
  id: number;
  name: string;
  streetIds: number[];
  boundary: AreaGeometry | null;
}
