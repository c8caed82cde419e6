import {
    COMMON_ERRORS,
    MAX_MEMBERS,
    MEMBER_ROLES,
    MSP_ID_PATTERN,
    PROPOSAL_ID_PATTERN,
    REGISTRY_CHANGE_KINDS,
    type BootstrapRegistryRequest,
    type ProposeRegistryChangeRequest,
    type RegistryChange,
    type RegistryProposalRequest,
    type MemberEntry,
    isMemberRole,
    type MemberRole,
} from '@lendledger/domain';
import { ChaincodeError } from '../core/chaincode-error.js';
import { pageRequestOf, type PageRequest } from '../core/page-reader.js';
import { asFields, list, oneOf, parseRequest, text, type Fields } from '../core/request-fields.js';

/** Reads one member entry: an MSP ID and one or more distinct roles, returned sorted. */
export function memberEntryOf(value: unknown, path: string): MemberEntry {
    const fields = asFields(value, path);
    const mspId = text(fields, 'mspId', { path, max: 64, pattern: MSP_ID_PATTERN });
    const roles = list(fields, 'roles', { path, max: MEMBER_ROLES.length }).map((role, i) => {
        if (!isMemberRole(role)) {
            throw new ChaincodeError(
                COMMON_ERRORS.INVALID_ARGUMENT,
                `${path}.roles[${i}] must be one of ${MEMBER_ROLES.join(', ')}`,
                {
                    field: `${path}.roles[${i}]`,
                    allowed: MEMBER_ROLES.join(','),
                },
            );
        }
        return role;
    });
    const distinct = [...new Set(roles)].sort() as MemberRole[];
    if (distinct.length !== roles.length) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `${path}.roles names a role twice`, {
            field: `${path}.roles`,
        });
    }
    return { mspId, roles: distinct };
}

/** Reads a list of member entries: distinct MSP IDs, returned sorted by MSP ID. */
export function memberEntriesOf(fields: Fields, name: string): MemberEntry[] {
    const members = list(fields, name, { max: MAX_MEMBERS }).map((value, i) => memberEntryOf(value, `${name}[${i}]`));
    const ids = new Set(members.map((member) => member.mspId));
    if (ids.size !== members.length) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `${name} names an MSP twice`, { field: name });
    }
    return members.sort((a, b) => (a.mspId < b.mspId ? -1 : a.mspId > b.mspId ? 1 : 0));
}

/** Reads `Registry:Bootstrap`. */
export function bootstrapRequestOf(json: string): BootstrapRegistryRequest {
    return parseRequest(json, (fields) => ({ members: memberEntriesOf(fields, 'members') }));
}

/** Reads the proposal ID of a request. */
function proposalIdOf(fields: Fields): string {
    return text(fields, 'proposalId', { max: 64, min: 4, pattern: PROPOSAL_ID_PATTERN });
}

/** Reads one registry change: its kind, the member it concerns, and the roles for an addition or a role change. */
export function registryChangeOf(value: unknown): RegistryChange {
    const fields = asFields(value, 'change');
    const kind = oneOf(fields, 'kind', REGISTRY_CHANGE_KINDS, { path: 'change' });
    if (kind === 'REMOVE_MEMBER') {
        return { kind, mspId: text(fields, 'mspId', { path: 'change', max: 64, pattern: MSP_ID_PATTERN }) };
    }
    // The same object, opened again: both readers' keys count as read.
    const { mspId, roles } = memberEntryOf(value, 'change');
    return { kind, mspId, roles };
}

/** Reads `Registry:Propose`. */
export function proposeRequestOf(json: string): ProposeRegistryChangeRequest {
    return parseRequest(json, (fields) => ({
        proposalId: proposalIdOf(fields),
        change: registryChangeOf(fields.change),
    }));
}

/** Reads `Registry:Approve`, `Registry:Withdraw` and `Registry:Proposal`. */
export function proposalRequestOf(json: string): RegistryProposalRequest {
    return parseRequest(json, (fields) => ({ proposalId: proposalIdOf(fields) }));
}

/** Reads `Registry:History` and `Registry:Proposals`: a page size and a bookmark. */
export function registryPageRequestOf(json: string): PageRequest {
    return parseRequest(json, pageRequestOf);
}
