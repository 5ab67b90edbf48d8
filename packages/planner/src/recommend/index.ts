export * from './coverage-instance.js';
export * from './lazy-greedy.js';
export * from './greedy-max-coverage.js';
export * from './coverage-swaps.js';
export * from './highs-solver.js';
export * from './exact-max-coverage.js';
export * from './p-median.js';
export * from './recommend-sites.js';
