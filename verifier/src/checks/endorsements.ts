import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';
import { endorsingOrganisations, evaluateEndorsements } from './endorsement-evaluation.js';

/**
 * `endorsement-signatures`: the endorsements are for this transaction's proposal, and every one of them is a
 * valid signature over (proposal response payload ‖ endorser) by a certificate chained to its MSP's root.
 */
export async function checkEndorsementSignatures(ctx: CheckContext): Promise<CheckResult> {
    const { proposalMismatch, endorsements } = await evaluateEndorsements(ctx);
    if (proposalMismatch !== undefined) {
        return fail('endorsement-signatures', proposalMismatch);
    }
    if (endorsements.length === 0) {
        return fail('endorsement-signatures', 'the transaction carries no endorsement');
    }
    const listed = endorsements.map((e) => `${e.subject} (${e.mspId}): ${e.reason}`).join('; ');
    return endorsements.every((e) => e.valid)
        ? pass('endorsement-signatures', listed)
        : fail('endorsement-signatures', listed);
}

/**
 * `endorsement-policy`: peers of at least the required number of distinct member organisations endorsed it
 * (LendLedger: `OutOf(2, 'PlatformMSP.peer', …, 'InvestorMSP.peer')`).
 */
export async function checkEndorsementPolicy(ctx: CheckContext): Promise<CheckResult> {
    const required = ctx.policy.requiredEndorsingOrganisations;
    const counted = endorsingOrganisations(await evaluateEndorsements(ctx));
    const named = counted.length > 0 ? counted.join(', ') : 'none';
    return counted.length >= required
        ? pass('endorsement-policy', `${counted.length} of ${required} required organisations endorsed: ${named}`)
        : fail(
              'endorsement-policy',
              `${counted.length} of ${required} required organisations endorsed validly: ${named}`,
          );
}
