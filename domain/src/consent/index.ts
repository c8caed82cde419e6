// Domain types of the consent area, shared by chaincode, gateway and verifier.
export * from './consent.js';
