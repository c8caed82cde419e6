export * from './registry.js';
export * from './roles.js';
export * from './admissions.js';
export * from './proposals.js';
export * from './access-matrix.js';
export * from './access-rules.js';
export * from './access-table.js';
