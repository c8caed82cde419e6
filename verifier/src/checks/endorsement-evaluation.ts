import { verifyFabricSignature } from '../crypto/fabric-signature.js';
import { type SerializedIdentity } from '../decode/identity.js';
import { type DecodedEndorsement, type EndorserAction } from '../decode/endorser-action.js';
import { type DecodedTransaction } from '../decode/transaction.js';
import { bytesEqual, concatBytes } from '../encoding/bytes.js';
import { type IdentityVerdict } from '../roots/identity-verdict.js';
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

/** All endorsements of a transaction, and whether they were made for this very transaction. */
export interface EndorsementEvaluation {
    /** Undefined when the endorsed proposal is this transaction's; otherwise why not. */
    readonly proposalMismatch: string | undefined;
    readonly endorsements: readonly EndorsementVerdict[];
}

/** An endorsed transaction: the receipt's own, or a validity witness. */
export interface EndorsedTransaction {
    readonly transaction: DecodedTransaction;
    readonly action: EndorserAction;
}

/** Validates an endorser's certificate against the roots (at the time that matters for that transaction). */
export type EndorserValidation = (endorser: SerializedIdentity) => Promise<IdentityVerdict>;

const evaluations = new WeakMap<CheckContext, Promise<EndorsementEvaluation>>();

/**
 * Evaluates the receipt transaction's endorsements once per receipt; the `endorsement-signatures` and
 * `endorsement-policy` checks both read the result.
 */
export function evaluateEndorsements(ctx: CheckContext): Promise<EndorsementEvaluation> {
    let evaluation = evaluations.get(ctx);
    if (evaluation === undefined) {
        evaluation = evaluateEndorsementsOf(ctx, ctx.evidence, (endorser) => ctx.identity(endorser, 'endorser'));
        evaluations.set(ctx, evaluation);
    }
    return evaluation;
}

/**
 * Evaluates the endorsements of any endorsed transaction by the receipt's rules: endorsed for this proposal, each
 * signature valid by a certificate `validate` accepts, and counted when by a peer of a member organisation.
 */
export async function evaluateEndorsementsOf(
    ctx: CheckContext,
    endorsed: EndorsedTransaction,
    validate: EndorserValidation,
): Promise<EndorsementEvaluation> {
    return {
        proposalMismatch: proposalMismatch(ctx, endorsed),
        endorsements: await Promise.all(
            endorsed.action.endorsements.map((e) => evaluateOne(ctx, endorsed.action, e, validate)),
        ),
    };
}

/** The distinct member organisations whose endorsements count, none when they endorsed another proposal. */
export function endorsingOrganisations(evaluation: EndorsementEvaluation): string[] {
    if (evaluation.proposalMismatch !== undefined) {
        return [];
    }
    return [...new Set(evaluation.endorsements.filter((e) => e.counts).map((e) => e.mspId))].sort();
}

/**
 * Endorsers sign the proposal response, which names the proposal by its hash: SHA-256(channel header ‖ signature
 * header ‖ chaincode proposal payload), `protoutil.GetProposalHash2` as `validateEndorserTransaction` checks it.
 * Using the envelope's own signature header (not only the action's copy) ties the endorsements to the creator
 * who signed the envelope.
 */
function proposalMismatch(ctx: CheckContext, { transaction, action }: EndorsedTransaction): string | undefined {
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

async function evaluateOne(
    ctx: CheckContext,
    action: EndorserAction,
    endorsement: DecodedEndorsement,
    validate: EndorserValidation,
): Promise<EndorsementVerdict> {
    const { endorser } = endorsement;
    const identity = await validate(endorser);
    const base = { mspId: endorser.mspId, subject: identity.subject };
    if (!identity.ok || identity.certificate === undefined) {
        return { ...base, valid: false, counts: false, reason: `not trusted: ${identity.reason}` };
    }
    // Fabric signs the proposal response payload followed by the endorser's serialized identity.
    const message = concatBytes(action.proposalResponsePayload, endorser.bytes);
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
