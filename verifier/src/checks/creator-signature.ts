import { verifyFabricSignature } from '../crypto/fabric-signature.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/**
 * `creator-signature`: the envelope's signature over its payload verifies with the creator's certificate, which
 * chains to the root of a member organisation and carries a role allowed to submit (each organisation's Writers).
 */
export async function checkCreatorSignature(ctx: CheckContext): Promise<CheckResult> {
    const { transaction } = ctx.evidence;
    const { creator } = transaction;
    const { organisations, writerRoles } = ctx.policy;
    if (!organisations.includes(creator.mspId)) {
        return fail('creator-signature', `the creator's MSP ${creator.mspId} is not a member organisation`);
    }
    const identity = await ctx.identity(creator, 'creator');
    if (!identity.ok || identity.certificate === undefined) {
        return fail('creator-signature', `the creator ${identity.subject} is not trusted: ${identity.reason}`);
    }
    if (identity.role === undefined || !writerRoles.includes(identity.role)) {
        return fail(
            'creator-signature',
            `the creator's role ${identity.role ?? 'none'} may not submit (${writerRoles.join(', ')})`,
        );
    }
    const signature = await verifyFabricSignature(
        ctx.trust.verifier,
        identity.certificate.publicKey,
        transaction.payload,
        transaction.signature,
    );
    return signature.ok
        ? pass('creator-signature', `signed by ${identity.subject} (${creator.mspId}, ${identity.role})`)
        : fail('creator-signature', `${identity.subject}: ${signature.reason}`);
}
