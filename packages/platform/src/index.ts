export * from './partition-by-population.js';
export * from './demo-admin-units.js';
export * from './osm-records.js';
export * from './seed-demo.js';
export * from './stored-network.js';
export * from './run-stored-analysis.js';
export * from './area-locator.js';
export * from './import-osm.js';
