// Test helpers for other packages' tests: `@lifecircle/osm/testing`.
export * from './osm-xml-model.js';
export * from './pbf-frames.js';
