import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TAXONOMY_URL, defaultTaxonomy, loadTaxonomyFile } from './taxonomy-default.js';

// Found by the taxonomy fuzzing (taxonomy-file.fuzz.test.ts): a file saved with a byte-order mark was TAXONOMY_INVALID at (file).
test('fuzz regression: a taxonomy file that starts with a byte-order mark loads like the same file without it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-taxonomy-bom-'));
  try {
    const file = join(dir, 'taxonomy.json');
    writeFileSync(file, `\uFEFF${readFileSync(DEFAULT_TAXONOMY_URL, 'utf8')}`);
    assert.deepEqual(loadTaxonomyFile(file).categories, defaultTaxonomy().categories);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
