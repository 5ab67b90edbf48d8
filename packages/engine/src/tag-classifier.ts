import type { Category, TagSet } from '@lifecircle/shared';

/** Tags of one OpenStreetMap element. */
export type Tags = Readonly<Record<string, string>>;

/**
 * Removes a bracketed branch suffix from a name, so 「麦当劳(光新路乐购店)」 is
 * matched as 麦当劳 and not as the supermarket 乐购 (standards.md §11).
 */
export function stripBranchSuffix(name: string): string {
  return name.replace(/[（(][^（()）]*[)）]/g, '').trim();
}

function matchesSet(tags: Tags, set: TagSet): boolean {
  for (const key in set) {
    const want = set[key];
    // Own keys only: a tag set naming `constructor` or `__proto__` must not match what every object inherits.
    const have = Object.hasOwn(tags, key) ? tags[key] : undefined;
    if (have === undefined) return false;
    if (want !== '*' && have !== want) return false;
  }
  return true;
}

function elementName(tags: Tags): string {
  return stripBranchSuffix(tags['name:zh'] ?? tags.name ?? tags.brand ?? '');
}

/**
 * Decides which categories an OpenStreetMap element belongs to (an element
 * may match several): any `osm` tag set matches on its own; an `osm_weak`
 * set matches only with a name keyword; an excluding name keyword vetoes.
 */
export class TagClassifier {
  readonly categories: readonly Category[];
  private readonly keys = new Set<string>();

  constructor(categories: readonly Category[]) {
    this.categories = categories;
    for (const category of categories) {
      for (const set of [...category.osm, ...category.osmWeak]) for (const key in set) this.keys.add(key);
    }
  }

  /** Writes the indices of matching categories into `out` (cleared first) and returns how many. */
  classify(tags: Tags, out: number[]): number {
    out.length = 0;
    let name: string | undefined;
    for (let c = 0; c < this.categories.length; c++) {
      const category = this.categories[c];
      let isMatch = category.osm.some((set) => matchesSet(tags, set));
      if (!isMatch && category.osmWeak.length > 0 && category.nameKeywords.length > 0) {
        if (category.osmWeak.some((set) => matchesSet(tags, set))) {
          name ??= elementName(tags);
          isMatch = name !== '' && category.nameKeywords.some((keyword) => name!.includes(keyword));
        }
      }
      if (isMatch && category.excludeNameKeywords.length > 0) {
        name ??= elementName(tags);
        if (category.excludeNameKeywords.some((keyword) => name!.includes(keyword))) isMatch = false;
      }
      if (isMatch) out.push(c);
    }
    return out.length;
  }

  /** Whether any tag set of any category mentions one of the element's keys (a cheap pre-filter). */
  mayMatch(tags: Tags): boolean {
    for (const key in tags) if (this.keys.has(key)) return true;
    return false;
  }
}
