export { describeStore } from './describe-store.js';
export type { MakeStore } from './fixtures.js';
export { inspectSqliteFile, type SqliteFileReport } from './inspect-sqlite-file.js';
export { minimalOutlet } from './fixtures.js';
