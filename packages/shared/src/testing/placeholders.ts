import { errorRegistry, type ErrorCode, type ErrorDetails } from '../errors.js';

/**
 * The placeholders of a registry message (either language) that the details
 * do not fill: an error whose message would show `{field}` to a person.
 * (A detail's own text may hold braces; only the template's names count.)
 */
export function unfilledPlaceholders(code: ErrorCode, details: ErrorDetails): string[] {
  const names = new Set<string>();
  for (const template of [errorRegistry[code].zh, errorRegistry[code].en]) {
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) names.add(name!);
  }
  return [...names].filter((name) => details[name] === undefined);
}
