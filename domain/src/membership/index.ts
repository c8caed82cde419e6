export * from './registry.js';
export * from './roles.js';
