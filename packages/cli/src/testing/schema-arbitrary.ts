import fc from 'fast-check';
import { JsonEntries, JsonRaw, POSTGRES_HOSTILE_TEXTS, type JsonModel } from '@lifecircle/shared/testing';

// Values for the API fuzz test, generated from the OpenAPI document's JSON
// schemas (what a well-meaning client sends), and the garbage a hostile or
// broken one sends instead: wrong types, prototype keys, deep nesting, huge
// strings, numbers JSON cannot hold.

/** The subset of JSON Schema (OpenAPI 3.0 flavour) the API's schemas use. */
export interface JsonSchema {
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

/** Small ids first: the fuzzed district's records are numbered from 1; now and then one past a 32-bit id (MAX_ID). */
const id = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 25 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 ** 31 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31 - 1, 2 ** 31, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER) },
);

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 40));
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern);
    return fc.stringMatching(pattern).filter((text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity));
  }
  // Text PostgreSQL cannot hold (NUL), or that a btree index entry cannot (incompressible kilobytes), where the schema allows it.
  const hostile = [...POSTGRES_HOSTILE_TEXTS, `${'x'.repeat(minLength)}\u0000`].filter(
    (text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity),
  );
  return fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.string({ unit: 'grapheme', minLength, maxLength }),
    ...(hostile.length > 0 ? [fc.constantFrom(...hostile)] : []),
    // Words the API knows: category ids, profiles, times, opening hours.
    fc
      .constantFrom(
        'breakfast',
        'convenience_store',
        'pharmacy',
        'adult',
        'elderly',
        '07:00',
        'Mo-Su 06:00-22:00',
        '2026-11-28T07:00',
      )
      .filter((text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity)),
  );
}

function numberArbitrary(schema: JsonSchema, isInteger: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum : 1e6);
  if (isInteger) {
    if (schema.minimum === 1 && (schema.maximum === undefined || schema.maximum >= 2 ** 31 - 1)) return id;
    return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  }
  return fc
    .oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max, (min + max) / 2))
    .filter(
      (n) =>
        (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) &&
        (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum),
    );
}

/** Values valid for `schema` (as far as the generator knows it), with optional properties sometimes left out. */
export function arbitraryFromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 8) return fc.jsonValue({ maxDepth: 2 });
  const alternatives = schema.anyOf ?? schema.oneOf;
  let base: fc.Arbitrary<unknown>;
  if (alternatives !== undefined)
    base = fc.oneof(...alternatives.map((alternative) => arbitraryFromSchema(alternative, depth + 1)));
  else if (schema.enum !== undefined) base = fc.constantFrom(...schema.enum);
  else if (schema.type === 'object') {
    const properties = schema.properties ?? {};
    const required = schema.required ?? [];
    const model = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, arbitraryFromSchema(value, depth + 1)]),
    );
    base = fc.record(model, { requiredKeys: required.filter((key) => key in properties) }).map((value) => ({ ...value }));
  } else if (schema.type === 'array') {
    if (Array.isArray(schema.items)) base = fc.tuple(...schema.items.map((item) => arbitraryFromSchema(item, depth + 1)));
    else {
      const items = arbitraryFromSchema(schema.items, depth + 1);
      const constraints = {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
      };
      base = schema.uniqueItems
        ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(items, constraints);
    }
  } else if (schema.type === 'string') base = stringArbitrary(schema);
  else if (schema.type === 'integer') base = numberArbitrary(schema, true);
  else if (schema.type === 'number') base = numberArbitrary(schema, false);
  else if (schema.type === 'boolean') base = fc.boolean();
  else base = fc.jsonValue({ maxDepth: 2 });
  return schema.nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: base }) : base;
}

/** `depth` arrays inside each other, as raw JSON text. */
export const nestedArrays = (depth: number) => new JsonRaw(`${'['.repeat(depth)}${']'.repeat(depth)}`);

/** JSON values no schema expects: wrong types, extremes, prototype keys, deep nesting, huge strings. */
export const garbageJson: fc.Arbitrary<JsonModel> = fc.oneof(
  fc.constantFrom<JsonModel>(
    null,
    true,
    0,
    -1,
    1e308,
    -1e308,
    new JsonRaw('1e999'),
    new JsonRaw('-0'),
    new JsonRaw('1.0000000000000000000001'),
    '',
    ' ',
    'NaN',
    'Infinity',
    '__proto__',
    '\u0000',
    '\uD800',
    '💥',
    [],
    new JsonEntries([]),
    new JsonEntries([
      [
        '__proto__',
        new JsonEntries([
          ['isAdmin', true],
          ['role', 'commission'],
        ]),
      ],
    ]),
    new JsonEntries([['constructor', new JsonEntries([['prototype', new JsonEntries([['polluted', true]])]])]]),
    'x'.repeat(50_000),
  ),
  fc.integer({ min: 100, max: 20_000 }).map(nestedArrays),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonModel>,
);

/** Replaces parts of a valid value with garbage, adds prototype keys, drops keys: a broken client's body. */
export function corruptJson(
  value: unknown,
  edits: { path: number[]; garbage: JsonModel; action: 'replace' | 'add' | 'drop' }[],
): JsonModel {
  let model = toModel(value);
  for (const edit of edits) model = applyEdit(model, edit.path, edit.garbage, edit.action);
  return model;
}

function toModel(value: unknown): JsonModel {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toModel);
  if (typeof value === 'object') return new JsonEntries(Object.entries(value as object).map(([k, v]) => [k, toModel(v)]));
  return null;
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

function applyEdit(model: JsonModel, path: number[], garbage: JsonModel, action: 'replace' | 'add' | 'drop'): JsonModel {
  const [step, ...rest] = path;
  const isContainer = model instanceof JsonEntries || Array.isArray(model);
  if (step === undefined || !isContainer) {
    if (action === 'replace' || !isContainer) return garbage;
  }
  if (model instanceof JsonEntries) {
    const entries = [...model.entries];
    if (step === undefined || entries.length === 0 || (rest.length === 0 && action !== 'replace')) {
      if (action === 'add') return new JsonEntries([...entries, [PROTOTYPE_KEYS[(step ?? 0) % PROTOTYPE_KEYS.length]!, garbage]]);
      if (action === 'drop' && entries.length > 0) entries.splice((step ?? 0) % entries.length, 1);
      return new JsonEntries(entries);
    }
    const index = step % entries.length;
    entries[index] = [entries[index]![0], applyEdit(entries[index]![1], rest, garbage, action)];
    return new JsonEntries(entries);
  }
  const items = [...(model as JsonModel[])];
  if (step === undefined || items.length === 0 || (rest.length === 0 && action !== 'replace')) {
    if (action === 'add') return [...items, garbage];
    if (action === 'drop' && items.length > 0) items.splice((step ?? 0) % items.length, 1);
    return items;
  }
  const index = step % items.length;
  items[index] = applyEdit(items[index]!, rest, garbage, action);
  return items;
}
