export * from './store.js';
export { openSqliteStore } from './sqlite/open-sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
export { migratePostgis, openPostgisStore, postgisMigrationStatus, redactUrl } from './postgis/open-postgis-store.js';
export type { PostgisStoreOptions } from './postgis/open-postgis-store.js';
export type { MigrationState } from './postgis/apply-migrations.js';
