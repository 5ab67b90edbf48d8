export * from './planner-input.js';
