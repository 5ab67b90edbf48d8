export * from './presets.js';
export * from './outlet-catalogue.js';
export * from './smooth-field.js';
export * from './generate-district.js';
