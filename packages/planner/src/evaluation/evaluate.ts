import { categoryDistances, type CategoryDistances } from '../category-distances.js';
import type { PlannerModel } from '../planner-model.js';
import { evaluateDistances, type EvaluateOptions, type Evaluation, type PlannerProfile } from './evaluate-distances.js';
import type { GradingRules } from './grading-rules.js';

/**
 * Distances of every walk-evaluated category at one time of day, computed
 * once and shared by every profile (distances do not depend on the walking
 * speed, only the thresholds do).
 */
export function distancesAt(model: PlannerModel, openAt: Date | null): Map<string, CategoryDistances> {
  const out = new Map<string, CategoryDistances>();
  for (const category of model.input.taxonomy.categories) {
    if (category.walkEvaluated) out.set(category.id, categoryDistances(model, category.id, { openAt }));
  }
  return out;
}

function evaluateFrom(model: PlannerModel, table: Map<string, CategoryDistances>, options: EvaluateOptions): Evaluation {
  const distances = new Map<string, Float64Array>();
  let numUnparsable = 0;
  for (const [id, d] of table) {
    distances.set(id, d.distM);
    numUnparsable += d.numUnparsableHours;
  }
  return evaluateDistances(model.input, distances, options, numUnparsable);
}

/** Evaluates the district, every street and every circle for one profile and time of day. */
export function evaluate(model: PlannerModel, options: EvaluateOptions): Evaluation {
  return evaluateFrom(model, distancesAt(model, options.openAt), options);
}

/**
 * Evaluations for every profile × time of day, searching once per category
 * and time: results in the order profiles × times (profile-major).
 */
export function evaluateMany(
  model: PlannerModel,
  profiles: readonly PlannerProfile[],
  times: readonly (Date | null)[],
  rules: GradingRules,
  minutes: 'default' | 'strict' = 'default',
): Evaluation[] {
  const tables = times.map((openAt) => distancesAt(model, openAt));
  return profiles.flatMap((profile) =>
    times.map((openAt, t) => evaluateFrom(model, tables[t]!, { profile, openAt, rules, minutes })),
  );
}
