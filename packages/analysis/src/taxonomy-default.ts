import { readFileSync } from 'node:fs';
import { parseTaxonomy, type Taxonomy } from '@lifecircle/shared';

/**
 * Where the built-in taxonomy lives: the project's own copy of the national
 * guide's formats (from shared/reference/taxonomy.json), shipped with this package.
 */
export const DEFAULT_TAXONOMY_URL = new URL('../taxonomy/taxonomy.json', import.meta.url);

let cached: Taxonomy | undefined;

/** The built-in taxonomy, validated once. */
export function defaultTaxonomy(): Taxonomy {
  cached ??= parseTaxonomy(JSON.parse(readFileSync(DEFAULT_TAXONOMY_URL, 'utf8')), 'taxonomy.json (built in)');
  return cached;
}
