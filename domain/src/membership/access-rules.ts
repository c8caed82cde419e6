import { MEMBER_ROLES, type MemberRole } from './roles.js';

/**
 * Who may call each transaction function, as data. The chaincode enforces the role gate from this table
 * (`requireAccess` in chaincode/src/membership/access.ts), the access matrix in chaincode/docs/access-matrix.md is
 * rendered from it, and chaincode/src/membership/access-rules.test.ts keeps the table, the contracts' behaviour and
 * the document in step. The finer rule (the loan's own bank, the case's forum, a deal's holders) is checked by the
 * contract after the gate; the table states it in words so the document says it too.
 */

/** Who passes the gate before a function reads its request. */
export type AccessGate =
    /** Members holding one of these roles. */
    | { readonly roles: readonly MemberRole[] }
    /** Any member, whatever its roles. */
    | { readonly member: true }
    /** An administrator (certificate OU=admin) of any member. */
    | { readonly memberAdmin: true }
    /** Anyone the channel admits: the registry itself names no one yet, or is public. */
    | { readonly anyone: true };

/** One function's rule: its gate and, where the contract narrows it further, that finer rule in plain words. */
export interface AccessRule {
    /** What the function does, as an error message says it: "<MSP> may not <action>". */
    readonly action: string;
    readonly gate: AccessGate;
    /** The finer rule, e.g. "only the loan's funding bank"; omitted when the gate is the whole rule. */
    readonly finer?: string;
}

/** Whether a gate lets a caller with these roles (and this certificate role) through. */
export function gateAdmits(gate: AccessGate, roles: readonly MemberRole[], isAdmin: boolean): boolean {
    if ('anyone' in gate) {
        return true;
    }
    if ('member' in gate) {
        return roles.length > 0;
    }
    if ('memberAdmin' in gate) {
        return roles.length > 0 && isAdmin;
    }
    return roles.some((role) => gate.roles.includes(role));
}

/** The roles a gate names, for documents: every role for a member-wide gate. */
export function gateRoles(gate: AccessGate): readonly MemberRole[] {
    return 'roles' in gate ? gate.roles : MEMBER_ROLES;
}
