export { describeStore } from './describe-store.js';
export type { MakeStore } from './fixtures.js';
export { changedTables, sqliteDatabaseDigest } from './sqlite-digest.js';
export type { DatabaseDigest, TableDigest } from './sqlite-digest.js';
