// Test helpers for other packages' tests (the lead's nearby ordering test, e2e): `@lifecircle/server/testing`.
export * from './seed-tiny.js';
export * from './straight-line-router.js';
