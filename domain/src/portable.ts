// The part of the domain that runs anywhere JavaScript does: no Node built-ins, no `Buffer`, no hash function of its
// own. Browsers (the verifier) import this and inject their SHA-256 into the RFC 9162 code; Node code imports the
// package's main entry, which binds the same code to node:crypto. verifier/src/browser-safe.test.ts keeps it so.
export * from './bytes.js';
export * from './canonical-json.js';
export * from './consortium.js';
export { CodedError } from './errors/coded-error-class.js';
export * as rfc9162 from './merkle/rfc9162.js';
export * from './merkle/tree-hasher.js';
export * from './orgs.js';
