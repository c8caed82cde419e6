import { status as GrpcStatus } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { decodeCodedError, type CodedErrorBody } from '@lendledger/domain';
import {
    ChaincodeRejectedError,
    EndorsersDisagreeError,
    EndorserUnreachableError,
    LedgerDeadlineError,
    LedgerError,
    LedgerFailedError,
    LedgerUnavailableError,
    type LedgerStep,
} from './ledger-errors.js';

const UNAVAILABLE_CODES: ReadonlySet<number> = new Set([
    GrpcStatus.UNAVAILABLE,
    GrpcStatus.RESOURCE_EXHAUSTED,
    GrpcStatus.CANCELLED,
]);

/** Who asked for an endorsement, so that a refusal by another organisation's peer alone can be recognised. */
export interface EndorsementContext {
    /** The gateway's own organisation, whose peer is the Fabric gateway peer. */
    readonly ownMspId: string;
    /** The organisations the call named as endorsers; absent when the gateway peer chose them. */
    readonly endorsingOrganizations?: readonly string[];
}

/**
 * Turns an error thrown by @hyperledger/fabric-gateway into a ledger error. A chaincode's coded refusal is found in
 * the per-peer details of an EndorseError ("chaincode response 500, {...}", fabric-gateway#526) or, for an evaluate,
 * in the message itself. Errors that are not from Fabric are returned unchanged: they are the gateway's own bugs.
 *
 * With `context`, an endorsement refused by other organisations' peers only, while the own peer was asked and
 * accepted, is a disagreement between endorsers ({@link EndorsersDisagreeError} carrying the refusal): the peer
 * that refused is most often a block behind (it has not yet committed the write the caller waited for at its own
 * peer), and a fresh proposal a moment later is answered alike by all. Fabric's gateway peer reports only the
 * endorsers that failed, and asks its own organisation's peer in every plan it makes: first when it chooses the
 * endorsers itself, alongside the others when the call names them.
 */
export function classifyFabricError(
    error: unknown,
    step: LedgerStep,
    transactionId?: string,
    context?: EndorsementContext,
): unknown {
    if (error instanceof LedgerError || !(error instanceof GatewayError)) {
        return error;
    }
    const txId = transactionId ?? transactionIdOf(error);
    const messages = [...error.details.map((detail) => detail.message), error.message];
    const coded = firstCoded(messages);
    const summary = `${step} failed: ${error.message}`;
    if (coded) {
        const refusal = new ChaincodeRejectedError({ step, ...coded, transactionId: txId, cause: error });
        const fromLag = !NOT_FROM_LAG.has(coded.code);
        if (step === 'endorse' && context && fromLag && refusedByOthersOnly(error, context)) {
            return new EndorsersDisagreeError(summary, { step, transactionId: txId, cause: error, refusal });
        }
        return refusal;
    }
    const unreachable = step === 'endorse' || step === 'evaluate' ? unreachableEndorsers(error) : undefined;
    if (unreachable) {
        return new EndorserUnreachableError(summary, {
            step,
            organizations: unreachable,
            transactionId: txId,
            cause: error,
        });
    }
    if (step === 'endorse' && endorsersDisagree(error)) {
        return new EndorsersDisagreeError(summary, { step, transactionId: txId, cause: error });
    }
    if (error.code === GrpcStatus.DEADLINE_EXCEEDED) {
        return new LedgerDeadlineError(summary, { step, transactionId: txId, cause: error });
    }
    if (unavailable(error)) {
        return new LedgerUnavailableError(summary, { step, transactionId: txId, cause: error });
    }
    const peerMessages = error.details.map((detail) => `${detail.mspId}@${detail.address}: ${detail.message}`);
    return new LedgerFailedError(summary, { step, peerMessages, transactionId: txId, cause: error });
}

/**
 * What a peer reports when it cannot run the chaincode at all, as opposed to the chaincode answering with an error
 * ("chaincode response 500, ..."): the chaincode server is down or refuses connections (core/chaincode launch
 * errors), its stream ended, or the peer the gateway peer forwarded to is unreachable.
 */
const CHAINCODE_UNREACHABLE =
    /could not launch chaincode|chaincode registration failed|chaincode stream terminated|connection to \S+ failed|timeout expired while starting chaincode|code = Unavailable/i;

/**
 * The gateway peer's answer while its discovery view holds too few live peers for the endorsement policy: for a
 * few seconds after a peer restarts, until gossip has found the others again. Nothing was endorsed or ordered, so
 * the call is repeated after a pause, and the caller is told to come back (503) rather than that it failed.
 */
const NO_ENDORSEMENT_PLAN = /no combination of peers can be derived which satisfy the endorsement policy/i;

/** Nothing was done, and the same call can succeed in a moment. */
function unavailable(error: GatewayError): boolean {
    if (UNAVAILABLE_CODES.has(error.code)) {
        return true;
    }
    return error.code === GrpcStatus.FAILED_PRECONDITION && NO_ENDORSEMENT_PLAN.test(error.message);
}

/** The gateway peer's answer when it knows no running peer of a requested organisation. */
const NO_PEER_OF_ORGS = /failed to find any endorsing peers for org\(s\): ([^;]+)/i;

/**
 * The organisations whose peers could not run the chaincode, when that is why the call failed: the per-peer
 * details of an ABORTED endorsement or evaluation (Fabric's gateway reports the peer's launch error there), or the
 * gateway peer finding no peer of an organisation that was asked for by name.
 */
function unreachableEndorsers(error: GatewayError): readonly string[] | undefined {
    if (error.code === GrpcStatus.ABORTED) {
        const organizations = error.details
            .filter((detail) => CHAINCODE_UNREACHABLE.test(detail.message))
            .map((detail) => detail.mspId);
        return organizations.length > 0 ? [...new Set(organizations)] : undefined;
    }
    const missing = NO_PEER_OF_ORGS.exec(error.message);
    if (error.code === GrpcStatus.UNAVAILABLE && missing?.[1]) {
        return missing[1].split(',').map((organization) => organization.trim());
    }
    return undefined;
}

/** What Fabric's gateway peer records for an endorser whose read-write set differs from the first one's. */
const PAYLOADS_DIFFER = 'ProposalResponsePayloads do not match';

/**
 * Fabric answers ABORTED when it cannot assemble a transaction from the endorsements: the peers' read-write sets
 * differ, which happens when one peer lags a block behind. The gateway peer says so in the failing endorser's
 * detail ("ProposalResponsePayloads do not match") under a general message ("failed to collect enough transaction
 * endorsements"); peers failing with different messages are taken as disagreeing too.
 */
function endorsersDisagree(error: GatewayError): boolean {
    if (error.code !== GrpcStatus.ABORTED) {
        return false;
    }
    const messages = new Set(error.details.map((detail) => detail.message));
    return (
        messages.size > 1 ||
        [...messages].some((message) => message.includes(PAYLOADS_DIFFER)) ||
        /do not match|mismatch/i.test(error.message)
    );
}

/**
 * Refusals a peer gives from what it holds whatever its height, never because it is behind: a private copy that
 * differs from its public digest (both commit in one block). Retrying them would only multiply the proposals.
 */
const NOT_FROM_LAG: ReadonlySet<string> = new Set(['ABS_PRIVATE_DATA_MISMATCH']);

/**
 * Whether the endorsement failed only at other organisations' peers although the own organisation's peer was
 * asked: then the own peer accepted the proposal (a failing own peer is reported like any other). Two cases are
 * taken as disagreements although the own peer may not have accepted, which costs only the retry window: the
 * gateway peer that found no peer of its own organisation for the chaincode (while it is being installed) asks one
 * of another, and a refusal beside another organisation's unreachable peer.
 */
function refusedByOthersOnly(error: GatewayError, context: EndorsementContext): boolean {
    const { ownMspId, endorsingOrganizations } = context;
    const ownAsked = endorsingOrganizations === undefined || endorsingOrganizations.includes(ownMspId);
    return ownAsked && error.details.length > 0 && error.details.every((detail) => detail.mspId !== ownMspId);
}

function firstCoded(messages: readonly string[]): CodedErrorBody | undefined {
    for (const message of messages) {
        const coded = decodeCodedError(message);
        if (coded) {
            return coded;
        }
    }
    return undefined;
}

function transactionIdOf(error: GatewayError): string | undefined {
    const candidate = (error as GatewayError & { transactionId?: unknown }).transactionId;
    return typeof candidate === 'string' ? candidate : undefined;
}
