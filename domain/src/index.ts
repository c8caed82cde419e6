// The domain's main entry runs anywhere JavaScript does: no Node built-ins, no `Buffer`, no hash function of its own.
// Browsers (the verifier) import it and inject their SHA-256 into the RFC 9162 code; Node code takes the SHA-256
// bindings from `@lendledger/domain/node`. verifier/src/browser-safe.test.ts keeps it so.
export * from './abs/index.js';
export * from './bytes.js';
export * from './canonical-json.js';
export * from './consent/index.js';
export * from './consortium.js';
export * from './errors/index.js';
export * from './evidence/index.js';
export * from './formats.js';
export * as rfc9162 from './merkle/rfc9162.js';
export * from './membership/index.js';
export * from './merkle/tree-hasher.js';
export * from './orgs.js';
export * from './paging.js';
export * from './privacy/index.js';
export * from './probe.js';
export * from './web/app-config.js';
