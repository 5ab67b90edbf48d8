export { describeStore } from './describe-store.js';
export type { MakeStore } from './fixtures.js';
