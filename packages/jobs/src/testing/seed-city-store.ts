import { defaultTaxonomy } from '@lifecircle/analysis';
import type { PresetName } from '@lifecircle/generator';
import { seedDemoDistrict, type SeededCredential } from '@lifecircle/platform';
import { openStore, type Store } from '@lifecircle/store';

export interface SeedCityStoreOptions {
  /** Seed of the generated district. */
  seed: number;
  /** Size of the generated district (default `neighbourhood`). */
  preset?: PresetName;
  /** Districts its streets are dealt to (the seeded district is the first). */
  numDistricts: number;
  /**
   * round-robin (default): street k to district k mod n, so districts interleave and much of every
   * district's walking crosses a border; blocks: runs of neighbouring streets, as real districts lie.
   */
  deal?: 'round-robin' | 'blocks';
  /** Compounds whose street is cleared, so they lie in no district. */
  numUnassigned?: number;
  /** Hashes the seeded users' passwords (default: a plain marker, for tests that never log in). */
  hashPassword?: (password: string) => Promise<string>;
}

/**
 * A small city in one store (a SQLite file, or a PostgreSQL URL of an
 * empty database for the PostGIS store): a generated demo district (the
 * neighbourhood by default: ten streets, about a hundred compounds with
 * gates), its streets dealt to
 * several districts, so a city analysis has several district jobs whose
 * compounds walk to outlets and through gates across district borders.
 * Returns the open store and the seeded users' one-time credentials.
 */
export async function seedCityStore(
  target: string,
  dataDir: string,
  options: SeedCityStoreOptions,
): Promise<{ store: Store; credentials: SeededCredential[] }> {
  const store = await openStore(target);
  const seeded = await seedDemoDistrict(store, {
    dataDir,
    taxonomy: defaultTaxonomy(),
    hashPassword: options.hashPassword ?? (async (password) => `plain$${password}`),
    preset: options.preset ?? 'neighbourhood',
    seed: options.seed,
  });
  const districtIds = [(await store.listDistricts())[0]!.id];
  for (let d = 1; d < options.numDistricts; d++) {
    districtIds.push((await store.insertDistrict({ code: null, name: `测试区 ${d + 1}`, boundary: null })).id);
  }
  const streets = await store.listStreets();
  for (const [s, street] of streets.entries()) {
    const d = options.deal === 'blocks' ? Math.floor((s * districtIds.length) / streets.length) : s % districtIds.length;
    await store.updateStreet(street.id, { districtId: districtIds[d]! });
  }
  const compounds = await store.listCompounds();
  for (let k = 0; k < (options.numUnassigned ?? 0); k++) {
    await store.updateCompound(compounds[(k * 7) % compounds.length]!.id, { streetId: null });
  }
  return { store, credentials: seeded!.credentials };
}
