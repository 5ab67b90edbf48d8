import { LifecircleError } from './errors.js';

/** One OpenStreetMap tag set: every key must match; the value `*` matches any value. */
export type TagSet = Readonly<Record<string, string>>;

export type Tier = 'basic' | 'quality';

/** A business format (业态) of the taxonomy, normalised from the JSON file. */
export interface Category {
  id: string;
  nameZh: string;
  nameEn: string;
  /** 基本保障类 (basic) or 品质提升类 (quality). */
  tier: Tier;
  /** 一店一早 / 一菜一修 / 一老一小 / 一收一洗, or null. */
  group: string | null;
  /** The platform's target walking minutes; null when the format is not judged by walking time. */
  defaultWalkMinutes: number | null;
  /** The most demanding figure any source states, or null. */
  strictWalkMinutes: number | null;
  /** False for formats (such as the front warehouse) whose walking time is not evaluated. */
  walkEvaluated: boolean;
  /** Listed by the national guide (`official` in the taxonomy file; false when absent). */
  official: boolean;
  /** Tag sets that are sufficient on their own. */
  osm: TagSet[];
  /** Tag sets that count only together with a name keyword. */
  osmWeak: TagSet[];
  nameKeywords: string[];
  excludeNameKeywords: string[];
  /** Amap type prefixes and codes (optional in a district's own file). */
  amap: AmapRules;
}

export interface AmapRules {
  typecodes: string[];
  types: string[];
  excludeTypecodes: string[];
  candidateTypes: string[];
}

/** A validated taxonomy: categories in file order, with an index by id. */
export interface Taxonomy {
  categories: Category[];
  byId: ReadonlyMap<string, Category>;
}

const TIERS: readonly Tier[] = ['basic', 'quality'];
const ID_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * Validates the parsed JSON of a taxonomy file (format: shared/reference
 * README and standards.md §12) and normalises it. Throws TAXONOMY_INVALID
 * naming the file and the element (`[3].osm[0]`) that failed.
 */
export function parseTaxonomy(json: unknown, file: string): Taxonomy {
  const fail = (where: string, reason: string): never => {
    throw new LifecircleError('TAXONOMY_INVALID', { file, where, reason });
  };
  if (!Array.isArray(json)) fail('(root)', 'expected an array of categories');
  const list = json as unknown[];
  if (list.length === 0) fail('(root)', 'expected at least one category');
  const categories: Category[] = [];
  const byId = new Map<string, Category>();
  list.forEach((item, index) => {
    const at = `[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) fail(at, 'expected an object');
    const raw = item as Record<string, unknown>;
    const text = (field: string): string => {
      const value = raw[field];
      if (typeof value !== 'string' || value.trim() === '') fail(`${at}.${field}`, 'expected a non-empty string');
      return value as string;
    };
    const id = text('id');
    if (!ID_PATTERN.test(id)) fail(`${at}.id`, `expected lower-case letters, digits and _, got "${id}"`);
    if (byId.has(id)) fail(`${at}.id`, `duplicate category id "${id}"`);
    const tier = text('tier');
    if (!TIERS.includes(tier as Tier)) fail(`${at}.tier`, `expected "basic" or "quality", got "${tier}"`);
    const walkEvaluated = optionalBoolean(raw, 'walk_evaluated', at, fail) ?? true;
    const defaultWalkMinutes = minutes(raw, 'default_walk_minutes', at, fail, !walkEvaluated);
    if (walkEvaluated && defaultWalkMinutes === null) {
      fail(`${at}.default_walk_minutes`, 'expected a number of minutes (or walk_evaluated: false)');
    }
    const strict = raw.strict_walk_minutes === undefined ? null : minutes(raw, 'strict_walk_minutes', at, fail, true);
    if (!('osm' in raw)) fail(`${at}.osm`, 'missing (use [] when no tag matches)');
    const group = raw.group;
    if (group !== undefined && group !== null && typeof group !== 'string') fail(`${at}.group`, 'expected a string or null');
    const amapRaw = raw.amap;
    if (amapRaw !== undefined && (amapRaw === null || typeof amapRaw !== 'object' || Array.isArray(amapRaw)))
      fail(`${at}.amap`, 'expected an object');
    const amap = (amapRaw ?? {}) as Record<string, unknown>;
    const category: Category = {
      id,
      nameZh: text('name_zh'),
      nameEn: text('name_en'),
      tier: tier as Tier,
      group: typeof group === 'string' ? group : null,
      defaultWalkMinutes,
      strictWalkMinutes: strict,
      walkEvaluated,
      official: optionalBoolean(raw, 'official', at, fail) ?? false,
      osm: tagSets(raw.osm, `${at}.osm`, fail),
      osmWeak: raw.osm_weak === undefined ? [] : tagSets(raw.osm_weak, `${at}.osm_weak`, fail),
      nameKeywords: strings(raw.name_keywords, `${at}.name_keywords`, fail),
      excludeNameKeywords: strings(raw.exclude_name_keywords, `${at}.exclude_name_keywords`, fail),
      amap: {
        typecodes: strings(amap.typecodes, `${at}.amap.typecodes`, fail),
        types: strings(amap.types, `${at}.amap.types`, fail),
        excludeTypecodes: strings(amap.exclude_typecodes, `${at}.amap.exclude_typecodes`, fail),
        candidateTypes: strings(amap.candidate_types, `${at}.amap.candidate_types`, fail),
      },
    };
    categories.push(category);
    byId.set(id, category);
  });
  return { categories, byId };
}

type Fail = (where: string, reason: string) => never;

function optionalBoolean(raw: Record<string, unknown>, field: string, at: string, fail: Fail): boolean | undefined {
  const value = raw[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(`${at}.${field}`, 'expected true or false');
  return value as boolean;
}

function minutes(raw: Record<string, unknown>, field: string, at: string, fail: Fail, allowNull: boolean): number | null {
  const value = raw[field];
  if (value === null && allowNull) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 240) {
    fail(`${at}.${field}`, `expected minutes between 0 and 240, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function strings(value: unknown, where: string, fail: Fail): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || s === '')) {
    fail(where, 'expected an array of non-empty strings');
  }
  return value as string[];
}

function tagSets(value: unknown, where: string, fail: Fail): TagSet[] {
  if (!Array.isArray(value)) fail(where, 'expected an array of tag sets');
  return (value as unknown[]).map((set, index) => {
    const at = `${where}[${index}]`;
    if (set === null || typeof set !== 'object' || Array.isArray(set)) fail(at, 'expected an object of tag: value');
    const entries = Object.entries(set as object);
    if (entries.length === 0) fail(at, 'expected at least one tag');
    for (const [key, tagValue] of entries) {
      if (typeof tagValue !== 'string' || tagValue === '') fail(`${at}.${key}`, 'expected a tag value or "*"');
    }
    return set as TagSet;
  });
}
