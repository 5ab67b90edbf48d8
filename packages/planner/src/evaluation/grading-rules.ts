import { LifecircleError } from '@lifecircle/shared';

/** The circle grades, lowest first; 未达标 when not even the first gate is met. */
export type Grade = '基础型' | '提升型' | '品质型' | '未达标';

/** One grade's gates. A grade also requires every grade before it in `grades`. */
export interface GradeGate {
  grade: Exclude<Grade, '未达标'>;
  /** Minimum share (0–1) of walk-evaluated basic formats present. */
  minBasicShare: number;
  /** Minimum share (0–1) of walk-evaluated quality formats present. */
  minQualityShare: number;
  /** Groups (keys of `groups`) that must be complete. */
  groups: string[];
  /** Category ids that must be present. */
  mustHave: string[];
}

/** Which residents count as elderly-heavy or youth-heavy, relative to the district. */
export interface AgeRule {
  /** Heavy when the area's share is at least the district's plus this many percentage points. */
  pointsAboveDistrict: number;
  /** Heavy in any case at or above this share (0–1); null for no absolute rule. */
  minShare: number | null;
}

/**
 * Grading rules and baskets as data (standards.md §4.4 and §9 give the
 * defaults). Shares are fractions 0–1.
 */
export interface GradingRules {
  /** A format is present in an area when at least this share of its residents reach it within its target minutes (§4.4: 50 %). */
  presenceShare: number;
  /** §4.4 also counts a format present when an outlet of it lies inside the area. */
  presenceCountsInside: boolean;
  /** §4.4: the basic and quality shares count the national guide's official formats only (when the taxonomy marks any). */
  officialFormatsOnly: boolean;
  /** Each group is a list of requirements; a requirement is met when any of its category ids is present. */
  groups: Record<string, string[][]>;
  grades: GradeGate[];
  /** A category is a shortfall when some resident is uncovered and its coverage share is below this. */
  shortfallShare: number;
  elderlyBasket: string[];
  youthBasket: string[];
  elderlyHeavy: AgeRule;
  youthHeavy: AgeRule;
}

/**
 * Defaults. Grades (§4.4, scaled from Shanxi's 15/23 and 20/30): 基础型 =
 * 一店一早 + 一菜一修 complete and ≥ 65 % of basic formats; 提升型 = 基础型 +
 * elderly care (the 2025 must-have) + ≥ 40 % of quality formats; 品质型 =
 * 提升型 + ≥ 85 % basic + ≥ 67 % quality + 一老一小 complete. 一菜 is met by a wet
 * market or a fresh grocery, 一老 by elderly care or a community canteen.
 * Ages (§9): elderly-heavy at 60+ share ≥ district + 5 points or ≥ 40 %;
 * youth-heavy at 0–14 share ≥ district + 3 points (our choice: §9 names no figure).
 */
export const DEFAULT_GRADING_RULES: GradingRules = {
  presenceShare: 0.5,
  presenceCountsInside: true,
  officialFormatsOnly: true,
  groups: {
    一店一早: [['convenience_store'], ['breakfast']],
    一菜一修: [['wet_market', 'fresh_grocery'], ['repair_point']],
    一老一小: [['elderly_care', 'community_canteen'], ['childcare']],
    一收一洗: [['recycling_point'], ['car_wash']],
  },
  grades: [
    { grade: '基础型', minBasicShare: 0.65, minQualityShare: 0, groups: ['一店一早', '一菜一修'], mustHave: [] },
    { grade: '提升型', minBasicShare: 0.65, minQualityShare: 0.4, groups: [], mustHave: ['elderly_care'] },
    { grade: '品质型', minBasicShare: 0.85, minQualityShare: 0.67, groups: ['一老一小'], mustHave: [] },
  ],
  shortfallShare: 0.9,
  elderlyBasket: ['elderly_care', 'community_canteen', 'pharmacy', 'community_health', 'repair_point', 'wet_market', 'breakfast'],
  youthBasket: ['childcare', 'fitness', 'shared_space', 'training_education', 'bakery_cake', 'tea_coffee', 'postal_express'],
  elderlyHeavy: { pointsAboveDistrict: 5, minShare: 0.4 },
  youthHeavy: { pointsAboveDistrict: 3, minShare: null },
};

const GRADE_NAMES = ['基础型', '提升型', '品质型'] as const;

/**
 * Validates grading rules read from JSON; missing fields take the defaults.
 * Throws VALIDATION naming the field (`grades[1].minQualityShare`).
 */
export function parseGradingRules(json: unknown): GradingRules {
  const fail = (field: string, reason: string): never => {
    throw new LifecircleError('VALIDATION', { field, reason });
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('(root)', 'expected an object');
  const raw = json as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_GRADING_RULES));
  for (const key of Object.keys(raw)) if (!known.has(key)) fail(key, 'unknown field');
  const share = (value: unknown, field: string): number => {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1))
      fail(field, `expected a share between 0 and 1, got ${JSON.stringify(value)}`);
    return value as number;
  };
  const flag = (value: unknown, field: string, fallback: boolean): boolean => {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') fail(field, `expected true or false, got ${JSON.stringify(value)}`);
    return value as boolean;
  };
  const ids = (value: unknown, field: string): string[] => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))
      fail(field, 'expected an array of category ids');
    return [...(value as string[])];
  };
  const ageRule = (value: unknown, field: string): AgeRule => {
    if (value === null || typeof value !== 'object') fail(field, 'expected an object');
    const r = value as Record<string, unknown>;
    const points = r.pointsAboveDistrict;
    if (typeof points !== 'number' || !(points >= 0 && points <= 100))
      fail(`${field}.pointsAboveDistrict`, 'expected percentage points between 0 and 100');
    return {
      pointsAboveDistrict: points as number,
      minShare: r.minShare === null || r.minShare === undefined ? null : share(r.minShare, `${field}.minShare`),
    };
  };
  const d = DEFAULT_GRADING_RULES;
  let groups = d.groups;
  if (raw.groups !== undefined) {
    if (raw.groups === null || typeof raw.groups !== 'object' || Array.isArray(raw.groups))
      fail('groups', 'expected an object of groups');
    groups = {};
    for (const [name, list] of Object.entries(raw.groups as Record<string, unknown>)) {
      if (!Array.isArray(list) || list.length === 0) fail(`groups.${name}`, 'expected a non-empty array of requirements');
      groups[name] = (list as unknown[]).map((r, k) => {
        const alternatives = ids(r, `groups.${name}[${k}]`);
        if (alternatives.length === 0) fail(`groups.${name}[${k}]`, 'expected at least one category id');
        return alternatives;
      });
    }
  }
  let grades = d.grades;
  if (raw.grades !== undefined) {
    if (!Array.isArray(raw.grades) || raw.grades.length === 0) fail('grades', 'expected a non-empty array of grade gates');
    grades = (raw.grades as unknown[]).map((g, k) => {
      const at = `grades[${k}]`;
      if (g === null || typeof g !== 'object') fail(at, 'expected an object');
      const gate = g as Record<string, unknown>;
      if (!GRADE_NAMES.includes(gate.grade as (typeof GRADE_NAMES)[number]))
        fail(`${at}.grade`, `expected one of ${GRADE_NAMES.join(', ')}`);
      const groupNames = ids(gate.groups ?? [], `${at}.groups`);
      for (const name of groupNames) if (!(name in groups)) fail(`${at}.groups`, `unknown group "${name}"`);
      return {
        grade: gate.grade as GradeGate['grade'],
        minBasicShare: share(gate.minBasicShare ?? 0, `${at}.minBasicShare`),
        minQualityShare: share(gate.minQualityShare ?? 0, `${at}.minQualityShare`),
        groups: groupNames,
        mustHave: ids(gate.mustHave ?? [], `${at}.mustHave`),
      };
    });
  }
  return {
    presenceShare: raw.presenceShare === undefined ? d.presenceShare : share(raw.presenceShare, 'presenceShare'),
    presenceCountsInside: flag(raw.presenceCountsInside, 'presenceCountsInside', d.presenceCountsInside),
    officialFormatsOnly: flag(raw.officialFormatsOnly, 'officialFormatsOnly', d.officialFormatsOnly),
    groups,
    grades,
    shortfallShare: raw.shortfallShare === undefined ? d.shortfallShare : share(raw.shortfallShare, 'shortfallShare'),
    elderlyBasket: raw.elderlyBasket === undefined ? [...d.elderlyBasket] : ids(raw.elderlyBasket, 'elderlyBasket'),
    youthBasket: raw.youthBasket === undefined ? [...d.youthBasket] : ids(raw.youthBasket, 'youthBasket'),
    elderlyHeavy: raw.elderlyHeavy === undefined ? { ...d.elderlyHeavy } : ageRule(raw.elderlyHeavy, 'elderlyHeavy'),
    youthHeavy: raw.youthHeavy === undefined ? { ...d.youthHeavy } : ageRule(raw.youthHeavy, 'youthHeavy'),
  };
}
