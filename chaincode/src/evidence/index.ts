/** Contracts of the evidence area, in the order the chaincode registers them. */
export const evidenceContracts: (new () => object)[] = [];
