export * from './analysis-queue.js';
export * from './analysis-worker.js';
export * from './district-job.js';
export * from './enqueue-store-analysis.js';
export * from './queue-status.js';
export * from './queued-run.js';
export * from './run-district-job.js';
export * from './store-location.js';
