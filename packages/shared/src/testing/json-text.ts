/**
 * JSON documents for fuzz tests, written as text from a model so that keys
 * such as `__proto__` stay ordinary keys (a plain object would turn them into
 * its prototype) and numbers JSON.stringify cannot write (`1e999`, which
 * parses as Infinity) can appear.
 */

/** A JSON object given by its entries, written in order (a key may even repeat). */
export class JsonEntries {
  constructor(readonly entries: readonly (readonly [string, JsonModel])[]) {}
}

/** How fast-check prints a value in a counterexample (its `toStringMethod` symbol). */
const FAST_CHECK_TO_STRING = Symbol.for('fast-check/toStringMethod');

/** Text written into the document as it is, such as the number `1e999`. */
export class JsonRaw {
  constructor(readonly text: string) {}

  /** Counterexamples print long raw text (deep nesting) cut short, with its length. */
  [FAST_CHECK_TO_STRING](): string {
    const text =
      this.text.length > 120 ? `${this.text.slice(0, 60)}…${this.text.slice(-40)} (${this.text.length} chars)` : this.text;
    return `JsonRaw(${JSON.stringify(text)})`;
  }
}

/** A JSON value to write: arrays, entry objects, raw text and plain scalars. */
export type JsonModel = null | boolean | number | string | JsonRaw | JsonEntries | readonly JsonModel[];

/** The JSON text of a model (scalars as JSON.stringify writes them; NaN and ±Infinity as null). */
export function jsonText(model: JsonModel): string {
  if (model instanceof JsonRaw) return model.text;
  if (model instanceof JsonEntries)
    return `{${model.entries.map(([key, value]) => `${JSON.stringify(key)}:${jsonText(value)}`).join(',')}}`;
  if (Array.isArray(model)) return `[${model.map(jsonText).join(',')}]`;
  return JSON.stringify(model);
}

/** A model from a plain value (objects by their own enumerable entries). */
export function jsonModel(value: unknown): JsonModel {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof JsonEntries || value instanceof JsonRaw) return value;
  if (Array.isArray(value)) return value.map(jsonModel);
  if (typeof value === 'object') return new JsonEntries(Object.entries(value).map(([key, item]) => [key, jsonModel(item)]));
  return null;
}
