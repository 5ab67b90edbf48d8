/**
 * Value conversions both stores share between domain records and table
 * rows. Kept free of any driver so the SQLite and PostGIS row modules use
 * the same rules.
 */

/** JSON text of a value; `undefined` becomes SQL NULL. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** The value of JSON text; SQL NULL becomes null. */
export function fromJson<T>(text: unknown): T {
  return (text === null || text === undefined ? null : JSON.parse(text as string)) as T;
}

/** Escapes `%`, `_` and the escape character itself for `LIKE … ESCAPE '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** `current` with the defined fields of `patch` (an explicit `undefined` leaves a field unchanged). */
export function applyPatch<T extends object>(current: T, patch: Partial<T>): T {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  return next;
}

/** `merchant_id` → `merchantId`. */
export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
