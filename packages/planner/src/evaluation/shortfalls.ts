import { walkMinutes, walkMetres } from '@lifecircle/engine';
import type { PlannerCompound } from '../planner-input.js';
import type { Evaluation } from './evaluate-distances.js';
import type { GradingRules } from './grading-rules.js';

/** A GeoJSON feature of a compound with uncovered residents. */
export interface ShortfallCompoundFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'Point'; coordinates: [number, number] };
  properties: {
    id: number;
    name: string;
    residents: number;
    elderly: number;
    /** Minutes to the nearest counted outlet at the evaluation's speed; null when none within the model's cutoff. */
    walkMinutes: number | null;
  };
}

/** One category a circle falls short in. */
export interface Shortfall {
  categoryId: string;
  targetMinutes: number;
  share: number;
  uncoveredResidents: number;
  uncoveredElderly: number;
  compounds: { type: 'FeatureCollection'; features: ShortfallCompoundFeature[] };
}

/** Shortfalls (短板) of one circle. */
export interface CircleShortfalls {
  circleId: number;
  name: string;
  shortfalls: Shortfall[];
}

/**
 * Every circle's shortfalls: a walk-evaluated category is a shortfall when
 * some resident is uncovered and the coverage share is below
 * `rules.shortfallShare` (default 90 %), with the compounds whose residents
 * are uncovered. `distances.get(categoryId).distM[c]` are the metres the
 * evaluation used (the same compounds and time of day: `distancesAt`, or a
 * Scenario's `distances()` with its `editedInput().compounds`).
 */
export function circleShortfalls(
  compounds: readonly PlannerCompound[],
  evaluation: Evaluation,
  distances: ReadonlyMap<string, { readonly distM: Float64Array }>,
  rules: GradingRules,
): CircleShortfalls[] {
  return evaluation.circles.map((circle) => {
    const shortfalls: Shortfall[] = [];
    for (const coverage of circle.categories) {
      if (!(coverage.uncoveredResidents > 0 && coverage.share < rules.shortfallShare)) continue;
      const distM = distances.get(coverage.categoryId)?.distM;
      const targetM = walkMetres(coverage.targetMinutes, evaluation.speedMps);
      const features: ShortfallCompoundFeature[] = [];
      compounds.forEach((c, i) => {
        if (c.circleId !== circle.id || c.residents <= 0) return;
        const d = distM?.[i] ?? Infinity;
        if (d <= targetM) return;
        features.push({
          type: 'Feature',
          geometry:
            c.ring !== null && c.ring.length >= 4
              ? { type: 'Polygon', coordinates: [c.ring.map(([lng, lat]) => [lng, lat] as [number, number])] }
              : { type: 'Point', coordinates: [c.location[0], c.location[1]] },
          properties: {
            id: c.id,
            name: c.name,
            residents: c.residents,
            elderly: c.age60plus,
            walkMinutes: d === Infinity ? null : walkMinutes(d, evaluation.speedMps),
          },
        });
      });
      shortfalls.push({
        categoryId: coverage.categoryId,
        targetMinutes: coverage.targetMinutes,
        share: coverage.share,
        uncoveredResidents: coverage.uncoveredResidents,
        uncoveredElderly: coverage.uncoveredElderly,
        compounds: { type: 'FeatureCollection', features },
      });
    }
    return { circleId: circle.id!, name: circle.name, shortfalls };
  });
}
