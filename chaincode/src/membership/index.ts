import { AdmissionContract } from './admissions/admission-contract.js';
import { RegistryContract } from './registry-contract.js';

export { RegistryContract } from './registry-contract.js';
export { AdmissionContract } from './admissions/admission-contract.js';
export { requireAdmission } from './admissions/admission-in-force.js';
export { memberCallerOf, requireMember, requireRole, type MemberCaller } from './member-access.js';
export { readRegistry, requireRegistry } from './registry-store.js';

/** Contracts of the membership area. */
export const membershipContracts: (new () => object)[] = [RegistryContract, AdmissionContract];
