export { createTestDatabase, type TestDatabase } from './test-database.js';
export { seedCityStore, type SeedCityStoreOptions } from './seed-city-store.js';
