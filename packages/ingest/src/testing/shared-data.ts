import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * The shared real-data folder beside the repository (`../shared/data`,
 * found from this file's place in the repository), or null on a fresh clone
 * where it does not exist; tests that need it skip and say why.
 */
export function sharedDataDir(): string | null {
  const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
  const dir = join(repoRoot, '..', 'shared', 'data');
  return existsSync(join(dir, 'poi')) ? dir : null;
}

export const NO_SHARED_DATA =
  'needs ../shared/data beside the repository (real Amap POIs and district boundaries), absent on a fresh clone';
