/** Contracts of the abs area, in the order the chaincode registers them. */
export const absContracts: (new () => object)[] = [];
