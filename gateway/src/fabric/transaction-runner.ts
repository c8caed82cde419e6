import { type RetryPolicy } from '../config/gateway-config.js';
import { jitteredBackoff } from './backoff.js';
import {
    type CommitOutcome,
    type EndorsedTransaction,
    type LedgerClient,
    type PendingCommit,
    type TransactionCall,
} from './ledger-client.js';
import {
    CommitStatusUnknownError,
    EndorsersDisagreeError,
    LedgerDeadlineError,
    LedgerUnavailableError,
    TransactionConflictError,
    TransactionInvalidError,
} from './ledger-errors.js';

/** A committed transaction: its ID, block and the chaincode's answer. */
export interface SubmitResult {
    readonly transactionId: string;
    readonly blockNumber: bigint;
    readonly result: Uint8Array;
    /** Proposals endorsed (more than one after MVCC conflicts). */
    readonly attempts: number;
}

/** A transaction handed to the orderer, enough to ask its status again later (even after a restart). */
export interface SubmittedTransaction {
    readonly transactionId: string;
    readonly result: Uint8Array;
    readonly commit: Uint8Array;
}

/** Why a step was repeated. */
export type RetryReason = 'conflict' | 'submit' | 'status' | 'unavailable';

/** Receives timings and retries; the metrics module implements it. */
export interface LedgerObserver {
    call(operation: 'evaluate' | 'endorse' | 'submit' | 'commit_status', outcome: string, seconds: number): void;
    retry(reason: RetryReason): void;
}

/** Collaborators of a {@link TransactionRunner}. */
export interface TransactionRunnerOptions {
    readonly ledger: LedgerClient;
    readonly retry: RetryPolicy;
    readonly observer?: LedgerObserver;
    /** Waits between attempts; replaced in tests. */
    readonly sleep?: (millis: number) => Promise<void>;
}

/** Called once a transaction is with the orderer, before its status is known (the idempotency store persists it). */
export type SubmittedListener = (submitted: SubmittedTransaction) => Promise<void>;

const CONFLICT_CODES: ReadonlySet<string> = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);

/**
 * Runs transactions with the retries that are safe and no others:
 * - an MVCC or phantom read conflict is retried with a fresh proposal (new transaction ID), a bounded number of
 *   times;
 * - an orderer that is unavailable gets the same signed transaction again (it can commit at most once);
 * - a lost commit status is asked again for the same transaction, never re-endorsed;
 * - an evaluate or endorsement refused because the peer is unavailable is repeated (nothing was ordered);
 * - a chaincode refusal is never retried.
 */
export class TransactionRunner {
    readonly #ledger: LedgerClient;
    readonly #retry: RetryPolicy;
    readonly #observer?: LedgerObserver;
    readonly #sleep: (millis: number) => Promise<void>;

    constructor(options: Readonly<TransactionRunnerOptions>) {
        this.#ledger = options.ledger;
        this.#retry = options.retry;
        this.#observer = options.observer;
        this.#sleep = options.sleep ?? ((millis) => new Promise((resolve) => setTimeout(resolve, millis)));
    }

    /**
     * Evaluates a read.
     *
     * @throws {@link ChaincodeRejectedError} and the other ledger errors.
     */
    async evaluate(call: TransactionCall): Promise<Uint8Array> {
        return this.#whileUnavailable(() => this.#timed('evaluate', () => this.#ledger.evaluate(call)));
    }

    /**
     * The serialized block holding a transaction (qscc GetBlockByTxID), repeated and timed like an evaluate.
     *
     * @throws {@link LedgerFailedError} when the peer knows no such transaction, and the other ledger errors.
     */
    async blockByTransactionId(identity: string, transactionId: string): Promise<Uint8Array> {
        return this.#whileUnavailable(() =>
            this.#timed('evaluate', () => this.#ledger.blockByTransactionId(identity, transactionId)),
        );
    }

    /**
     * Endorses, submits and waits for the commit, retrying as described on the class.
     *
     * @param onSubmitted - told about each transaction handed to the orderer, before its status is asked.
     * @throws {@link TransactionConflictError} when every attempt lost a conflict.
     * @throws {@link CommitStatusUnknownError} when the status stayed unknown after every re-ask.
     * @throws {@link TransactionInvalidError} for any other invalid commit.
     */
    async submit(call: TransactionCall, onSubmitted?: SubmittedListener): Promise<SubmitResult> {
        for (let attempt = 1; ; attempt++) {
            const transaction = await this.#endorse(call, attempt);
            if (!transaction) {
                continue;
            }
            const pending = await this.#send(transaction);
            await onSubmitted?.({
                transactionId: transaction.transactionId,
                result: transaction.result,
                commit: pending.bytes,
            });
            const outcome = await this.#statusOf(pending);
            if (outcome.successful) {
                return {
                    transactionId: outcome.transactionId,
                    blockNumber: outcome.blockNumber,
                    result: transaction.result,
                    attempts: attempt,
                };
            }
            if (!CONFLICT_CODES.has(outcome.codeName)) {
                throw new TransactionInvalidError(outcome);
            }
            if (attempt >= this.#retry.conflictAttempts) {
                throw new TransactionConflictError({ ...outcome, attempts: attempt });
            }
            this.#observer?.retry('conflict');
            await this.#backoff(attempt);
        }
    }

    /**
     * Asks again for the status of a transaction submitted earlier (possibly by a previous process).
     *
     * @returns the committed result, or `undefined` when the transaction committed invalid and wrote nothing.
     * @throws {@link CommitStatusUnknownError} when the status is still unknown.
     */
    async resume(identity: string, submitted: SubmittedTransaction): Promise<SubmitResult | undefined> {
        const outcome = await this.#statusOf(this.#ledger.resumeCommit(identity, submitted.commit));
        if (!outcome.successful) {
            return undefined;
        }
        return {
            transactionId: outcome.transactionId,
            blockNumber: outcome.blockNumber,
            result: submitted.result,
            attempts: 1,
        };
    }

    /** Endorses; `undefined` when the endorsers disagreed and a fresh proposal should follow (after a pause). */
    async #endorse(call: TransactionCall, attempt: number): Promise<EndorsedTransaction | undefined> {
        try {
            return await this.#whileUnavailable(() => this.#timed('endorse', () => this.#ledger.endorse(call)), true);
        } catch (error) {
            if (!(error instanceof EndorsersDisagreeError) || attempt >= this.#retry.conflictAttempts) {
                throw error;
            }
            this.#observer?.retry('conflict');
            await this.#backoff(attempt);
            return undefined;
        }
    }

    async #send(transaction: EndorsedTransaction): Promise<PendingCommit> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await this.#timed('submit', () => transaction.submit());
            } catch (error) {
                if (!isTransient(error) || attempt >= this.#retry.submitAttempts) {
                    throw error;
                }
                this.#observer?.retry('submit');
                await this.#backoff(attempt);
            }
        }
    }

    async #statusOf(pending: PendingCommit): Promise<CommitOutcome> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await this.#timed('commit_status', () => pending.status());
            } catch (error) {
                if (!isTransient(error)) {
                    throw error;
                }
                if (attempt >= this.#retry.statusAttempts) {
                    throw new CommitStatusUnknownError({ transactionId: pending.transactionId, cause: error });
                }
                this.#observer?.retry('status');
                await this.#backoff(attempt);
            }
        }
    }

    /** Repeats a step that ordered nothing while the peer is unavailable (disagreeing endorsers excepted if asked). */
    async #whileUnavailable<T>(step: () => Promise<T>, exceptDisagreement = false): Promise<T> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await step();
            } catch (error) {
                const disagreement = exceptDisagreement && error instanceof EndorsersDisagreeError;
                if (
                    !(error instanceof LedgerUnavailableError) ||
                    disagreement ||
                    attempt >= this.#retry.unavailableAttempts
                ) {
                    throw error;
                }
                this.#observer?.retry('unavailable');
                await this.#backoff(attempt);
            }
        }
    }

    async #timed<T>(operation: Parameters<LedgerObserver['call']>[0], step: () => Promise<T>): Promise<T> {
        const started = process.hrtime.bigint();
        let outcome = 'ok';
        try {
            return await step();
        } catch (error) {
            outcome = error instanceof Error ? error.name : 'unknown';
            throw error;
        } finally {
            this.#observer?.call(operation, outcome, Number(process.hrtime.bigint() - started) / 1e9);
        }
    }

    async #backoff(attempt: number): Promise<void> {
        await this.#sleep(jitteredBackoff(attempt, this.#retry.backoffMs, this.#retry.maxBackoffMs));
    }
}

function isTransient(error: unknown): boolean {
    return error instanceof LedgerUnavailableError || error instanceof LedgerDeadlineError;
}
