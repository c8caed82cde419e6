import { FORUM_ROLES } from '@lendledger/domain';

/** What the case desk offers a caller; the gateway and the chaincode still decide every request. */
export interface CaseDeskAbilities {
    /** A court or an arbitration commission: its inbox is its own cases, no forum to choose. */
    readonly forum: boolean;
    /** Accept, judge (and the other forum moves) on its own cases. */
    readonly move: boolean;
    /** A notary attesting a case's package. */
    readonly attest: boolean;
    /** A notary issuing a signed verification report. */
    readonly report: boolean;
}

/** Token roles the gateway lets write (gateway/src/auth/principal.ts WRITE_ROLES). */
const WRITERS: readonly string[] = ['submitter', 'admin'];

/**
 * The actions to show for an organisation's consortium roles and the signed-in user's token roles: a forum moves
 * cases, a notary attests and reports, a bank reads the cases it filed; no write without a writing token role.
 */
export function caseDeskAbilities(memberRoles: readonly string[], tokenRoles: readonly string[]): CaseDeskAbilities {
    const forum = FORUM_ROLES.some((role) => memberRoles.includes(role));
    const writes = tokenRoles.some((role) => WRITERS.includes(role));
    const notary = memberRoles.includes('notary');
    return { forum, move: forum && writes, attest: notary && writes, report: notary && writes };
}
