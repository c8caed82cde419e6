import { absContracts } from './abs/index.js';
import { consentContracts } from './consent/index.js';
import { evidenceContracts } from './evidence/index.js';
import { membershipContracts } from './membership/index.js';
import { ProbeContract } from './probe/probe-contract.js';
import { WitnessContract } from './witness/witness-contract.js';

export { ProbeContract } from './probe/probe-contract.js';
export { WitnessContract } from './witness/witness-contract.js';

/** The contracts this chaincode serves; fabric-chaincode-node reads this export from package.json `main`. */
export const contracts = [
    ProbeContract,
    ...membershipContracts,
    ...evidenceContracts,
    ...consentContracts,
    ...absContracts,
    WitnessContract,
];
