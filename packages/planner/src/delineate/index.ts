// Circle delineation and diagnosis: walking metres between compounds (compound-graph),
// proposed circles built from compounds (delineate-circles) and the diagnosis of existing
// circles against them (diagnose-circles). bench/delineate-demo.mjs runs both on the demo district.
export * from './compound-network.js';
export * from './compound-graph.js';
export * from './convex-hull.js';
export * from './polygon-overlap.js';
export * from './circle-core.js';
export * from './delineate-circles.js';
export * from './diagnose-circles.js';
