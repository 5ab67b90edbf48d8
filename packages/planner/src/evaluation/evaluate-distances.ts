import { outletOpenState } from '../outlet-hours.js';
import { walkMetres, WALKING_PROFILES } from '@lifecircle/engine';
import type { Category } from '@lifecircle/shared';
import type { PlannerInput } from '../planner-input.js';
import type { AreaEvaluation, CategoryCoverage } from './area-evaluation.js';
import { gradeArea } from './grade-area.js';
import type { GradingRules } from './grading-rules.js';

/** Walking profile of an evaluation: adult 1.2 m/s or elderly 0.8 m/s (standards.md §10). */
export type PlannerProfile = 'adult' | 'elderly';

/** How an evaluation judges coverage. */
export interface EvaluateOptions {
  profile: PlannerProfile;
  /** China wall-clock time at which outlets must be open; null counts every outlet. */
  openAt: Date | null;
  rules: GradingRules;
  /** Target minutes: each category's default (the default), or its strict figure where one is stated. */
  minutes?: 'default' | 'strict';
}

/** The evaluation of the district, each street and each circle for one profile and time of day. */
export interface Evaluation {
  profile: PlannerProfile;
  speedMps: number;
  openAt: Date | null;
  minutes: 'default' | 'strict';
  district: AreaEvaluation;
  streets: AreaEvaluation[];
  circles: AreaEvaluation[];
  /** Outlets whose opening_hours did not parse, over all categories (counted as closed); 0 when openAt is null. */
  numUnparsableHours: number;
}

/** The parts of the input an evaluation reads (the what-if passes edited lists). */
export type EvaluationInput = Pick<PlannerInput, 'compounds' | 'outlets' | 'circles' | 'streets' | 'taxonomy'>;

/** Target minutes of a walk-evaluated category. */
export function targetMinutes(category: Category, minutes: 'default' | 'strict'): number {
  const base = category.defaultWalkMinutes ?? 15;
  return minutes === 'strict' ? (category.strictWalkMinutes ?? base) : base;
}

/**
 * Aggregates compound distances into the evaluation of every area:
 * `distances.get(categoryId)[c]` is metres from compound c to the nearest
 * counted outlet (Infinity when none). O(categories × compounds).
 */
export function evaluateDistances(
  input: EvaluationInput,
  distances: ReadonlyMap<string, Float64Array>,
  options: EvaluateOptions,
  numUnparsableHours = 0,
): Evaluation {
  const { compounds, outlets, circles, streets, taxonomy } = input;
  const minutes = options.minutes ?? 'default';
  const speedMps = WALKING_PROFILES[options.profile].speedMps;
  // Area slots: 0 the district, then streets, then circles.
  const numAreas = 1 + streets.length + circles.length;
  const streetSlot = new Map(streets.map((s, i) => [s.id, 1 + i]));
  const circleSlot = new Map(circles.map((c, i) => [c.id, 1 + streets.length + i]));
  const compoundSlots = compounds.map((c) => {
    const slots = [0];
    const s = c.streetId === null ? undefined : streetSlot.get(c.streetId);
    if (s !== undefined) slots.push(s);
    const k = c.circleId === null ? undefined : circleSlot.get(c.circleId);
    if (k !== undefined) slots.push(k);
    return slots;
  });
  // An outlet in no street and no circle lies outside the district: it serves residents but is not the district's.
  const outletSlots = outlets.map((o) => {
    const slots = o.streetId === null && o.circleId === null ? [] : [0];
    const s = o.streetId === null ? undefined : streetSlot.get(o.streetId);
    if (s !== undefined) slots.push(s);
    const k = o.circleId === null ? undefined : circleSlot.get(o.circleId);
    if (k !== undefined) slots.push(k);
    return slots;
  });
  const residents = new Float64Array(numAreas);
  const households = new Float64Array(numAreas);
  const elderly = new Float64Array(numAreas);
  const youth = new Float64Array(numAreas);
  compounds.forEach((c, i) => {
    for (const a of compoundSlots[i]!) {
      residents[a] = residents[a]! + c.residents;
      households[a] = households[a]! + c.households;
      elderly[a] = elderly[a]! + c.age60plus;
      youth[a] = youth[a]! + c.age0to14;
    }
  });
  const categoryIndex = new Map(taxonomy.categories.map((c, k) => [c.id, k]));
  const numCategories = taxonomy.categories.length;
  const inside = new Float64Array(numAreas * numCategories);
  // Presence by an outlet inside counts only outlets open at the evaluation's time (a breakfast shop closed at
  // 07:00 does not make breakfast present at 07:00); the stock figures count every outlet.
  const openInside = new Float64Array(numAreas * numCategories);
  outlets.forEach((o, i) => {
    const isOpen = options.openAt === null || outletOpenState(o.openingHours, options.openAt) === 'open';
    for (const id of o.categoryIds) {
      const k = categoryIndex.get(id);
      if (k === undefined) continue;
      for (const a of outletSlots[i]!) {
        inside[a * numCategories + k] = inside[a * numCategories + k]! + 1;
        if (isOpen) openInside[a * numCategories + k] = openInside[a * numCategories + k]! + 1;
      }
    }
  });

  const perArea: CategoryCoverage[][] = Array.from({ length: numAreas }, () => []);
  const present: Set<string>[] = Array.from({ length: numAreas }, () => new Set());
  const coveredResidents = new Float64Array(numAreas);
  const coveredElderly = new Float64Array(numAreas);
  taxonomy.categories.forEach((category, k) => {
    if (!category.walkEvaluated) {
      for (let a = 0; a < numAreas; a++) if (openInside[a * numCategories + k]! > 0) present[a]!.add(category.id);
      return;
    }
    const target = targetMinutes(category, minutes);
    const targetM = walkMetres(target, speedMps);
    const distM = distances.get(category.id);
    coveredResidents.fill(0);
    coveredElderly.fill(0);
    if (distM !== undefined) {
      compounds.forEach((c, i) => {
        if (!(distM[i]! <= targetM)) return;
        for (const a of compoundSlots[i]!) {
          coveredResidents[a] = coveredResidents[a]! + c.residents;
          coveredElderly[a] = coveredElderly[a]! + c.age60plus;
        }
      });
    }
    for (let a = 0; a < numAreas; a++) {
      const share = residents[a]! > 0 ? coveredResidents[a]! / residents[a]! : NaN;
      const numInside = inside[a * numCategories + k]!;
      const isPresent =
        share >= options.rules.presenceShare || (options.rules.presenceCountsInside && openInside[a * numCategories + k]! > 0);
      if (isPresent) present[a]!.add(category.id);
      perArea[a]!.push({
        categoryId: category.id,
        targetMinutes: target,
        coveredResidents: coveredResidents[a]!,
        uncoveredResidents: residents[a]! - coveredResidents[a]!,
        share,
        coveredElderly: coveredElderly[a]!,
        uncoveredElderly: elderly[a]! - coveredElderly[a]!,
        elderlyShare: elderly[a]! > 0 ? coveredElderly[a]! / elderly[a]! : NaN,
        numOutletsInside: numInside,
        outletsPer10k: residents[a]! > 0 ? (numInside / residents[a]!) * 10_000 : NaN,
        isPresent,
      });
    }
  });

  const area = (a: number, kind: AreaEvaluation['kind'], id: number | null, name: string): AreaEvaluation => {
    const graded = gradeArea(present[a]!, taxonomy.categories, options.rules);
    let total = 0;
    let numFormats = 0;
    for (let k = 0; k < numCategories; k++) {
      const n = inside[a * numCategories + k]!;
      total += n;
      if (n > 0) numFormats++;
    }
    let diversity = 0;
    for (let k = 0; k < numCategories; k++) {
      const n = inside[a * numCategories + k]!;
      if (n > 0) diversity -= (n / total) * Math.log(n / total);
    }
    return {
      kind,
      id,
      name,
      residents: residents[a]!,
      households: households[a]!,
      elderly: elderly[a]!,
      youth: youth[a]!,
      categories: perArea[a]!,
      formatsPresent: taxonomy.categories.filter((c) => present[a]!.has(c.id)).map((c) => c.id),
      basicShare: graded.basicShare,
      qualityShare: graded.qualityShare,
      groupsMet: graded.groupsMet,
      grade: graded.grade,
      gradeReasons: graded.reasons,
      numFormats,
      diversity,
    };
  };
  return {
    profile: options.profile,
    speedMps,
    openAt: options.openAt,
    minutes,
    district: area(0, 'district', null, '全区'),
    streets: streets.map((s, i) => area(1 + i, 'street', s.id, s.name)),
    circles: circles.map((c, i) => area(1 + streets.length + i, 'circle', c.id, c.name)),
    numUnparsableHours,
  };
}
