import { status as GrpcStatus } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { decodeCodedError, type CodedErrorBody } from '@lendledger/domain';
import {
    ChaincodeRejectedError,
    EndorsersDisagreeError,
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

/**
 * Turns an error thrown by @hyperledger/fabric-gateway into a ledger error. A chaincode's coded refusal is found in
 * the per-peer details of an EndorseError ("chaincode response 500, {...}", fabric-gateway#526) or, for an evaluate,
 * in the message itself. Errors that are not from Fabric are returned unchanged: they are the gateway's own bugs.
 */
export function classifyFabricError(error: unknown, step: LedgerStep, transactionId?: string): unknown {
    if (error instanceof LedgerError || !(error instanceof GatewayError)) {
        return error;
    }
    const txId = transactionId ?? transactionIdOf(error);
    const messages = [...error.details.map((detail) => detail.message), error.message];
    const coded = firstCoded(messages);
    if (coded) {
        return new ChaincodeRejectedError({ step, ...coded, transactionId: txId, cause: error });
    }
    const summary = `${step} failed: ${error.message}`;
    if (step === 'endorse' && endorsersDisagree(error)) {
        return new EndorsersDisagreeError(summary, { step, transactionId: txId, cause: error });
    }
    if (error.code === GrpcStatus.DEADLINE_EXCEEDED) {
        return new LedgerDeadlineError(summary, { step, transactionId: txId, cause: error });
    }
    if (UNAVAILABLE_CODES.has(error.code)) {
        return new LedgerUnavailableError(summary, { step, transactionId: txId, cause: error });
    }
    const peerMessages = error.details.map((detail) => `${detail.mspId}@${detail.address}: ${detail.message}`);
    return new LedgerFailedError(summary, { step, peerMessages, transactionId: txId, cause: error });
}

/**
 * Fabric answers ABORTED when it cannot assemble a transaction from the endorsements: the peers' read-write sets
 * differ ("ProposalResponsePayloads do not match"), which happens when one peer lags a block behind.
 */
function endorsersDisagree(error: GatewayError): boolean {
    if (error.code !== GrpcStatus.ABORTED) {
        return false;
    }
    const messages = new Set(error.details.map((detail) => detail.message));
    return messages.size > 1 || /do not match|mismatch/i.test(error.message);
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
