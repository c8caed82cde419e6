import { verifyFabricSignature } from '../crypto/fabric-signature.js';
import { type DecodedEndorsement } from '../decode/endorser-action.js';
import { bytesEqual, concatBytes } from '../encoding/bytes.js';
import { type CheckContext } from './check-context.js';

/** What was found about one endorsement. */
export interface EndorsementVerdict {
    readonly mspId: string;
    readonly subject: string;
    /** Signature valid and certificate chained to the MSP's root. */
    readonly valid: boolean;
    /** Valid, by a peer of a member organisation: counts towards the policy. */
    readonly counts: boolean;
    readonly reason: string;
}

/** All endorsements of the transaction, and whether they were made for this very transaction. */
export interface EndorsementEvaluation {
    /** Undefined when the endorsed proposal is this transaction's; otherwise why not. */
    readonly proposalMismatch: string | undefined;
    readonly endorsements: readonly EndorsementVerdict[];
}

const evaluations = new WeakMap<CheckContext, Promise<EndorsementEvaluation>>();

/**
 * Evaluates the endorsements once per receipt; the `endorsement-signatures` and `endorsement-policy` checks both
 * read the result.
 */
export function evaluateEndorsements(ctx: CheckContext): Promise<EndorsementEvaluation> {
    let evaluation = evaluations.get(ctx);
    if (evaluation === undefined) {
        evaluation = evaluate(ctx);
        evaluations.set(ctx, evaluation);
    }
    return evaluation;
}

async function evaluate(ctx: CheckContext): Promise<EndorsementEvaluation> {
    const { action } = ctx.evidence;
    return {
        proposalMismatch: proposalMismatch(ctx),
        endorsements: await Promise.all(action.endorsements.map((e) => evaluateOne(ctx, e))),
    };
}

/**
 * Endorsers sign the proposal response, which names the proposal by its hash: SHA-256(channel header ‖ signature
 * header ‖ chaincode proposal payload), `protoutil.GetProposalHash2` as `validateEndorserTransaction` checks it.
 * Using the envelope's own signature header (not only the action's copy) ties the endorsements to the creator
 * who signed the envelope.
 */
function proposalMismatch(ctx: CheckContext): string | undefined {
    const { transaction, action } = ctx.evidence;
    if (!bytesEqual(action.header, transaction.signatureHeaderBytes)) {
        return 'the action header is not the transaction’s signature header';
    }
    const hash = ctx.sha256(
        transaction.channelHeaderBytes,
        transaction.signatureHeaderBytes,
        action.chaincodeProposalPayload,
    );
    return bytesEqual(hash, action.proposalHash) ? undefined : 'the endorsed proposal hash is not this transaction’s';
}

async function evaluateOne(ctx: CheckContext, endorsement: DecodedEndorsement): Promise<EndorsementVerdict> {
    const { endorser } = endorsement;
    const identity = await ctx.identity(endorser, 'endorser');
    const base = { mspId: endorser.mspId, subject: identity.subject };
    if (!identity.ok || identity.certificate === undefined) {
        return { ...base, valid: false, counts: false, reason: `not trusted: ${identity.reason}` };
    }
    // Fabric signs the proposal response payload followed by the endorser's serialized identity.
    const message = concatBytes(ctx.evidence.action.proposalResponsePayload, endorser.bytes);
    const signature = await verifyFabricSignature(
        ctx.trust.verifier,
        identity.certificate.publicKey,
        message,
        endorsement.signature,
    );
    if (!signature.ok) {
        return { ...base, valid: false, counts: false, reason: signature.reason };
    }
    const { organisations, endorserRole } = ctx.policy;
    if (!organisations.includes(endorser.mspId) || identity.role !== endorserRole) {
        const why = `valid, but ${endorser.mspId} ${identity.role ?? 'without role'} is not a member's ${endorserRole}`;
        return { ...base, valid: true, counts: false, reason: why };
    }
    return { ...base, valid: true, counts: true, reason: 'valid' };
}
