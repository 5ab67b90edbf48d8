export * from './random-network.js';
export * from './nearest-outlet-fixtures.js';
