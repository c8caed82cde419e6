// Domain types of the evidence area (evidence records, anchors, attestations, cases), shared by chaincode, gateway
// and verifier. The transaction list is in chaincode/docs/evidence-api.md.
export * from './anchor.js';
export * from './attestation.js';
export * from './case.js';
export * from './evidence-record.js';
export * from './evidence-requests.js';
export * from './events.js';
export * from './fingerprint.js';
export * from './loan-parties.js';
export * from './pseudonyms.js';
export * from './stages.js';
export * from './witness.js';
