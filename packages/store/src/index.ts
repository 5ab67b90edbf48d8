export * from './store.js';
export { openSqliteStore } from './sqlite/open-sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
export type { MigrationState } from './sqlite/migrations.js';
export { migratePostgis, openPostgisStore, postgisMigrationStatus, redactUrl } from './postgis/open-postgis-store.js';
export type { PostgisStoreOptions } from './postgis/open-postgis-store.js';
export { describeTarget, isPostgresUrl, migrateStore, openStore, storeMigrationStatus } from './open-store.js';
export type { MigrationReport } from './open-store.js';
