import { walkMetres, WALKING_PROFILES } from '@lifecircle/engine';
import { LifecircleError } from '@lifecircle/shared';
import { categoryDistances } from '../category-distances.js';
import type { PlannerModel } from '../planner-model.js';
import { areaKm2 } from './area-km2.js';
import type { AreaEvaluation } from './area-evaluation.js';
import { targetMinutes, type Evaluation } from './evaluate-distances.js';
import type { GradingRules } from './grading-rules.js';

/** A format relative to the district: the circle's coverage share minus the district's. */
export interface FormatDifference {
  categoryId: string;
  share: number;
  districtShare: number;
  difference: number;
}

/** The basket a circle is judged with, and its coverage. */
export interface BasketCoverage {
  basket: 'elderly' | 'youth' | 'none';
  /** elderly: elderly profile, strict minutes; youth: adult profile, default minutes. */
  profile: 'adult' | 'elderly';
  minutes: 'default' | 'strict';
  categories: { categoryId: string; targetMinutes: number; share: number }[];
  /** Mean of the categories' shares (NaN with none). */
  meanShare: number;
}

/** The portrait (精准画像) of one circle. */
export interface CirclePortrait {
  circleId: number;
  name: string;
  /** km² of the boundary; null without one. */
  areaKm2: number | null;
  residents: number;
  households: number;
  /** Residents per km²; null without a boundary. */
  densityPerKm2: number | null;
  elderlyShare: number;
  youthShare: number;
  /** Outlets located in the circle per category id (the whole stock). */
  outletsByFormat: Record<string, number>;
  /** Up to three formats the circle is best and worst covered in, relative to the district. */
  strongest: FormatDifference[];
  weakest: FormatDifference[];
  type: 'elderly-heavy' | 'youth-heavy' | 'balanced';
  basket: BasketCoverage;
}

const NUM_LISTED = 3;

/**
 * The portrait of `circleId` from an evaluation. The circle is elderly-heavy
 * (checked first) or youth-heavy by `rules` relative to the district's
 * shares; its basket's coverage is computed at the evaluation's time of day
 * (elderly basket: elderly profile and strict minutes; youth basket: adult
 * profile; a balanced circle reports no basket). Pass `distances` (from
 * `distancesAt` at the evaluation's time) to reuse them across circles;
 * otherwise the basket's categories are searched again. Throws NOT_FOUND
 * for an unknown circle.
 */
export function circlePortrait(
  model: PlannerModel,
  evaluation: Evaluation,
  circleId: number,
  rules: GradingRules,
  distances?: ReadonlyMap<string, { readonly distM: Float64Array }>,
): CirclePortrait {
  const circle = evaluation.circles.find((c) => c.id === circleId);
  const input = model.input.circles.find((c) => c.id === circleId);
  if (circle === undefined || input === undefined) throw new LifecircleError('NOT_FOUND', { entity: 'circle', id: circleId });
  const district = evaluation.district;
  const share = (n: number, of: number) => (of > 0 ? n / of : NaN);
  const elderlyShare = share(circle.elderly, circle.residents);
  const youthShare = share(circle.youth, circle.residents);
  const isHeavy = (value: number, districtValue: number, rule: GradingRules['elderlyHeavy']) =>
    value >= districtValue + rule.pointsAboveDistrict / 100 || (rule.minShare !== null && value >= rule.minShare);
  const type = isHeavy(elderlyShare, share(district.elderly, district.residents), rules.elderlyHeavy)
    ? 'elderly-heavy'
    : isHeavy(youthShare, share(district.youth, district.residents), rules.youthHeavy)
      ? 'youth-heavy'
      : 'balanced';
  const differences = compareWithDistrict(circle, district);
  const area = input.boundary === null ? null : areaKm2(input.boundary);
  const outletsByFormat: Record<string, number> = {};
  for (const o of model.input.outlets) {
    if (o.circleId !== circleId) continue;
    for (const id of o.categoryIds) outletsByFormat[id] = (outletsByFormat[id] ?? 0) + 1;
  }
  return {
    circleId,
    name: circle.name,
    areaKm2: area,
    residents: circle.residents,
    households: circle.households,
    densityPerKm2: area !== null && area > 0 ? circle.residents / area : null,
    elderlyShare,
    youthShare,
    outletsByFormat,
    strongest: differences.slice(0, NUM_LISTED).filter((d) => d.difference > 0),
    weakest: differences
      .slice()
      .reverse()
      .slice(0, NUM_LISTED)
      .filter((d) => d.difference < 0),
    type,
    basket: basketCoverage(model, evaluation.openAt, circleId, type, rules, distances),
  };
}

/** Formats by coverage share minus the district's, largest first (formats with NaN shares left out). */
function compareWithDistrict(circle: AreaEvaluation, district: AreaEvaluation): FormatDifference[] {
  const districtShare = new Map(district.categories.map((c) => [c.categoryId, c.share]));
  return circle.categories
    .map((c) => {
      const d = districtShare.get(c.categoryId) ?? NaN;
      return { categoryId: c.categoryId, share: c.share, districtShare: d, difference: c.share - d };
    })
    .filter((d) => !Number.isNaN(d.difference))
    .sort((a, b) => b.difference - a.difference || a.categoryId.localeCompare(b.categoryId));
}

function basketCoverage(
  model: PlannerModel,
  openAt: Date | null,
  circleId: number,
  type: CirclePortrait['type'],
  rules: GradingRules,
  distances: ReadonlyMap<string, { readonly distM: Float64Array }> | undefined,
): BasketCoverage {
  const isElderly = type === 'elderly-heavy';
  const profile = isElderly ? 'elderly' : 'adult';
  const minutes = isElderly ? 'strict' : 'default';
  const ids = type === 'elderly-heavy' ? rules.elderlyBasket : type === 'youth-heavy' ? rules.youthBasket : [];
  const basket = type === 'elderly-heavy' ? 'elderly' : type === 'youth-heavy' ? 'youth' : 'none';
  const speedMps = WALKING_PROFILES[profile].speedMps;
  const compounds = model.input.compounds;
  let residents = 0;
  compounds.forEach((c) => {
    if (c.circleId === circleId) residents += c.residents;
  });
  const categories: BasketCoverage['categories'] = [];
  for (const id of ids) {
    const category = model.input.taxonomy.byId.get(id);
    if (category === undefined || !category.walkEvaluated) continue;
    const target = targetMinutes(category, minutes);
    const targetM = walkMetres(target, speedMps);
    const distM = distances?.get(id)?.distM ?? categoryDistances(model, id, { openAt }).distM;
    let covered = 0;
    compounds.forEach((c, i) => {
      if (c.circleId === circleId && distM[i]! <= targetM) covered += c.residents;
    });
    categories.push({ categoryId: id, targetMinutes: target, share: residents > 0 ? covered / residents : NaN });
  }
  const meanShare = categories.length > 0 ? categories.reduce((sum, c) => sum + c.share, 0) / categories.length : NaN;
  return { basket, profile, minutes, categories, meanShare };
}
