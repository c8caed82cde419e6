import { ConsentContract } from './consent-contract.js';

/** Contracts of the consent area, in the order the chaincode registers them. */
export const consentContracts: (new () => object)[] = [ConsentContract];
