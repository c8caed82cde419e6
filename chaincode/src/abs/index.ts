import { AbsDealContract } from './deals/deal-contract.js';
import { AbsPoolContract } from './pool/pool-contract.js';
import { AbsReportContract } from './periods/report-contract.js';

export { AbsDealContract } from './deals/deal-contract.js';
export { AbsPoolContract } from './pool/pool-contract.js';
export { AbsReportContract } from './periods/report-contract.js';

/** Contracts of the abs area, in the order the chaincode registers them. */
export const absContracts: (new () => object)[] = [AbsDealContract, AbsPoolContract, AbsReportContract];
