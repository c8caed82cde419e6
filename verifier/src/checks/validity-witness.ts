import { WITNESS_READ_FUNCTION } from '@lendledger/domain';
import { type KeyRead } from '../decode/endorser-action.js';
import { decodeTransaction, HEADER_TYPE } from '../decode/transaction.js';
import { fromUtf8 } from '../encoding/bytes.js';
import { fromBase64 } from '../encoding/base64.js';
import { readableKey } from '../receipt/written-member.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';
import { evidenceTimeOf } from './evidence-time.js';
import { endorsingOrganisations, evaluateEndorsementsOf, type EndorsedTransaction } from './endorsement-evaluation.js';

/**
 * `validity-witness`: peers of enough distinct member organisations (the transaction's own endorsement rule)
 * signed a read of the receipt's key whose read set shows the key's committed version at exactly (block, entry) of
 * the receipt's transaction. World state only takes writes of transactions validated VALID, so this proves what the
 * block's unsigned validation flag only asserts. The witness is an endorsed transaction that was never submitted:
 * `Witness:Read` of the key, on the consortium's channel and chaincode.
 */
export async function checkValidityWitness(ctx: CheckContext): Promise<CheckResult> {
    const { witness } = ctx.receipt;
    if (witness === undefined) {
        return fail(
            'validity-witness',
            'the receipt carries no validity witness: only the committing peer’s unsigned flag says it is valid',
        );
    }
    let endorsed: EndorsedTransaction;
    try {
        endorsed = decodeWitness(witness.envelope);
    } catch (error) {
        return fail('validity-witness', `the witness does not decode: ${(error as Error).message}`);
    }
    const problems = [...namingProblems(ctx, endorsed)];
    if (endorsed.transaction.signature.length > 0) {
        // A witness is never submitted, so nothing checks an envelope signature; one present is bytes that could
        // change unnoticed (witnessEnvelopeOf drops it).
        problems.push(
            `the witness carries a ${endorsed.transaction.signature.length}-byte envelope signature; a witness has none`,
        );
    }
    const read = readOfKey(ctx, endorsed);
    if (typeof read === 'string') {
        problems.push(read);
    }
    const at = endorsed.transaction.time;
    if (at === undefined) {
        problems.push('the witness carries no time to check its endorsers’ certificates at');
    }
    // The witness's time is only what its never-submitted creator wrote. A witness is made after the write it
    // witnesses committed, so its endorsers are judged (validity and revocation) no earlier than the evidence's
    // time: a witness dated earlier would let keys revoked before the evidence sign it.
    const witnessTime = new Date(at ?? Number.NaN);
    const evidenceTime = evidenceTimeOf(ctx).at;
    const judgedAt = witnessTime < evidenceTime ? evidenceTime : witnessTime;
    const evaluation = await evaluateEndorsementsOf(ctx, endorsed, (endorser) =>
        ctx.trust.validate(endorser, judgedAt, judgedAt),
    );
    if (evaluation.proposalMismatch !== undefined) {
        problems.push(`the witness ${evaluation.proposalMismatch.replace('this transaction’s', 'its own')}`);
    }
    const invalid = evaluation.endorsements.filter((e) => !e.valid);
    problems.push(...invalid.map((e) => `witness endorsement by ${e.subject} (${e.mspId}): ${e.reason}`));
    const required = ctx.policy.requiredEndorsingOrganisations;
    const counted = endorsingOrganisations(evaluation);
    if (counted.length < required) {
        const named = counted.length > 0 ? counted.join(', ') : 'none';
        problems.push(`${counted.length} of ${required} required organisations witnessed validly: ${named}`);
    }
    if (problems.length > 0) {
        return fail('validity-witness', problems.join('; '));
    }
    const { blockNumber, transactionIndex } = (read as KeyRead).version!;
    return pass(
        'validity-witness',
        `peers of ${counted.join(', ')} read ${readableKey(ctx.receipt.write.key)} at version ` +
            `(block ${blockNumber}, entry ${transactionIndex}) on ${at}: only a valid transaction writes state`,
    );
}

/** The witness envelope, which must be an endorser transaction. */
function decodeWitness(envelope: string): EndorsedTransaction {
    const transaction = decodeTransaction(fromBase64(envelope));
    if (transaction.type !== HEADER_TYPE.endorserTransaction || transaction.action === undefined) {
        throw new Error(`it is a transaction of type ${transaction.type}, not an endorser transaction`);
    }
    return { transaction, action: transaction.action };
}

/** Channel, chaincode, function and argument: a read of the receipt's key by the consortium's chaincode. */
function namingProblems(ctx: CheckContext, { transaction, action }: EndorsedTransaction): string[] {
    const { channel, chaincode } = ctx.policy;
    const problems: string[] = [];
    if (transaction.channelId !== channel) {
        problems.push(`the witness is on channel ${transaction.channelId}, not ${channel}`);
    }
    const chaincodes = [transaction.chaincodeName ?? '(none)', action.chaincodeName];
    if (chaincodes.some((name) => name !== chaincode)) {
        problems.push(`the witness invoked ${chaincodes[0]} and ran ${chaincodes[1]}, not ${chaincode}`);
    }
    const [fn, key, ...extra] = action.arguments.map(fromUtf8);
    if (fn !== WITNESS_READ_FUNCTION || extra.length > 0) {
        problems.push(
            `the witness calls ${action.functionName ?? '(unreadable)'} with ${action.arguments.length - 1} ` +
                `argument(s), not ${WITNESS_READ_FUNCTION} of one key`,
        );
    } else if (key !== ctx.receipt.write.key) {
        problems.push(`the witness reads key ${readableKey(key ?? '')}, not ${readableKey(ctx.receipt.write.key)}`);
    }
    return problems;
}

/**
 * The witness's one read of the receipt's key in the chaincode's namespace, at the receipt transaction's height;
 * otherwise why not. The height is the decoded block's number (signed by the orderer) and the entry's position.
 */
function readOfKey(ctx: CheckContext, { action }: EndorsedTransaction): KeyRead | string {
    const namespace = ctx.policy.chaincode;
    const { key } = ctx.receipt.write;
    const reads = action.reads.filter((r) => r.namespace === namespace && r.key === key);
    if (reads.length !== 1) {
        return `the witness's read set holds ${reads.length} reads of ${readableKey(key)} in ${namespace}, not one`;
    }
    const { version } = reads[0]!;
    const expected = { blockNumber: ctx.evidence.block.number, transactionIndex: ctx.evidence.index };
    if (version === undefined) {
        return `the witness read ${readableKey(key)} as absent: no transaction had written it`;
    }
    if (version.blockNumber !== expected.blockNumber || version.transactionIndex !== expected.transactionIndex) {
        return (
            `the witness read ${readableKey(key)} at version (block ${version.blockNumber}, entry ` +
            `${version.transactionIndex}), not the receipt's (block ${expected.blockNumber}, entry ` +
            `${expected.transactionIndex})`
        );
    }
    return reads[0]!;
}
