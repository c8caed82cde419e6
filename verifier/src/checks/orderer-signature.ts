import { orderingAt } from '@lendledger/domain';
import { verifyFabricSignature } from '../crypto/fabric-signature.js';
import { type BlockSignature } from '../decode/block-metadata.js';
import { blockHeaderBytes } from '../decode/block-header-bytes.js';
import { concatBytes } from '../encoding/bytes.js';
import { type CheckContext } from './check-context.js';
import { checkConsenterSignatures } from './consenter-signatures.js';
import { fail, pass, type CheckResult } from './check-result.js';

/**
 * `orderer-signature`: the ordering service signed the block header, by the rule of the arrangement the policy (the
 * roots bundle) states was in force at the block's number ({@link orderingAt}): a block ordered before the consenter
 * set changed, or before Raft gave way to BFT, is judged by the arrangement that signed it. Under BFT a quorum of distinct consenters must have signed ({@link checkConsenterSignatures}).
 * Under Raft at least one signature in the SIGNATURES metadata verifies over (metadata value ‖ signature header ‖ DER
 * block header) — `protoutil.BlockSignatureVerifier` — by an orderer of the ordering service's MSP: the channel's
 * BlockValidation policy is `ANY Writers` of OrdererMSP, and each Raft orderer signs its own copy.
 */
export async function checkOrdererSignature(ctx: CheckContext): Promise<CheckResult> {
    const { block } = ctx.evidence;
    const arrangement = orderingAt(ctx.policy.ordering, block.number);
    const result =
        arrangement.consensus === 'BFT'
            ? await checkConsenterSignatures(ctx, arrangement.consenters)
            : await checkRaftSignatures(ctx, 'mspId' in arrangement ? arrangement.mspId : ctx.policy.ordererMspId);
    if (!('untilBlock' in arrangement)) {
        return result;
    }
    // Named, so that a reader sees the block was judged by the arrangement that ordered it, not by today's.
    const era = `block ${block.number} was ordered by the ${arrangement.consensus} arrangement in force until block ${arrangement.untilBlock}: `;
    return { ...result, reason: `${era}${result.reason}` };
}

/** Raft: at least one signature by an orderer of `ordererMspId`. */
async function checkRaftSignatures(ctx: CheckContext, ordererMspId: string): Promise<CheckResult> {
    const { signatures, block } = ctx.evidence;
    if (signatures.signatures.length === 0) {
        return fail('orderer-signature', 'the block carries no orderer signature');
    }
    const header = blockHeaderBytes(block);
    const outcomes = await Promise.all(
        signatures.signatures.map((s) => checkOne(ctx, ordererMspId, s, signatures.value, header)),
    );
    const valid = outcomes.filter((o) => o.ok);
    const listed = outcomes.map((o) => o.text).join('; ');
    return valid.length > 0 ? pass('orderer-signature', listed) : fail('orderer-signature', listed);
}

async function checkOne(
    ctx: CheckContext,
    ordererMspId: string,
    entry: BlockSignature,
    value: Uint8Array,
    header: Uint8Array,
): Promise<{ ok: boolean; text: string }> {
    const { ordererRole } = ctx.policy;
    if (entry.signer === undefined) {
        return {
            ok: false,
            text: 'a signature names its signer by consenter number (SmartBFT), but the roots bundle states Raft ordering',
        };
    }
    if (entry.signer.mspId !== ordererMspId) {
        return { ok: false, text: `a signer claims ${entry.signer.mspId}, not the ordering service's ${ordererMspId}` };
    }
    const identity = await ctx.identity(entry.signer, 'orderer');
    if (!identity.ok || identity.certificate === undefined) {
        return { ok: false, text: `${identity.subject} is not trusted: ${identity.reason}` };
    }
    if (identity.role !== ordererRole) {
        return { ok: false, text: `${identity.subject} has role ${identity.role ?? 'none'}, not ${ordererRole}` };
    }
    const message = concatBytes(value, entry.signatureHeader, header);
    const verdict = await verifyFabricSignature(
        ctx.trust.verifier,
        identity.certificate.publicKey,
        message,
        entry.signature,
    );
    return verdict.ok
        ? { ok: true, text: `signed by ${identity.subject} (${ordererMspId})` }
        : { ok: false, text: `${identity.subject}: ${verdict.reason}` };
}
