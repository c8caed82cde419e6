export * from './abs/index.js';
export * from './canonical-json.js';
export * from './consent/index.js';
export * from './errors/index.js';
export * from './evidence/index.js';
export * from './merkle.js';
export * from './orgs.js';
export * from './paging.js';
