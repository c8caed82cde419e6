/**
 * The roles a consortium member can hold. Access rules are written against roles and a loan's or a case's parties,
 * never against MSP names: which organisations hold a role is the membership registry's record on the ledger, so a
 * second bank or an arbitration commission joins without a code change.
 */
export const MEMBER_ROLES = ['platform', 'bank', 'notary', 'court', 'arbitration', 'investor'] as const;

/** A role a member holds in the consortium. */
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Roles a case may be filed to: a court or an arbitration commission (一键仲裁 beside court filing). */
export const FORUM_ROLES = ['court', 'arbitration'] as const satisfies readonly MemberRole[];

/** A forum role. */
export type ForumRole = (typeof FORUM_ROLES)[number];

/** Whether a string names a role. */
export function isMemberRole(value: unknown): value is MemberRole {
    return typeof value === 'string' && (MEMBER_ROLES as readonly string[]).includes(value);
}
