import { type GatewayConfig, type RetryPolicy } from '../config/gateway-config.js';
import { jitteredBackoff } from './backoff.js';
import {
    type CommitOutcome,
    type EndorsedTransaction,
    type LedgerClient,
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

/**
 * A transaction about to be handed to the orderer, as the idempotency journal keeps it: enough to follow it later,
 * even from another process, without endorsing a second one.
 */
export interface SubmittedTransaction {
    readonly transactionId: string;
    readonly result: Uint8Array;
    /** The signed envelope, sent again while the status is unknown; absent in entries journaled before it was kept. */
    readonly envelope?: Uint8Array;
}

/** Why a step was repeated. */
export type RetryReason = 'conflict' | 'disagreement' | 'submit' | 'status' | 'resubmit' | 'unavailable';

/** The deadlines a write runs under. */
export type WriteTimeouts = Pick<GatewayConfig['timeouts'], 'submitMs' | 'commitStatusMs' | 'writeMs'>;

/** Receives timings and retries; the metrics module implements it. */
export interface LedgerObserver {
    call(operation: 'evaluate' | 'endorse' | 'submit' | 'commit_status', outcome: string, seconds: number): void;
    retry(reason: RetryReason): void;
}

/** Collaborators of a {@link TransactionRunner}. */
export interface TransactionRunnerOptions {
    readonly ledger: LedgerClient;
    readonly retry: RetryPolicy;
    readonly timeouts: WriteTimeouts;
    readonly observer?: LedgerObserver;
    /** Waits between attempts; replaced in tests. */
    readonly sleep?: (millis: number) => Promise<void>;
    /** The clock deadlines are measured on; replaced in tests. */
    readonly now?: () => number;
}

/**
 * Called with each signed transaction before it is handed to the orderer, and awaited: the idempotency store
 * journals it durably first, so that a process that dies after the orderer took it leaves a record to follow.
 */
export type SubmittedListener = (submitted: SubmittedTransaction) => Promise<void>;

const CONFLICT_CODES: ReadonlySet<string> = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);

/**
 * Runs transactions with the retries that are safe and no others:
 * - an MVCC or phantom read conflict is retried with a fresh proposal (new transaction ID), a bounded number of
 *   times;
 * - endorsers that disagree (one answered differently, or refused where the own peer accepted: a peer a block
 *   behind) are asked again with a fresh proposal for up to `retry.disagreementMs`; then a refusal they kept is
 *   the answer, and a disagreement is {@link EndorsersDisagreeError};
 * - a transaction whose commit status is still unknown after `timeouts.commitStatusMs` gets the same signed
 *   envelope again (the orderer that accepted it may have died before ordering it; Fabric commits a transaction ID
 *   at most once), and is never re-endorsed;
 * - an evaluate or endorsement refused because the peer is unavailable is repeated (nothing was ordered);
 * - a chaincode refusal by the own peer is never retried.
 *
 * A write ends within `timeouts.writeMs`: past it, a transaction whose
 * outcome is unknown is reported as {@link CommitStatusUnknownError} and can be followed again with
 * {@link TransactionRunner.resume}.
 */
export class TransactionRunner {
    readonly #ledger: LedgerClient;
    readonly #retry: RetryPolicy;
    readonly #timeouts: WriteTimeouts;
    readonly #observer?: LedgerObserver;
    readonly #sleep: (millis: number) => Promise<void>;
    readonly #now: () => number;

    constructor(options: Readonly<TransactionRunnerOptions>) {
        this.#ledger = options.ledger;
        this.#retry = options.retry;
        this.#timeouts = options.timeouts;
        this.#observer = options.observer;
        this.#sleep = options.sleep ?? ((millis) => new Promise((resolve) => setTimeout(resolve, millis)));
        this.#now = options.now ?? Date.now;
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

    /** The deadline of a write starting now: `timeouts.writeMs` away. */
    writeDeadline(): number {
        return this.#now() + this.#timeouts.writeMs;
    }

    /**
     * Endorses, submits and waits for the commit, retrying as described on the class.
     *
     * @param onSubmitted - given each signed transaction and awaited before the transaction goes to the orderer.
     * @param deadline - when the write ends, from {@link writeDeadline}; shared when the request first followed an
     *   earlier transaction.
     * @throws {@link TransactionConflictError} when every attempt lost a conflict.
     * @throws {@link CommitStatusUnknownError} when the status was still unknown at the deadline.
     * @throws {@link TransactionInvalidError} for any other invalid commit.
     */
    async submit(
        call: TransactionCall,
        onSubmitted?: SubmittedListener,
        deadline = this.writeDeadline(),
    ): Promise<SubmitResult> {
        if (this.#now() >= deadline) {
            throw new LedgerUnavailableError('the write ran out of time before it could be endorsed', {
                step: 'endorse',
            });
        }
        // `attempt` counts the proposals submitted; the ones the endorsers disagreed on have their own bound.
        for (let attempt = 1; ; attempt++) {
            // Each endorsement gets its own window: after an MVCC conflict, a peer may be behind on the very
            // transaction that won it.
            const disagreements = { count: 0, since: 0 };
            let transaction: EndorsedTransaction | undefined;
            while (!transaction) {
                transaction = await this.#endorse(call, disagreements, deadline);
            }
            const { transactionId, result, envelope } = transaction;
            if (this.#now() >= deadline) {
                // Endorsed too late to wait for a commit. Nothing was ordered, so a repeat may endorse afresh.
                throw new LedgerUnavailableError('the write ran out of time before it could be submitted', {
                    step: 'submit',
                    transactionId,
                });
            }
            await onSubmitted?.({ transactionId, result, envelope });
            const outcome = await this.#follow(call.identity, transactionId, transaction, deadline, true);
            if (outcome.successful) {
                return { transactionId, blockNumber: outcome.blockNumber, result, attempts: attempt };
            }
            if (!CONFLICT_CODES.has(outcome.codeName)) {
                throw new TransactionInvalidError(outcome);
            }
            if (attempt >= this.#retry.conflictAttempts || this.#now() >= deadline) {
                throw new TransactionConflictError({ ...outcome, attempts: attempt });
            }
            this.#observer?.retry('conflict');
            await this.#backoff(attempt, deadline);
        }
    }

    /**
     * Follows a transaction an earlier attempt journaled (possibly in a previous process): asks its status and,
     * while it stays unknown, sends the same signed envelope again, until the write deadline.
     *
     * @returns the committed result, or `undefined` when the transaction committed invalid and wrote nothing, so
     *   that a fresh endorsement is safe.
     * @throws {@link CommitStatusUnknownError} when the status is still unknown at the deadline.
     */
    async resume(
        identity: string,
        submitted: SubmittedTransaction,
        deadline = this.writeDeadline(),
    ): Promise<SubmitResult | undefined> {
        const transaction = submitted.envelope && this.#ledger.restoreTransaction(identity, submitted.envelope);
        // The status first: a transaction that committed long ago needs no copy sent.
        const outcome = await this.#follow(identity, submitted.transactionId, transaction, deadline, false);
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

    /**
     * Endorses; `undefined` when the endorsers disagreed and a fresh proposal should follow (after a pause).
     * `disagreements` counts this endorsement's disagreements and holds when the first one happened.
     */
    async #endorse(
        call: TransactionCall,
        disagreements: { count: number; since: number },
        deadline: number,
    ): Promise<EndorsedTransaction | undefined> {
        try {
            return await this.#whileUnavailable(
                // The endorsement gets only what is left of the write's time, so a hung peer cannot stretch the bound.
                () => this.#timed('endorse', () => this.#ledger.endorse(call, deadline - this.#now())),
                true,
                deadline,
            );
        } catch (error) {
            if (!(error instanceof EndorsersDisagreeError)) {
                throw error;
            }
            const now = this.#now();
            if (disagreements.count === 0) {
                disagreements.since = now;
            }
            disagreements.count++;
            const windowEnd = disagreements.since + this.#retry.disagreementMs;
            if (now >= windowEnd) {
                // Still refused where the own peer accepts, for the whole window: the refusal is the network's answer.
                throw error.refusal ?? error;
            }
            if (now >= deadline) {
                // Out of time before the window ended: a peer may only be behind, so nothing final is said (503).
                throw error;
            }
            this.#observer?.retry('disagreement');
            await this.#backoff(disagreements.count, Math.min(deadline, windowEnd));
            if (this.#now() >= deadline) {
                // No time left for another endorsement.
                throw error;
            }
            return undefined;
        }
    }

    /**
     * Waits for a transaction's commit until `deadline`. Whenever its status stays unknown for one status wait, the
     * same envelope is sent again: a Raft leader killed after accepting it loses it, and the peer hands the copy to
     * an orderer that is up. Without an envelope (an old journal entry) the status is only asked.
     */
    async #follow(
        identity: string,
        transactionId: string,
        transaction: EndorsedTransaction | undefined,
        deadline: number,
        sendFirst: boolean,
    ): Promise<CommitOutcome> {
        for (let round = 1; ; round++) {
            if (transaction && (sendFirst || round > 1)) {
                await this.#send(transaction, deadline);
            }
            // Asked before any copy is sent, the status waits half the time left at most, so one still fits.
            const unsent = round === 1 && !sendFirst;
            const waitMs = unsent ? Math.min(this.#timeouts.commitStatusMs, (deadline - this.#now()) / 2) : undefined;
            const outcome = await this.#status(identity, transactionId, deadline, waitMs);
            if (outcome) {
                return outcome;
            }
            if (this.#now() >= deadline) {
                throw new CommitStatusUnknownError({ transactionId });
            }
            this.#observer?.retry(transaction ? 'resubmit' : 'status');
            await this.#backoff(round, deadline);
        }
    }

    /**
     * Hands the envelope to the orderer, repeating a transient failure `retry.submitAttempts` times. A submission
     * that still failed may have arrived all the same, so the caller asks the status either way.
     */
    async #send(transaction: EndorsedTransaction, deadline: number): Promise<void> {
        for (let attempt = 1; ; attempt++) {
            try {
                await this.#timed('submit', () => transaction.submit(this.#within(this.#timeouts.submitMs, deadline)));
                return;
            } catch (error) {
                if (!isTransient(error)) {
                    throw error;
                }
                if (attempt >= this.#retry.submitAttempts || this.#now() >= deadline) {
                    return;
                }
                this.#observer?.retry('submit');
                await this.#backoff(attempt, deadline);
            }
        }
    }

    /** The commit outcome, or `undefined` when it is not known within one status wait. */
    async #status(
        identity: string,
        transactionId: string,
        deadline: number,
        waitMs = this.#timeouts.commitStatusMs,
    ): Promise<CommitOutcome | undefined> {
        const timeoutMs = this.#within(Math.floor(waitMs), deadline);
        try {
            return await this.#timed('commit_status', () =>
                this.#ledger.commitStatus(identity, transactionId, timeoutMs),
            );
        } catch (error) {
            if (!isTransient(error)) {
                throw error;
            }
            return undefined;
        }
    }

    /**
     * Repeats a step that ordered nothing while the peer is unavailable (disagreeing endorsers excepted if asked),
     * starting no attempt after `deadline`.
     */
    async #whileUnavailable<T>(
        step: () => Promise<T>,
        exceptDisagreement = false,
        deadline = Number.POSITIVE_INFINITY,
    ): Promise<T> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await step();
            } catch (error) {
                const disagreement = exceptDisagreement && error instanceof EndorsersDisagreeError;
                if (
                    !(error instanceof LedgerUnavailableError) ||
                    disagreement ||
                    attempt >= this.#retry.unavailableAttempts ||
                    this.#now() >= deadline
                ) {
                    throw error;
                }
                this.#observer?.retry('unavailable');
                await this.#backoff(attempt, deadline);
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

    /** Pauses before another attempt, never past `deadline`. */
    async #backoff(attempt: number, deadline = Number.POSITIVE_INFINITY): Promise<void> {
        const pause = jitteredBackoff(attempt, this.#retry.backoffMs, this.#retry.maxBackoffMs);
        await this.#sleep(Math.max(0, Math.min(pause, deadline - this.#now())));
    }

    /** A gRPC timeout of at most `millis` that ends by `deadline` (at least 1 ms, so that the call is made). */
    #within(millis: number, deadline: number): number {
        return Math.max(1, Math.min(millis, deadline - this.#now()));
    }
}

function isTransient(error: unknown): boolean {
    return error instanceof LedgerUnavailableError || error instanceof LedgerDeadlineError;
}
