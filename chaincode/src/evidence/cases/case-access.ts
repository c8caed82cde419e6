import {
    COMMON_ERRORS,
    EVIDENCE_ERRORS,
    FORUM_ROLES,
    forumRoleOfCase,
    holdsRole,
    type CaseRecord,
    type ForumRole,
    type MemberRole,
    type MembershipRegistry,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { memberCallerOf, type MemberCaller } from '../../membership/member-access.js';

/**
 * Who may do what with a case (chaincode/docs/access-matrix.md), by role and by the case's own parties:
 * - a bank files, and only on a loan it funds (the loan's bank, bound by the loan's first record);
 * - the forum the case is filed to — a court or an arbitration commission, whichever role the case names — moves
 *   it, and no other forum: a court cannot move an arbitration case, nor one commission another's;
 * - the filer, any notary and the case's forum read it; a forum reads the evidence of loans with a case filed to it.
 */

/** Roles that may call the case reads at all; each read narrows to the case's own parties. */
export const CASE_READER_ROLES: readonly MemberRole[] = ['bank', 'notary', ...FORUM_ROLES];

/** Whether the member is the case's forum, in the role the case was filed in. */
export function isForumOf(caller: MemberCaller, record: CaseRecord): boolean {
    return caller.mspId === record.court && caller.roles.includes(forumRoleOfCase(record));
}

/** Whether the member holds a forum role. */
export function isForum(caller: MemberCaller): boolean {
    return FORUM_ROLES.some((role) => caller.roles.includes(role));
}

/**
 * The role a filing's forum takes the case in: the one named if the forum holds it, otherwise the forum's only
 * forum role in the registry in force at filing time.
 *
 * @throws {@link ChaincodeError} CASE_FORUM_INVALID when the MSP holds no forum role, not the one named, or both
 *   with none named.
 */
export function forumRoleAtFiling(
    registry: MembershipRegistry,
    forum: string,
    named: ForumRole | undefined,
    field: string,
): ForumRole {
    const held = FORUM_ROLES.filter((role) => holdsRole(registry, forum, role));
    const chosen = named === undefined ? (held.length === 1 ? held[0] : undefined) : held.find((r) => r === named);
    if (chosen === undefined) {
        const why =
            held.length === 0
                ? 'holds no court or arbitration role'
                : named === undefined
                  ? 'holds both forum roles: name forumRole'
                  : `does not hold the ${named} role`;
        throw new ChaincodeError(EVIDENCE_ERRORS.CASE_FORUM_INVALID, `${forum} ${why}`, {
            field,
            forum,
            forumRoles: [...held],
        });
    }
    return chosen;
}

/**
 * Refuses unless the caller is the case's forum in the role the case names.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED naming the case and its forum.
 */
export function requireForumOf(caller: MemberCaller, record: CaseRecord, action: string): void {
    if (!isForumOf(caller, record)) {
        throw new ChaincodeError(
            COMMON_ERRORS.ACCESS_DENIED,
            `${caller.mspId} may not ${action}: the case is filed to ${record.court} (${forumRoleOfCase(record)})`,
            {
                action,
                mspId: caller.mspId,
                caseId: record.caseId,
                forum: record.court,
                forumRole: forumRoleOfCase(record),
            },
        );
    }
}

/** Whether the member may read the case: its filer, a notary, or its forum. */
export function mayReadCase(caller: MemberCaller, record: CaseRecord): boolean {
    return caller.mspId === record.filer.mspId || caller.roles.includes('notary') || isForumOf(caller, record);
}

/**
 * Refuses the call unless the caller filed the case, is a notary, or is the case's forum.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED; REGISTRY_MISSING before the registry is set up.
 */
export async function requireCaseReader(ctx: Context, record: CaseRecord, action: string): Promise<MemberCaller> {
    const caller = await memberCallerOf(ctx);
    if (!mayReadCase(caller, record)) {
        throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} may not ${action}`, {
            action,
            mspId: caller.mspId,
            caseId: record.caseId,
        });
    }
    return caller;
}
