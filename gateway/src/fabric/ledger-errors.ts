import { type ErrorDetails } from '@lendledger/domain';

/** The step of a transaction at which something failed. */
export type LedgerStep = 'evaluate' | 'endorse' | 'submit' | 'commitStatus' | 'events';

/** Base of every error the ledger seam throws. */
export class LedgerError extends Error {
    readonly step: LedgerStep;
    readonly transactionId?: string;

    constructor(message: string, properties: Readonly<{ step: LedgerStep; transactionId?: string; cause?: unknown }>) {
        super(message, { cause: properties.cause });
        this.name = LedgerError.name;
        this.step = properties.step;
        this.transactionId = properties.transactionId;
    }
}

/** The chaincode refused the call with a coded error (`{"code","details","message"}`); never retried. */
export class ChaincodeRejectedError extends LedgerError {
    readonly code: string;
    readonly chaincodeMessage: string;
    readonly details: ErrorDetails;

    constructor(
        properties: Readonly<{
            step: LedgerStep;
            code: string;
            message: string;
            details: ErrorDetails;
            transactionId?: string;
            cause?: unknown;
        }>,
    ) {
        super(`chaincode refused: ${properties.code}: ${properties.message}`, properties);
        this.name = ChaincodeRejectedError.name;
        this.code = properties.code;
        this.chaincodeMessage = properties.message;
        this.details = properties.details;
    }
}

/** The peer (or the orderer behind it) could not be reached or is overloaded; safe steps may be retried. */
export class LedgerUnavailableError extends LedgerError {
    constructor(message: string, properties: Readonly<{ step: LedgerStep; transactionId?: string; cause?: unknown }>) {
        super(message, properties);
        this.name = LedgerUnavailableError.name;
    }
}

/**
 * The endorsing peers answered differently: one of them has not committed the latest block yet (the gateway waits
 * for a commit on its own peer only). Nothing was ordered; a fresh proposal a moment later normally agrees.
 */
export class EndorsersDisagreeError extends LedgerUnavailableError {
    /**
     * The chaincode's refusal at the peers that disagreed, when they refused rather than answered differently: what
     * the caller is told if they still refuse once the disagreement has been retried for long enough.
     */
    readonly refusal?: ChaincodeRejectedError;

    constructor(
        message: string,
        properties: Readonly<{
            step: LedgerStep;
            transactionId?: string;
            cause?: unknown;
            refusal?: ChaincodeRejectedError;
        }>,
    ) {
        super(message, properties);
        this.name = EndorsersDisagreeError.name;
        this.refusal = properties.refusal;
    }
}

/**
 * One or more organisations' peers could not run the chaincode: the chaincode server cannot be reached (not
 * started, crashed, refusing connections) or the peer itself is unknown to the gateway peer. No chaincode ran and
 * nothing was ordered, so the same proposal may be endorsed by other organisations' peers instead.
 */
export class EndorserUnreachableError extends LedgerUnavailableError {
    /** MSP IDs of the organisations whose peers could not run the chaincode. */
    readonly organizations: readonly string[];

    constructor(
        message: string,
        properties: Readonly<{
            step: LedgerStep;
            organizations: readonly string[];
            transactionId?: string;
            cause?: unknown;
        }>,
    ) {
        super(message, properties);
        this.name = EndorserUnreachableError.name;
        this.organizations = properties.organizations;
    }
}

/** A gRPC deadline expired. */
export class LedgerDeadlineError extends LedgerError {
    constructor(message: string, properties: Readonly<{ step: LedgerStep; transactionId?: string; cause?: unknown }>) {
        super(message, properties);
        this.name = LedgerDeadlineError.name;
    }
}

/**
 * The ledger failed for a reason that is neither the caller's nor transient: endorsement policy not satisfiable,
 * unknown chaincode, chaincode crash, an uncoded chaincode error.
 */
export class LedgerFailedError extends LedgerError {
    /** Messages of the peers or orderers involved. */
    readonly peerMessages: readonly string[];

    constructor(
        message: string,
        properties: Readonly<{
            step: LedgerStep;
            peerMessages: readonly string[];
            transactionId?: string;
            cause?: unknown;
        }>,
    ) {
        super(message, properties);
        this.name = LedgerFailedError.name;
        this.peerMessages = properties.peerMessages;
    }
}

/** The transaction was ordered but committed invalid (other than a conflict that was retried). */
export class TransactionInvalidError extends LedgerError {
    readonly code: number;
    readonly codeName: string;
    readonly blockNumber: bigint;

    constructor(properties: Readonly<{ transactionId: string; code: number; codeName: string; blockNumber: bigint }>) {
        super(`transaction ${properties.transactionId} committed invalid: ${properties.codeName}`, {
            step: 'commitStatus',
            transactionId: properties.transactionId,
        });
        this.name = TransactionInvalidError.name;
        this.code = properties.code;
        this.codeName = properties.codeName;
        this.blockNumber = properties.blockNumber;
    }
}

/** Every attempt lost an MVCC read or phantom read conflict; the caller may retry later. */
export class TransactionConflictError extends TransactionInvalidError {
    readonly attempts: number;

    constructor(
        properties: Readonly<{
            transactionId: string;
            code: number;
            codeName: string;
            blockNumber: bigint;
            attempts: number;
        }>,
    ) {
        super(properties);
        this.name = TransactionConflictError.name;
        this.attempts = properties.attempts;
    }
}

/** The transaction reached the orderer but its commit status could not be learned; it may still commit. */
export class CommitStatusUnknownError extends LedgerError {
    constructor(properties: Readonly<{ transactionId: string; cause?: unknown }>) {
        super(`commit status of transaction ${properties.transactionId} is unknown`, {
            step: 'commitStatus',
            transactionId: properties.transactionId,
            cause: properties.cause,
        });
        this.name = CommitStatusUnknownError.name;
    }
}
