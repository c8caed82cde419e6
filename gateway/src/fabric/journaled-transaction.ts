import { type SubmittedTransaction } from './transaction-runner.js';

/**
 * A {@link SubmittedTransaction} as the idempotency and job journals keep it (JSON lines): its bytes as base64.
 * Both journals follow the transaction after a crash or an unknown commit status, so they share one record and
 * one encoding.
 */
export interface JournaledTransaction {
    readonly transactionId: string;
    /** The chaincode's answer, base64. */
    readonly result: string;
    /** The signed envelope, base64; entries journaled before envelopes were kept have none. */
    readonly envelope?: string;
}

/** The journal record of a transaction about to be handed to the orderer. */
export function toJournal(transaction: SubmittedTransaction): JournaledTransaction {
    return {
        transactionId: transaction.transactionId,
        result: Buffer.from(transaction.result).toString('base64'),
        envelope: transaction.envelope && Buffer.from(transaction.envelope).toString('base64'),
    };
}

/** The transaction a journal record names, to be followed instead of endorsing a second one. */
export function fromJournal(journaled: JournaledTransaction): SubmittedTransaction {
    return {
        transactionId: journaled.transactionId,
        result: Buffer.from(journaled.result, 'base64'),
        envelope: journaled.envelope === undefined ? undefined : Buffer.from(journaled.envelope, 'base64'),
    };
}
