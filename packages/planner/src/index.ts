export * from './planner-input.js';
export * from './recommend/index.js';
