export * from './canonical-json.js';
export * from './errors/index.js';
export * from './merkle.js';
export * from './orgs.js';
