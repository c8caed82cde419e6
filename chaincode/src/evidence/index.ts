import { AnchorContract } from './anchors/anchor-contract.js';
import { AttestationContract } from './attestations/attestation-contract.js';
import { CaseContract } from './cases/case-contract.js';
import { EvidenceContract } from './records/evidence-contract.js';

export { AnchorContract } from './anchors/anchor-contract.js';
export { AttestationContract } from './attestations/attestation-contract.js';
export { CaseContract } from './cases/case-contract.js';
export { EvidenceContract } from './records/evidence-contract.js';

/** Contracts of the evidence area, in the order the chaincode registers them. */
export const evidenceContracts: (new () => object)[] = [
    EvidenceContract,
    AnchorContract,
    AttestationContract,
    CaseContract,
];
