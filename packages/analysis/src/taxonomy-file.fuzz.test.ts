import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { TagClassifier } from '@lifecircle/engine';
import { isLifecircleError, type Category } from '@lifecircle/shared';
import { fuzzParameters, fuzzTally, JsonEntries, jsonModel, jsonText, JsonRaw, type JsonModel } from '@lifecircle/shared/testing';
import { DEFAULT_TAXONOMY_URL, loadTaxonomyFile } from './taxonomy-default.js';

// Property-based fuzzing of the taxonomy loader (`--taxonomy FILE` of the CLI
// verbs and `serve`): generated valid files are read exactly as written,
// broken ones fail with TAXONOMY_INVALID naming the element, and whatever a
// file is, nothing else is ever thrown.

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-taxonomy-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let fileNumber = 0;

/** Writes the bytes to a fresh file and loads it as a taxonomy. */
function loadBytes(bytes: Uint8Array | string): ReturnType<typeof loadTaxonomyFile> {
  const file = join(dir, `taxonomy-${++fileNumber}.json`);
  writeFileSync(file, bytes);
  try {
    return loadTaxonomyFile(file);
  } finally {
    rmSync(file);
  }
}

/** A category as the test generates it: every field of the file format, tag sets as entry lists. */
interface CategoryModel {
  id: string;
  nameZh: string;
  nameEn: string;
  tier: 'basic' | 'quality';
  group: string | null | undefined;
  walkEvaluated: boolean | undefined;
  defaultWalkMinutes: number | null;
  strictWalkMinutes: number | null | undefined;
  official: boolean | undefined;
  osm: [string, string][][];
  osmWeak: [string, string][][] | undefined;
  nameKeywords: string[] | undefined;
  excludeNameKeywords: string[] | undefined;
  amap: { typecodes: string[]; types: string[]; excludeTypecodes: string[]; candidateTypes: string[] } | undefined;
}

/** Tag keys and values, with the names every JavaScript object inherits among them. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const tagKey = fc.oneof(
  fc.constantFrom('shop', 'amenity', 'healthcare', 'craft', 'name', ...PROTOTYPE_KEYS),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const tagValue = fc.oneof(fc.constantFrom('*', 'convenience', 'pharmacy', 'yes'), fc.string({ minLength: 1, maxLength: 6 }));
const tagSet = fc.uniqueArray(fc.tuple(tagKey, tagValue), { minLength: 1, maxLength: 3, selector: ([key]) => key });
const word = fc.string({ minLength: 1, maxLength: 8 }).filter((text) => text.trim() !== '');
const words = fc.array(fc.oneof(word, fc.constantFrom('店', '超市', '药')), { maxLength: 3 });
const minutes = fc.oneof(fc.integer({ min: 1, max: 240 }), fc.double({ min: 0.01, max: 240, noNaN: true }));

const categoryModel: fc.Arbitrary<Omit<CategoryModel, 'id'>> = fc
  .record({
    nameZh: word,
    nameEn: word,
    tier: fc.constantFrom('basic' as const, 'quality' as const),
    group: fc.option(fc.option(word, { nil: null }), { nil: undefined }),
    walkEvaluated: fc.option(fc.boolean(), { nil: undefined }),
    defaultWalkMinutes: minutes,
    strictWalkMinutes: fc.option(fc.option(minutes, { nil: null }), { nil: undefined }),
    official: fc.option(fc.boolean(), { nil: undefined }),
    osm: fc.array(tagSet, { maxLength: 3 }),
    osmWeak: fc.option(fc.array(tagSet, { maxLength: 2 }), { nil: undefined }),
    nameKeywords: fc.option(words, { nil: undefined }),
    excludeNameKeywords: fc.option(words, { nil: undefined }),
    amap: fc.option(fc.record({ typecodes: words, types: words, excludeTypecodes: words, candidateTypes: words }), {
      nil: undefined,
    }),
    noWalk: fc.boolean(),
  })
  // A format not judged by walking time may leave its minutes null.
  .map(({ noWalk, ...category }) =>
    category.walkEvaluated === false && noWalk ? { ...category, defaultWalkMinutes: null } : category,
  );

const taxonomyModel: fc.Arbitrary<CategoryModel[]> = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/), { minLength: 1, maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map((id) => categoryModel.map((category) => ({ id, ...category })))));

const tagSetModel = (set: [string, string][]): JsonModel => new JsonEntries(set);

/** The file's JSON for a generated category; optional fields are left out when undefined. */
function categoryJson(category: CategoryModel, extra: [string, JsonModel][] = []): JsonEntries {
  const entries: [string, JsonModel][] = [
    ['id', category.id],
    ['name_zh', category.nameZh],
    ['name_en', category.nameEn],
    ['tier', category.tier],
    ['default_walk_minutes', category.defaultWalkMinutes],
    ['osm', category.osm.map(tagSetModel)],
  ];
  const optional = (key: string, value: JsonModel | undefined) => {
    if (value !== undefined) entries.push([key, value]);
  };
  optional('group', category.group);
  optional('walk_evaluated', category.walkEvaluated);
  optional('strict_walk_minutes', category.strictWalkMinutes);
  optional('official', category.official);
  optional('osm_weak', category.osmWeak?.map(tagSetModel));
  optional('name_keywords', category.nameKeywords);
  optional('exclude_name_keywords', category.excludeNameKeywords);
  if (category.amap !== undefined) {
    const { typecodes, types, excludeTypecodes, candidateTypes } = category.amap;
    entries.push([
      'amap',
      new JsonEntries([
        ['typecodes', typecodes],
        ['types', types],
        ['exclude_typecodes', excludeTypecodes],
        ['candidate_types', candidateTypes],
      ]),
    ]);
  }
  return new JsonEntries([...entries, ...extra]);
}

/** What the loader should make of a generated category, worked out from the model alone. */
function expectedCategory(category: CategoryModel): unknown {
  // (fast-check's records have no prototype; the loader's objects are plain.)
  const amap = { ...(category.amap ?? { typecodes: [], types: [], excludeTypecodes: [], candidateTypes: [] }) };
  return {
    id: category.id,
    nameZh: category.nameZh,
    nameEn: category.nameEn,
    tier: category.tier,
    group: category.group ?? null,
    defaultWalkMinutes: category.defaultWalkMinutes,
    strictWalkMinutes: category.strictWalkMinutes ?? null,
    walkEvaluated: category.walkEvaluated ?? true,
    official: category.official ?? false,
    osm: category.osm.map(sortedEntries),
    osmWeak: (category.osmWeak ?? []).map(sortedEntries),
    nameKeywords: category.nameKeywords ?? [],
    excludeNameKeywords: category.excludeNameKeywords ?? [],
    amap,
  };
}

/** Tag pairs sorted by key (an object lists integer-like keys first, whatever the file's order). */
function sortedEntries(set: readonly (readonly [string, string])[] | Readonly<Record<string, string>>): [string, string][] {
  const pairs: [string, string][] = Array.isArray(set)
    ? set.map(([key, value]) => [key, value])
    : Object.entries(set as Record<string, string>);
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A loaded category with its tag sets as sorted entry lists, comparable with expectedCategory. */
function comparable(category: Category): unknown {
  return { ...category, osm: category.osm.map(sortedEntries), osmWeak: category.osmWeak.map(sortedEntries) };
}

/** Asserts `error` is TAXONOMY_INVALID whose `where` is `place` or lies inside it (`place.x`, `place[0]`). */
function assertInvalidAt(error: unknown, place: string | RegExp): void {
  if (!isLifecircleError(error, 'TAXONOMY_INVALID')) throw error;
  const where = String(error.details.where);
  const isInside =
    typeof place === 'string'
      ? where === place || where.startsWith(`${place}.`) || where.startsWith(`${place}[`)
      : place.test(where);
  assert.ok(isInside, `expected the error at ${String(place)}, got ${where}: ${error.message}`);
  assert.ok(String(error.details.reason).length > 0);
}

/** The element's name as the classifier reads it (name:zh, name, brand), bracketed branch suffixes dropped. */
function referenceName(tags: ReadonlyMap<string, string>): string {
  const name = tags.get('name:zh') ?? tags.get('name') ?? tags.get('brand') ?? '';
  return name.replace(/[（(][^（()）]*[)）]/g, '').trim();
}

/** The categories an element belongs to, by the taxonomy's rules over a Map (no inherited keys). */
function referenceClassify(categories: readonly CategoryModel[], tags: ReadonlyMap<string, string>): number[] {
  const matches = (set: [string, string][]) =>
    set.every(([key, want]) => tags.has(key) && (want === '*' || tags.get(key) === want));
  const name = referenceName(tags);
  const found: number[] = [];
  categories.forEach((category, index) => {
    const keywords = category.nameKeywords ?? [];
    let isMatch =
      category.osm.some(matches) ||
      ((category.osmWeak ?? []).some(matches) && name !== '' && keywords.some((keyword) => name.includes(keyword)));
    if ((category.excludeNameKeywords ?? []).some((keyword) => name.includes(keyword))) isMatch = false;
    if (isMatch) found.push(index);
  });
  return found;
}

test('a generated valid taxonomy file loads exactly as written, with or without a BOM', async (t) => {
  let count = 0;
  await fc.assert(
    fc.property(taxonomyModel, fc.boolean(), fc.boolean(), (categories, hasBom, isPretty) => {
      count++;
      let text = jsonText(categories.map((category) => categoryJson(category)));
      if (isPretty) text = JSON.stringify(JSON.parse(text), null, 2);
      const taxonomy = loadBytes(hasBom ? `\uFEFF${text}` : text);
      assert.deepEqual(taxonomy.categories.map(comparable), categories.map(expectedCategory));
      assert.deepEqual(
        [...taxonomy.byId.keys()],
        categories.map((category) => category.id),
      );
    }),
    fuzzParameters(300),
  );
  t.diagnostic(fuzzTally('taxonomy: valid files', count));
});

test('the classifier of any valid taxonomy matches elements by their own tags only', async (t) => {
  let count = 0;
  const elementTags = fc.uniqueArray(
    fc.tuple(fc.oneof(tagKey, fc.constantFrom('name', 'name:zh', 'brand')), fc.oneof(tagValue, word)),
    { maxLength: 5, selector: ([key]) => key },
  );
  await fc.assert(
    fc.property(taxonomyModel, fc.array(elementTags, { minLength: 1, maxLength: 8 }), (categories, elements) => {
      count++;
      const taxonomy = loadBytes(jsonText(categories.map((category) => categoryJson(category))));
      const classifier = new TagClassifier(taxonomy.categories);
      const out: number[] = [];
      for (const pairs of elements) {
        // Readers build tags as plain objects: Object.fromEntries keeps `__proto__` an own key, as a parser must.
        classifier.classify(Object.fromEntries(pairs), out);
        assert.deepEqual(out, referenceClassify(categories, new Map(pairs)), `tags ${JSON.stringify(pairs)}`);
      }
    }),
    fuzzParameters(300),
  );
  t.diagnostic(fuzzTally('taxonomy: classifier', count));
});

/** A value that is not a JSON string (for fields that must be strings). */
const notString: fc.Arbitrary<JsonModel> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constant([]),
  fc.constant(new JsonEntries([])),
  fc.constant(new JsonRaw('1e999')),
);
const blank = fc.constantFrom('', ' ', '\t\n', '\u3000');
const notArray: fc.Arbitrary<JsonModel> = fc.oneof(fc.boolean(), fc.integer(), word, fc.constant(new JsonEntries([['0', 'a']])));
const badMinutes: fc.Arbitrary<JsonModel> = fc.oneof(
  // (Infinity would be written as null, which a strict figure may be.)
  fc.double({ max: 0, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 240.0001, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom<JsonModel>('10', new JsonRaw('1e999'), new JsonRaw('-1e999'), true, [], new JsonEntries([])),
);
const badTagSets: fc.Arbitrary<JsonModel> = fc.oneof(
  notArray,
  fc.constant(null),
  fc.constant([null]),
  fc.constant([[]]),
  fc.constant([new JsonEntries([])]),
  fc.constant([new JsonEntries([['shop', '']])]),
  fc.constant([new JsonEntries([['shop', 3]])]),
  fc.constant([new JsonEntries([['__proto__', null]])]),
);
const badStrings: fc.Arbitrary<JsonModel> = fc.oneof(
  notArray,
  fc.constant(['']),
  fc.constant([1]),
  fc.constant([null]),
  fc.constant(['ok', new JsonEntries([])]),
);

/** Broken values for each checked field of a category: the error must name that field of that category. */
const FIELD_BREAKERS: Record<string, fc.Arbitrary<JsonModel | 'delete'>> = {
  id: fc.oneof(notString, blank, fc.constantFrom('Convenience', '1st', 'a-b', 'a b', '_x', 'café')),
  name_zh: fc.oneof(notString, blank, fc.constant('delete' as const)),
  name_en: fc.oneof(notString, blank, fc.constant('delete' as const)),
  tier: fc.oneof(notString, blank, fc.constantFrom('Basic', 'premium', 'delete')),
  walk_evaluated: fc.oneof(fc.constant(null), fc.integer(), fc.constantFrom('true', 'false')),
  default_walk_minutes: fc.oneof(badMinutes, fc.constant(null), fc.constant('delete' as const)),
  strict_walk_minutes: badMinutes,
  osm: fc.oneof(badTagSets, fc.constant('delete' as const)),
  osm_weak: badTagSets,
  group: fc.oneof(fc.boolean(), fc.integer(), fc.constant([]), fc.constant(new JsonEntries([]))),
  official: fc.oneof(fc.constant(null), fc.integer(), fc.constantFrom('yes', '')),
  name_keywords: badStrings,
  exclude_name_keywords: badStrings,
  amap: fc.oneof(fc.constant(null), fc.integer(), word, fc.constant([]), fc.constant(['类型'])),
  'amap.types': badStrings,
};

/** The built-in taxonomy's categories as entry models. */
const builtIn = (JSON.parse(readFileSync(DEFAULT_TAXONOMY_URL, 'utf8')) as unknown[]).map(
  (category) => jsonModel(category) as JsonEntries,
);

/** A category with one field replaced (or deleted); `amap.types` replaces inside the amap object. */
function breakField(category: JsonEntries, field: string, value: JsonModel | 'delete'): JsonEntries {
  const [head, tail] = field.split('.') as [string, string | undefined];
  const entries = category.entries.filter(([key]) => key !== head);
  if (tail !== undefined) {
    const inner = category.entries.find(([key]) => key === head)?.[1];
    const innerEntries = inner instanceof JsonEntries ? inner.entries.filter(([key]) => key !== tail) : [];
    return new JsonEntries([...entries, [head, new JsonEntries([...innerEntries, [tail, value as JsonModel]])]]);
  }
  return new JsonEntries(value === 'delete' ? entries : [...entries, [head, value]]);
}

test('a broken field of the built-in taxonomy fails with TAXONOMY_INVALID naming that category and field', async (t) => {
  let count = 0;
  const fields = Object.keys(FIELD_BREAKERS);
  const mutation = fc
    .record({ index: fc.nat({ max: builtIn.length - 1 }), field: fc.constantFrom(...fields) })
    .chain(({ index, field }) => FIELD_BREAKERS[field]!.map((value) => ({ index, field, value })));
  await fc.assert(
    fc.property(mutation, ({ index, field, value }) => {
      count++;
      const categories = builtIn.slice();
      categories[index] = breakField(categories[index]!, field, value);
      // A format without walking time may have no minutes: keep it walk-evaluated so missing minutes are an error.
      if (field === 'default_walk_minutes') categories[index] = breakField(categories[index]!, 'walk_evaluated', true);
      const where = field === 'amap.types' ? `[${index}].amap.types` : `[${index}].${field}`;
      assert.throws(
        () => loadBytes(jsonText(categories)),
        (error: unknown) => {
          assertInvalidAt(error, where);
          return true;
        },
      );
    }),
    fuzzParameters(600),
  );
  // A repeated id is reported where it repeats.
  await fc.assert(
    fc.property(fc.nat({ max: builtIn.length - 1 }), fc.nat({ max: builtIn.length - 1 }), (from, to) => {
      fc.pre(from !== to);
      count++;
      const categories = builtIn.slice();
      const id = categories[from]!.entries.find(([key]) => key === 'id')![1] as string;
      categories[to] = breakField(categories[to]!, 'id', id);
      assert.throws(
        () => loadBytes(jsonText(categories)),
        (error: unknown) => {
          assertInvalidAt(error, `[${Math.max(from, to)}].id`);
          return true;
        },
      );
    }),
    fuzzParameters(60),
  );
  t.diagnostic(fuzzTally('taxonomy: broken fields', count));
});

test('any JSON value, any bytes and any cut of the built-in file give a taxonomy or TAXONOMY_INVALID, never another error', async (t) => {
  let count = 0;
  const builtInBytes = readFileSync(DEFAULT_TAXONOMY_URL);
  const attempt = (bytes: Uint8Array | string) => {
    count++;
    try {
      const taxonomy = loadBytes(bytes);
      assert.ok(taxonomy.categories.length > 0);
    } catch (error) {
      assertInvalidAt(error, /^(\(file\)|\(root\)|\[\d+\])/);
    }
  };
  await fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => attempt(JSON.stringify(value) ?? 'null')),
    fuzzParameters(150),
  );
  await fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => attempt(bytes)),
    fuzzParameters(100),
  );
  await fc.assert(
    fc.property(fc.nat({ max: builtInBytes.length }), (length) => attempt(builtInBytes.subarray(0, length))),
    fuzzParameters(100),
  );
  // Any one category replaced by any JSON value.
  await fc.assert(
    fc.property(fc.nat({ max: builtIn.length - 1 }), fc.jsonValue({ maxDepth: 3 }), (index, value) => {
      const categories: JsonModel[] = builtIn.slice();
      categories[index] = jsonModel(value);
      attempt(jsonText(categories));
    }),
    fuzzParameters(150),
  );
  t.diagnostic(fuzzTally('taxonomy: arbitrary files', count));
});
