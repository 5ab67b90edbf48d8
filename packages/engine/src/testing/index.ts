export * from './random-network.js';
