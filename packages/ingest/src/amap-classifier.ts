import type { Category, Taxonomy } from '@lifecircle/shared';
import { stripBranchSuffix } from '@lifecircle/engine';

/** A category's Amap rules prepared for matching: type paths split into levels, codes cut to their significant prefix. */
interface CompiledCategory {
  id: string;
  types: string[][];
  candidateTypes: string[][];
  typecodes: string[];
  excludeTypecodes: string[];
  nameKeywords: string[];
  excludeNameKeywords: string[];
}

const compiledByTaxonomy = new WeakMap<Taxonomy, CompiledCategory[]>();

/** `餐饮服务;中餐厅;火锅店` → its levels. */
function typeLevels(path: string): string[] {
  return path
    .split(';')
    .map((level) => level.trim())
    .filter((level) => level !== '');
}

/**
 * The significant prefix of a six-digit Amap code: trailing `00` pairs mean
 * "the whole class" (050000 = every 餐饮服务, 050100 = every 中餐厅), as the
 * Amap POI table defines (standards.md §11).
 */
export function typecodePrefix(code: string): string {
  let prefix = code.trim();
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

function compile(category: Category): CompiledCategory {
  return {
    id: category.id,
    types: category.amap.types.map(typeLevels),
    candidateTypes: category.amap.candidateTypes.map(typeLevels),
    typecodes: category.amap.typecodes.map(typecodePrefix),
    excludeTypecodes: category.amap.excludeTypecodes.map(typecodePrefix),
    nameKeywords: category.nameKeywords.map((keyword) => keyword.toLowerCase()),
    excludeNameKeywords: category.excludeNameKeywords.map((keyword) => keyword.toLowerCase()),
  };
}

/** True when `prefix` is the first levels of `levels` (whole levels only: 生活服务 is not a prefix of 生活服务场所). */
function isLevelPrefix(prefix: string[], levels: string[]): boolean {
  if (prefix.length === 0 || prefix.length > levels.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== levels[i]) return false;
  return true;
}

/** One `|`-separated part of an Amap type: either a six-digit code or a `大类;中类;小类` path. */
interface TypePart {
  code: string | null;
  levels: string[];
}

function parseType(type: string): TypePart[] {
  return type
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (/^\d{6}$/.test(part) ? { code: part, levels: [] } : { code: null, levels: typeLevels(part) }));
}

/**
 * The taxonomy category ids an Amap POI belongs to, in taxonomy order (a POI
 * may match several), following standards.md §12:
 * - `amap.types` (by whole levels) and `amap.typecodes` (by code prefix) match on their own;
 * - `amap.candidate_types` match only when the name, its bracketed branch
 *   removed (「麦当劳(光新路乐购店)」 → 麦当劳), contains a `name_keywords` entry;
 * - `exclude_typecodes` and `exclude_name_keywords` veto a match.
 * `type` is Amap's `大类;中类;小类` text or a six-digit code, several joined by `|`.
 * Name keywords compare case-insensitively (Manner, 7-ELEVEn). Excluded codes
 * can veto only when the file gives codes: type names carry no code.
 */
export function classifyAmap(type: string, name: string, taxonomy: Taxonomy): string[] {
  let compiled = compiledByTaxonomy.get(taxonomy);
  if (compiled === undefined) {
    compiled = taxonomy.categories.map(compile);
    compiledByTaxonomy.set(taxonomy, compiled);
  }
  const parts = parseType(type);
  if (parts.length === 0) return [];
  const cleanName = stripBranchSuffix(name).toLowerCase();
  const ids: string[] = [];
  for (const category of compiled) {
    let isMatch = false;
    let isVetoed = false;
    for (const part of parts) {
      if (part.code !== null) {
        const code = part.code;
        if (category.excludeTypecodes.some((prefix) => code.startsWith(prefix))) isVetoed = true;
        else if (category.typecodes.some((prefix) => code.startsWith(prefix))) isMatch = true;
      } else if (category.types.some((prefix) => isLevelPrefix(prefix, part.levels))) {
        isMatch = true;
      } else if (
        category.candidateTypes.some((prefix) => isLevelPrefix(prefix, part.levels)) &&
        category.nameKeywords.some((keyword) => cleanName.includes(keyword))
      ) {
        isMatch = true;
      }
    }
    if (isMatch && !isVetoed && !category.excludeNameKeywords.some((keyword) => cleanName.includes(keyword)))
      ids.push(category.id);
  }
  return ids;
}
