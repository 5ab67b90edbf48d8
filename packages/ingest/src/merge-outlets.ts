import Flatbush from 'flatbush';
import { haversineM, METRES_PER_DEGREE, type LngLat } from '@lifecircle/shared';

/** What the merge looks at: a name, categories and a WGS-84 position. */
export interface MergeItem {
  name: string;
  categoryIds: readonly string[];
  location: LngLat;
}

/** For each incoming item: the existing item it updates, or the earlier incoming item it duplicates. */
export interface MergePlan {
  /** Index into `existing` of the record incoming[i] updates, or -1. */
  matchOf: Int32Array;
  /** Index of the earlier incoming item that incoming[i] repeats (-1 when it is the first of its kind). */
  duplicateOf: Int32Array;
}

/** Default distance within which two records of one outlet may lie (Amap and table positions of a shop differ by a few metres to a few tens). */
export const MERGE_RADIUS_M = 30;

/**
 * A name reduced to what identifies the shop: NFKC (full-width → ASCII),
 * bracketed branch names removed (（长寿路店）, (…), 【…】), spaces and
 * punctuation dropped, lower-case.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[(（[【][^()（）[\]【】]*[)）\]】]/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Sørensen–Dice coefficient of the character bigram multisets of two strings (0…1). */
export function bigramDice(a: string, b: string): number {
  const gramsA = bigrams(a);
  const gramsB = bigrams(b);
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const count of gramsA.values()) sizeA += count;
  for (const [gram, count] of gramsB) {
    sizeB += count;
    shared += Math.min(count, gramsA.get(gram) ?? 0);
  }
  return sizeA + sizeB === 0 ? 0 : (2 * shared) / (sizeA + sizeB);
}

/**
 * Whether two names (already normalised) name the same shop. Chinese names
 * have no word breaks, so token measures do not apply; the two common
 * variations are an added brand or type word (联华超市 / 世纪联华超市: one
 * contains the other) and a changed character or suffix (好德便利 /
 * 好德便利店, 罗森便利店 / 罗森便利): character-bigram Dice ≥ 0.5 accepts those
 * while rejecting two different shops of one trade (联华超市 / 华润超市,
 * Dice 0.33). Containment needs at least two characters, so 店 matches nothing.
 * The cost, seen on the whole Amap food file (45 of 11,675 classified rows
 * fold): short names sharing a trade word reach 0.5 (西北牛肉面 / 兰州牛肉面),
 * so two such shops within 30 m of each other merge.
 */
export function isSimilarName(a: string, b: string): boolean {
  if (a === b) return a !== '';
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if ([...shorter].length >= 2 && longer.includes(shorter)) return true;
  return bigramDice(a, b) >= 0.5;
}

function sharesCategory(a: readonly string[], b: readonly string[]): boolean {
  return a.some((id) => b.includes(id));
}

/** Whether two items are one outlet: a shared category, similar normalised names, within `radiusM`. */
export function isSameOutlet(a: MergeItem, nameA: string, b: MergeItem, nameB: string, radiusM: number): boolean {
  return (
    sharesCategory(a.categoryIds, b.categoryIds) &&
    haversineM(a.location[0], a.location[1], b.location[0], b.location[1]) <= radiusM &&
    isSimilarName(nameA, nameB)
  );
}

function buildIndex(items: readonly MergeItem[]): Flatbush | null {
  if (items.length === 0) return null;
  const index = new Flatbush(items.length);
  for (const item of items) index.add(item.location[0], item.location[1], item.location[0], item.location[1]);
  index.finish();
  return index;
}

/** Indices of items whose point lies in the box of `radiusM` around `location` (a superset of those within radiusM). */
function near(index: Flatbush | null, location: LngLat, radiusM: number): number[] {
  if (index === null) return [];
  const dLat = (radiusM / METRES_PER_DEGREE) * 1.01;
  const dLng = dLat / Math.max(Math.cos((location[1] * Math.PI) / 180), 0.01);
  return index.search(location[0] - dLng, location[1] - dLat, location[0] + dLng, location[1] + dLat);
}

/**
 * Decides which incoming outlets repeat an earlier row of the same file and
 * which update an existing outlet (same outlet = isSameOutlet). Rows are
 * taken in file order: a row first joins the earliest earlier row it repeats;
 * otherwise it updates the nearest existing outlet not yet claimed (ties: the
 * lower index), else it is new. Duplicates follow their first row and claim
 * nothing. Spatial indexes (flatbush) over both lists keep this
 * O((n + m) log(n + m)) plus the candidates within the radius.
 */
export function planOutletMerge(
  existing: readonly MergeItem[],
  incoming: readonly MergeItem[],
  radiusM = MERGE_RADIUS_M,
): MergePlan {
  const existingNames = existing.map((item) => normaliseName(item.name));
  const incomingNames = incoming.map((item) => normaliseName(item.name));
  const existingIndex = buildIndex(existing);
  const incomingIndex = buildIndex(incoming);
  const matchOf = new Int32Array(incoming.length).fill(-1);
  const duplicateOf = new Int32Array(incoming.length).fill(-1);
  const isClaimed = new Uint8Array(existing.length);
  for (let i = 0; i < incoming.length; i++) {
    const item = incoming[i]!;
    let first = -1;
    for (const j of near(incomingIndex, item.location, radiusM)) {
      if (
        j < i &&
        (first < 0 || j < first) &&
        duplicateOf[j] === -1 &&
        isSameOutlet(item, incomingNames[i]!, incoming[j]!, incomingNames[j]!, radiusM)
      )
        first = j;
    }
    if (first >= 0) {
      duplicateOf[i] = first;
      continue;
    }
    let best = -1;
    let bestM = Infinity;
    for (const k of near(existingIndex, item.location, radiusM)) {
      if (isClaimed[k] === 1) continue;
      const other = existing[k]!;
      if (!isSameOutlet(item, incomingNames[i]!, other, existingNames[k]!, radiusM)) continue;
      const distanceM = haversineM(item.location[0], item.location[1], other.location[0], other.location[1]);
      if (distanceM < bestM || (distanceM === bestM && k < best)) {
        best = k;
        bestM = distanceM;
      }
    }
    if (best >= 0) {
      matchOf[i] = best;
      isClaimed[best] = 1;
    }
  }
  return { matchOf, duplicateOf };
}
