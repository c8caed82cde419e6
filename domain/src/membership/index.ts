export * from './registry.js';
export * from './roles.js';
export * from './admissions.js';
export * from './proposals.js';
