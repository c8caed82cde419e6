// The privacy rule for everything a transaction writes: one identifier rule, fixed formats, and the values tests
// submit to prove that personal data is refused.
export * from './ledger-safe.js';
export * from './pii-samples.js';
