import { isPointInArea } from '@lifecircle/ingest';
import type { AccessResult, Circle, Compound, Outlet, Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { circleCoverage } from './coverage.js';

/** A circle with the figures the map and the reports show. */
export interface CircleWithSummary extends Circle {
  summary: {
    residents: number;
    households: number | null;
    numCompounds: number;
    /** Share (0..1) of residents aged 60+, over compounds whose age bands are known; null when none are. */
    share60plus: number | null;
    numActiveOutlets: Record<string, number>;
    /** The streets the circle touches, with their names. */
    streets: { id: number; name: string }[];
  };
  /** From the latest finished analysis run, or null when there is none. */
  coverage: { runId: number; speedMps: number; byCategory: Record<string, number | null> } | null;
}

/** Whether an outlet counts for a circle: inside its boundary, or (without one) in one of its streets. */
function outletInCircle(outlet: Outlet, circle: Circle): boolean {
  if (circle.boundary !== null) return isPointInArea(outlet.location[0], outlet.location[1], circle.boundary);
  return outlet.streetId !== null && circle.streetIds.includes(outlet.streetId);
}

/** The residents and outlets of one circle (pure). */
export function summarizeCircle(
  circle: Circle,
  compounds: Compound[],
  activeOutlets: Outlet[],
  streetNames: ReadonlyMap<number, string>,
): CircleWithSummary['summary'] {
  let residents = 0;
  let households = 0;
  let hasHouseholds = false;
  let residentsWithAges = 0;
  let aged60plus = 0;
  for (const compound of compounds) {
    residents += compound.residents;
    if (compound.households !== null) {
      households += compound.households;
      hasHouseholds = true;
    }
    if (compound.age60plus !== null) {
      aged60plus += compound.age60plus;
      residentsWithAges += compound.residents;
    }
  }
  const numActiveOutlets: Record<string, number> = {};
  for (const outlet of activeOutlets) {
    if (!outletInCircle(outlet, circle)) continue;
    for (const categoryId of outlet.categoryIds) numActiveOutlets[categoryId] = (numActiveOutlets[categoryId] ?? 0) + 1;
  }
  return {
    residents,
    households: hasHouseholds ? households : null,
    numCompounds: compounds.length,
    share60plus: residentsWithAges > 0 ? aged60plus / residentsWithAges : null,
    numActiveOutlets,
    streets: circle.streetIds.map((id) => ({ id, name: streetNames.get(id) ?? '' })),
  };
}

/** Summaries and coverage of the given circles, reading the store once per circle for compounds. */
export async function loadCircleSummaries(store: Store, taxonomy: Taxonomy, circles: Circle[]): Promise<CircleWithSummary[]> {
  const activeOutlets = await store.listOutlets({ status: ['active'] });
  const streetNames = new Map((await store.listStreets()).map((street) => [street.id, street.name]));
  const [latestRun] = await store.listAnalysisRuns({ status: 'done', limit: 1 });
  const results: AccessResult[] = latestRun === undefined ? [] : await store.listAccessResults({ runId: latestRun.id });
  const summaries: CircleWithSummary[] = [];
  for (const circle of circles) {
    const compounds = await store.listCompounds({ circleId: circle.id });
    const compoundIds = new Set(compounds.map((compound) => compound.id));
    summaries.push({
      ...circle,
      summary: summarizeCircle(circle, compounds, activeOutlets, streetNames),
      coverage:
        latestRun === undefined
          ? null
          : {
              runId: latestRun.id,
              speedMps: 1.2,
              byCategory: circleCoverage(
                compounds,
                results.filter((result) => compoundIds.has(result.compoundId)),
                taxonomy.categories,
              ),
            },
    });
  }
  return summaries;
}
