import { existsSync, readFileSync } from 'node:fs';
import { LifecircleError, parseTaxonomy, type Taxonomy } from '@lifecircle/shared';

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

/** Reads and validates a taxonomy file (the same format as the built-in one). */
export function loadTaxonomyFile(file: string): Taxonomy {
  if (!existsSync(file)) throw new LifecircleError('FILE_NOT_FOUND', { file });
  let json: unknown;
  try {
    // Editors on Windows save JSON with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new LifecircleError('TAXONOMY_INVALID', { file, where: '(file)', reason: (error as Error).message }, { cause: error });
  }
  return parseTaxonomy(json, file);
}
