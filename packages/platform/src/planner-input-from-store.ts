import type { WalkGraph } from '@lifecircle/engine';
import type { PlannerInput } from '@lifecircle/planner';
import type { LngLat, Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { AreaLocator } from './area-locator.js';
import { requireLatestGraph } from './stored-network.js';

/**
 * The planner's input from what the store holds now: the latest network,
 * every compound (outer ring of its outline, gates, residents, ages), every
 * active outlet, the circles and streets. Throws NO_NETWORK without a network.
 */
export async function plannerInputFromStore(store: Store, taxonomy: Taxonomy, graph?: WalkGraph): Promise<PlannerInput> {
  const walkGraph = graph ?? (await requireLatestGraph(store)).graph;
  const [compounds, outlets, circles, streets] = await Promise.all([
    store.listCompounds(),
    store.listOutlets({ status: ['active'] }),
    store.listCircles(),
    store.listStreets(),
  ]);
  // Outlets carry their street; their circle is the circle whose boundary holds them.
  const circleLocator = new AreaLocator(circles);
  return {
    graph: walkGraph,
    compounds: compounds.map((c) => {
      const outline = c.outline;
      const ring =
        outline === null
          ? null
          : outline.type === 'Polygon'
            ? (outline.coordinates[0] ?? null)
            : (outline.coordinates[0]?.[0] ?? null);
      return {
        id: c.id,
        name: c.name,
        location: [c.location[0], c.location[1]] as LngLat,
        ring: ring === null ? null : ring.map((p) => [p[0], p[1]] as LngLat),
        gates: c.gates.map((g) => [g[0], g[1]] as LngLat),
        residents: c.residents,
        households: c.households ?? 0,
        age60plus: c.age60plus ?? 0,
        age0to14: c.age0to14 ?? 0,
        circleId: c.circleId,
        streetId: c.streetId,
      };
    }),
    outlets: outlets.map((o) => ({
      id: o.id,
      name: o.name,
      location: [o.location[0], o.location[1]] as LngLat,
      categoryIds: o.categoryIds,
      openingHours: o.openingHours,
      circleId: circles[circleLocator.locate(o.location[0], o.location[1])]?.id ?? null,
      streetId: o.streetId,
    })),
    circles: circles.map((c) => ({ id: c.id, name: c.name, streetIds: c.streetIds, boundary: c.boundary })),
    streets: streets.map((s) => ({ id: s.id, name: s.name })),
    taxonomy,
  };
}
