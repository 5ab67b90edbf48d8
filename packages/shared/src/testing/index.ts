// Test helpers for every package's tests: `@lifecircle/shared/testing`.
export * from './fuzz-budget.js';
export * from './json-text.js';
export * from './mutate-bytes.js';
export * from './placeholders.js';
export * from './postgres-hostile-text.js';
