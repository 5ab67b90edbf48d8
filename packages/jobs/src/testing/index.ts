export { seedCityStore, type SeedCityStoreOptions } from './seed-city-store.js';
export { accessRowsByKey, holdWriteLock, waitForRun } from './run-checks.js';
