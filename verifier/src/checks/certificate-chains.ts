import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/**
 * `certificate-chains`: every certificate that signed something in the receipt (creator, endorsers, block signers)
 * chains to a root of the MSP it claims, and every certificate on the chain was valid at the transaction's time.
 * Runs after the signature checks, which gather the identities.
 */
export async function checkCertificateChains(ctx: CheckContext): Promise<CheckResult> {
    const identities = await ctx.identities();
    if (identities.length === 0) {
        return fail('certificate-chains', 'no signer identity could be examined');
    }
    const at = ctx.signingTime.toISOString();
    const listed = identities.map(
        ({ role, verdict }) => `${role} ${verdict.subject} (${verdict.mspId}): ${verdict.reason}`,
    );
    return identities.every(({ verdict }) => verdict.ok)
        ? pass('certificate-chains', `at ${at}: ${listed.join('; ')}`)
        : fail('certificate-chains', `at ${at}: ${listed.join('; ')}`);
}
