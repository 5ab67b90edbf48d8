export * from './compound-network.js';
export * from './compound-graph.js';
export * from './convex-hull.js';
export * from './polygon-overlap.js';
export * from './circle-core.js';
export * from './delineate-circles.js';
export * from './diagnose-circles.js';
