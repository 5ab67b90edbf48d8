export * from './errors.js';
export * from './geo.js';
export * from './taxonomy.js';
export * from './random.js';
export * from './domain.js';
export * from './decimal.js';
