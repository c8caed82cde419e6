import { COMMON_ERRORS, type AdmissionHistory, type PartnerList } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { txTime } from '../../core/ledger-state.js';
import { type MemberCaller } from '../member-access.js';
import { admissionsUnder, byAdmissionTime } from './admission-store.js';

/**
 * Who may read the admission history of a bank and a platform besides the two themselves: the members who examine
 * a loan's evidence for a court or an arbitration (notaries, courts, arbitration commissions) and must know whether
 * the platform was admitted when it wrote. Investors, other banks and other platforms may not: a bank's partner list
 * is its commercial relationship.
 */
export const ADMISSION_AUDITOR_ROLES = ['notary', 'court', 'arbitration'] as const;

/** The caller bank's admissions in force at `at` (default: the transaction's time), in the order recorded. */
export async function partnersOf(ctx: Context, caller: MemberCaller, at?: string): Promise<PartnerList> {
    const when = at ?? txTime(ctx);
    const admissions = (await admissionsUnder(ctx, [caller.mspId], when)).filter((view) => view.inForce);
    return { bank: caller.mspId, at: when, admissions: admissions.sort(byAdmissionTime) };
}

/**
 * Every admission and withdrawal of a bank and a platform, in the order the admissions were recorded, each marked
 * in force or not at the transaction's time.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED unless the caller is the bank, the platform or an auditor.
 */
export async function admissionHistory(
    ctx: Context,
    caller: MemberCaller,
    pair: { readonly bank: string; readonly platform: string },
): Promise<AdmissionHistory> {
    const auditor = caller.roles.some((role) => (ADMISSION_AUDITOR_ROLES as readonly string[]).includes(role));
    if (!auditor && caller.mspId !== pair.bank && caller.mspId !== pair.platform) {
        throw new ChaincodeError(
            COMMON_ERRORS.ACCESS_DENIED,
            `${caller.mspId} may not read the admissions of ${pair.bank} and ${pair.platform}`,
            {
                action: 'read an admission history',
                mspId: caller.mspId,
                roles: [...caller.roles],
                allowedRoles: [...ADMISSION_AUDITOR_ROLES],
            },
        );
    }
    const at = txTime(ctx);
    const admissions = await admissionsUnder(ctx, [pair.bank, pair.platform], at);
    return { bank: pair.bank, platform: pair.platform, at, admissions: admissions.sort(byAdmissionTime) };
}
