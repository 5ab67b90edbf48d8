export { describeStore } from './describe-store.js';
export type { MakeStore } from './fixtures.js';
export { changedTables, sqliteDatabaseDigest, watchDatabase } from './sqlite-digest.js';
export type { DatabaseDigest, DatabaseWatch, TableDigest } from './sqlite-digest.js';
export { startTestCluster, testPostgres, TEST_DATABASE_URL_ENV } from './test-postgres.js';
export type { TestClusterOptions, TestPostgres, TestPostgresResult } from './test-postgres.js';
export { TestDatabases } from './postgres-databases.js';
export type { TestDatabase } from './postgres-databases.js';
export { snapshot as storeSnapshot, writeEverything } from './everything.js';
export { inspectSqliteFile, type SqliteFileReport } from './inspect-sqlite-file.js';
export { minimalOutlet } from './fixtures.js';
export {
  inspectPostgisDatabase,
  openPostgisProbe,
  type PostgisDatabaseReport,
  type PostgisProbe,
  type PostgisSession,
} from './inspect-postgis-database.js';
export { sqliteStoreWatch, type StoreWatch } from './store-watch.js';
export { watchPostgres } from './postgres-digest.js';
