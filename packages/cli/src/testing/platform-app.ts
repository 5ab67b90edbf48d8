import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { seedDemoDistrict, startStoredAnalysis } from '@lifecircle/platform';
import { createApp, hashPassword, type ServerConfig } from '@lifecircle/server';
import type { Role, User } from '@lifecircle/shared';
import { openPostgisStore, openSqliteStore, type Store } from '@lifecircle/store';
import { sqliteStoreWatch, watchPostgres, type StoreWatch, type TestDatabases } from '@lifecircle/store/testing';
import type { FastifyInstance } from 'fastify';
import { platformServices } from '../platform-services.js';

// The whole platform as `lifecircle serve` wires it (planner, router, OSM
// uploads, analysis runs), on a seeded neighbourhood district in a SQLite
// file or a PostGIS database, with one known user per role: for tests that
// drive every route.

/** The password of the users the fixture adds. */
export const FIXTURE_PASSWORD = 'fuzzPassword1';

/** The fixture's users by their part in the tests. */
export type FixtureRole = 'commission' | 'office' | 'merchant';

export interface PlatformApp {
  app: FastifyInstance;
  store: Store;
  /** Which store: 'SQLite' or 'PostGIS'. */
  storeName: string;
  /** Commits and digests of the store's database, read apart from the store's connections. */
  watch: StoreWatch;
  /** The users the fixture added, by role, as first created. */
  users: Record<FixtureRole, User>;
  close(): Promise<void>;
}

/** The store a fixture runs on: a SQLite file in the fixture's folder (the default), or a PostGIS database. */
export interface FixtureStore {
  name: string;
  /** Opens an empty migrated store; `watch` is called once the fixture has seeded it. */
  open(dataDir: string): Promise<{ store: Store; watch(): Promise<StoreWatch> }>;
}

/** A SQLite file in the fixture's folder. */
export const sqliteFixtureStore: FixtureStore = {
  name: 'SQLite',
  async open(dataDir) {
    const path = join(dataDir, 'lifecircle.db');
    return { store: await openSqliteStore(path), watch: async () => sqliteStoreWatch(path) };
  },
};

/** A fresh migrated database on the test server of `databases` (dropped when the store closes). */
export function postgisFixtureStore(databases: TestDatabases): FixtureStore {
  return {
    name: 'PostGIS',
    async open() {
      const database = await databases.migrated();
      const store = await openPostgisStore(database.url);
      const close = store.close.bind(store);
      Object.assign(store, {
        async close() {
          await close();
          await database.drop();
        },
      });
      return { store, watch: () => watchPostgres(database.url) };
    },
  };
}

/**
 * Seeds the neighbourhood preset (seed 5), analyses it, adds a commission
 * user, a street-office user of the first street and a merchant user owning
 * the seeded merchant (password FIXTURE_PASSWORD, no forced change) and
 * builds the app with every service. `startAnalysis` waits for the run, so a
 * request's writes end with the request.
 */
export async function openPlatformApp(
  config: Partial<ServerConfig> = {},
  fixtureStore: FixtureStore = sqliteFixtureStore,
): Promise<PlatformApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-platform-app-'));
  const opened = await fixtureStore.open(dataDir);
  const store = opened.store;
  const taxonomy = defaultTaxonomy();
  await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword, preset: 'neighbourhood', seed: 5 });
  await (
    await startStoredAnalysis(store, taxonomy, { userId: null, requestId: null, workers: 0 })
  ).done;
  const passwordHash = await hashPassword(FIXTURE_PASSWORD, { logN: 10 });
  const [street] = await store.listStreets();
  const merchantId = (await store.listOutlets()).find((outlet) => outlet.merchantId !== null)?.merchantId ?? null;
  const add = (username: string, role: Role, streetId: number | null, merchant: number | null) =>
    store.insertUser({
      username,
      displayName: username,
      role,
      streetId,
      merchantId: merchant,
      passwordHash,
      isDisabled: false,
      mustChangePassword: false,
    });
  const users: Record<FixtureRole, User> = {
    commission: await add('fuzz_commission', 'commission', null, null),
    office: await add('fuzz_office', 'street_office', street!.id, null),
    merchant: await add('fuzz_merchant', 'merchant', null, merchantId),
  };
  const app = await createApp({
    store,
    taxonomy,
    logger: false,
    config,
    ...(await platformServices(store, taxonomy, dataDir, { waitForAnalysis: true, workers: 0 })),
  });
  const watch = await opened.watch();
  return {
    app,
    store,
    storeName: fixtureStore.name,
    watch,
    users,
    close: async () => {
      await watch.close();
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Puts the fixture's users back as first created (an API call may have renamed, disabled or re-roled them). */
export async function restoreUsers(fixture: PlatformApp): Promise<void> {
  for (const user of Object.values(fixture.users)) {
    const { username, displayName, role, streetId, merchantId, passwordHash, isDisabled, mustChangePassword } = user;
    await fixture.store.updateUser(user.id, {
      username,
      displayName,
      role,
      streetId,
      merchantId,
      passwordHash,
      isDisabled,
      mustChangePassword,
    });
  }
}

/** Signs a fixture user in through the API: the bearer token. */
export async function fixtureToken(fixture: PlatformApp, role: FixtureRole): Promise<string> {
  const response = await fixture.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: fixture.users[role].username, password: FIXTURE_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login of ${role} failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { token: string }).token;
}
