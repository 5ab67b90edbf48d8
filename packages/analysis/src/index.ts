export * from './taxonomy-default.js';
export * from './read-origins-csv.js';
export * from './category-access.js';
export * from './run-access.js';
export * from './load-district.js';
export * from './write-access.js';
export * from './walk-router.js';
export * from './network-walk-router.js';
