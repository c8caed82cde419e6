import { type ConcurrencyLimiter } from './concurrency-limiter.js';
import { type TransactionCall } from './ledger-client.js';
import { SaturatedError } from './concurrency-limiter.js';
import {
    ChaincodeRejectedError,
    CommitStatusUnknownError,
    LedgerDeadlineError,
    LedgerUnavailableError,
} from './ledger-errors.js';
import { type SubmitResult, type SubmittedTransaction, type TransactionRunner } from './transaction-runner.js';

/** The keys that order a record among the others: records sharing one are endorsed in arrival order. */
export interface OrderingKeys {
    /** Keys several records of one batch may share (a loan: the chaincode chains them in batch order). */
    readonly shared: readonly string[];
    /** Keys at most one record of a batch may hold (a fingerprint: a batch refuses one named twice). */
    readonly unique: readonly string[];
}

/** How one single-record transaction coalesces into its batch transaction. */
export interface CoalescePolicy {
    /** The single-record transaction, e.g. `Evidence:Register`: a batch of one runs it unchanged. */
    readonly single: string;
    /** The batch transaction, e.g. `Evidence:RegisterBatch`, whose items run in request order. */
    readonly batch: string;
    keysOf(request: Readonly<Record<string, unknown>>): OrderingKeys;
    /** The batch transaction's arguments for these requests, in order. */
    batchArgs(requests: readonly Readonly<Record<string, unknown>>[]): string[];
    /**
     * Each item's answer, as the single transaction would have given it, from the batch's answer.
     *
     * @throws when the answer does not hold `count` items.
     */
    resultsOf(result: Uint8Array, count: number): Uint8Array[];
    /** The index of the batch item a refusal names, if it names one. */
    itemOf(error: ChaincodeRejectedError): number | undefined;
}

/**
 * Why a refused batch was taken apart: the refusal named an item (it runs alone, the others batch again), or named
 * none (every item runs alone).
 */
export type SplitReason = 'item' | 'each';

/** Receives batch sizes, waits and splits; the metrics module implements it. */
export interface CoalesceObserver {
    batchStarted(transaction: string, records: number, waitsSeconds: readonly number[]): void;
    batchSplit(transaction: string, reason: SplitReason): void;
}

/** What one coalesced write brings: the call it would make alone, its request object and its journal. */
export interface CoalescedWrite {
    /** The single transaction as the write alone would run it (identity, name, arguments). */
    readonly call: TransactionCall;
    /** The request object that becomes one item of a batch. */
    readonly request: Readonly<Record<string, unknown>>;
    /** Journals each transaction carrying this write before it goes to the orderer (the idempotency store). */
    readonly recordSubmitted: (submitted: SubmittedTransaction) => Promise<void>;
    /** When the write ends (epoch ms). */
    readonly deadline: number;
}

/** Collaborators and bounds of a {@link WriteCoalescer}. */
export interface WriteCoalescerOptions {
    readonly policy: CoalescePolicy;
    readonly runner: Pick<TransactionRunner, 'submit'>;
    readonly submits: Pick<ConcurrencyLimiter, 'run'>;
    /** How long the first write of a batch waits for others; more than 0. */
    readonly windowMs: number;
    /** Records in one batch; a batch this full goes at once. */
    readonly maxRecords: number;
    /**
     * Batches running at once; while that many run, writes keep gathering (up to `maxRecords` a batch), so a busy
     * ledger gets fewer, fuller transactions instead of a queue of small ones. Unbounded by default. Writes a
     * refusal sent to run alone are not counted: they run as uncoalesced writes do, under the submission limit.
     */
    readonly maxBatchesInFlight?: number;
    /** Writes waiting for a batch; one more is refused at once (503, `Retry-After`). Unbounded by default. */
    readonly maxWaiting?: number;
    readonly observer?: CoalesceObserver;
    /** The clock; replaced in tests. */
    readonly now?: () => number;
}

/**
 * Writes running alone at once. A refusal that names no item sends a whole batch (up to 500 writes) to run alone;
 * started together they would overflow the submission limit shared with every other write route and get 503s they
 * would not get alone. The rest wait here for their turn, within their deadlines.
 */
const ALONE_IN_FLIGHT = 16;

interface Pending {
    readonly write: CoalescedWrite;
    readonly keys: OrderingKeys;
    /** Arrival order; a write a refusal sent back waits in it again. */
    readonly seq: number;
    readonly arrived: number;
    /** When its batch goes at the latest: its window's end, or at once for a write a refusal sent back. */
    due: number;
    readonly resolve: (result: SubmitResult) => void;
    readonly reject: (error: unknown) => void;
    /** Runs as the single transaction: a refusal of its batch named it, or named no item. */
    alone: boolean;
    settled: boolean;
    timer?: NodeJS.Timeout;
}

interface Forming {
    readonly identity: string;
    readonly items: Pending[];
    readonly alone: boolean;
}

/**
 * Coalesces concurrent single writes into batch transactions: a write waits up to `windowMs` for others of the same
 * signer, or until `maxRecords` have gathered, and the batch goes as one transaction. Each write still gets its own
 * answer: its item of the batch's answer, with the batch's transaction ID and block.
 *
 * Order: writes sharing an ordering key (a loan) are endorsed in arrival order. A write joins a batch only when
 * every earlier write sharing a key with it is in the same batch (earlier in it) or has finished; so a record is
 * never endorsed before an earlier record of its loan that it may build on has committed or precedes it in its own
 * transaction. A unique key (a fingerprint) is held by one batch at a time.
 *
 * Refusals: a chaincode refusal naming an item sends the batch's writes back to wait in their arrival order, the
 * named one marked to run alone as the single transaction (so its caller gets exactly the answer it would have got
 * alone); the others batch again at once, and the batch's slot is free meanwhile. A refusal naming no item marks
 * every write of the batch to run alone. Writes running alone do not count against `maxBatchesInFlight`; at most
 * {@link ALONE_IN_FLIGHT} run at once. Conflicts, unavailability and unknown commit status are the runner's, as for
 * a single write, and reach every write of the batch.
 *
 * Bounds: a write waits at most until its deadline; one still waiting then fails as a write that ran out of time
 * before it could be endorsed. A batch runs until the latest deadline of its writes, and each write is answered by
 * its own: one whose deadline passes while its batch runs fails as a single write would at that step (commit status
 * unknown once the batch went to the orderer, so a repeat under its Idempotency-Key follows the transaction). At
 * most `maxWaiting` writes wait.
 */
export class WriteCoalescer {
    readonly #options: WriteCoalescerOptions;
    readonly #now: () => number;
    #pending: Pending[] = [];
    #seq = 0;
    /** Waiting writes marked to run alone: they start whatever the bound on batches. */
    #aloneWaiting = 0;
    /** Keys held by running batches, with how many hold each. */
    readonly #busy = new Map<string, number>();
    readonly #running = new Set<Promise<void>>();
    /** Running batches that count against `maxBatchesInFlight`. */
    #batchesInFlight = 0;
    /** Writes running alone now; at most {@link ALONE_IN_FLIGHT}. */
    #aloneInFlight = 0;
    #timer: NodeJS.Timeout | undefined;
    #draining = false;

    constructor(options: Readonly<WriteCoalescerOptions>) {
        this.#options = options;
        this.#now = options.now ?? Date.now;
    }

    /** The single transaction this coalescer batches. */
    get transaction(): string {
        return this.#options.policy.single;
    }

    /** Writes waiting for a batch. */
    get waiting(): number {
        return this.#pending.length;
    }

    /**
     * Commits one write, in a batch with others when they come within the window.
     *
     * @returns the write's own answer, with the transaction ID and block of the transaction that carried it.
     * @throws the error the write would have got alone for a refusal of its own record, and the runner's errors of
     *   the transaction that carried it otherwise; {@link SaturatedError} when `maxWaiting` writes wait already.
     */
    commit(write: CoalescedWrite): Promise<SubmitResult> {
        const maxWaiting = this.#options.maxWaiting ?? Number.POSITIVE_INFINITY;
        if (this.#pending.length >= maxWaiting) {
            return Promise.reject(
                new SaturatedError({
                    limiter: 'coalescing',
                    reason: `${this.#pending.length} writes waiting for a batch`,
                    retryAfterSeconds: 1,
                }),
            );
        }
        const now = this.#now();
        return new Promise<SubmitResult>((resolve, reject) => {
            const pending: Pending = {
                write,
                keys: this.#options.policy.keysOf(write.request),
                seq: this.#seq++,
                arrived: now,
                due: now + this.#options.windowMs,
                resolve: (result) => {
                    pending.settled = true;
                    resolve(result);
                },
                reject: (error) => {
                    pending.settled = true;
                    reject(error);
                },
                alone: false,
                settled: false,
            };
            this.#wait(pending);
            this.#pending.push(pending);
            this.#schedule();
        });
    }

    /** Sends every waiting write without waiting for windows, and resolves when every batch has finished. */
    async drain(): Promise<void> {
        this.#draining = true;
        this.#schedule();
        while (this.#running.size > 0 || this.#pending.length > 0) {
            if (this.#running.size === 0) {
                // Only writes past their deadline could stay; their timers end them.
                await new Promise((resolve) => setTimeout(resolve, 10));
            } else {
                await Promise.all(this.#running);
            }
            this.#schedule();
        }
    }

    /**
     * Starts the batches that are full or whose first write's window has passed, while fewer than
     * `maxBatchesInFlight` run, and every write marked to run alone that its order lets go; arms the timer for the
     * rest. A batch held back by the bound starts when a running one finishes, with whatever has gathered by then.
     */
    #schedule(): void {
        const maxInFlight = this.#options.maxBatchesInFlight ?? Number.POSITIVE_INFINITY;
        clearTimeout(this.#timer);
        this.#timer = undefined;
        // Under load the bound is reached on almost every arrival: then nothing could start, and forming the
        // batches (a pass over every waiting write) is skipped; a finishing batch schedules again.
        const aloneMayStart = this.#aloneWaiting > 0 && this.#aloneInFlight < ALONE_IN_FLIGHT;
        if (this.#batchesInFlight >= maxInFlight && !aloneMayStart && !this.#draining) {
            return;
        }
        const now = this.#now();
        let next = Number.POSITIVE_INFINITY;
        for (const batch of this.#form()) {
            next = Math.min(next, this.#startIfDue(batch, now, maxInFlight));
        }
        if (next !== Number.POSITIVE_INFINITY && this.#batchesInFlight < maxInFlight) {
            this.#timer = setTimeout(() => this.#schedule(), next - now);
        }
    }

    /**
     * Starts a batch that may go now: one running alone, or one that is full, due or drained while the bound allows.
     *
     * @returns when a held-back batch becomes due (infinity when it started or waits for the bound).
     */
    #startIfDue(batch: Forming, now: number, maxInFlight: number): number {
        const full = batch.alone ? this.#aloneInFlight >= ALONE_IN_FLIGHT : this.#batchesInFlight >= maxInFlight;
        if (full) {
            return Number.POSITIVE_INFINITY;
        }
        const due = Math.min(...batch.items.map((pending) => pending.due));
        if (batch.alone || this.#draining || batch.items.length >= this.#options.maxRecords || due <= now) {
            this.#start(batch);
            return Number.POSITIVE_INFINITY;
        }
        return due;
    }

    /**
     * The batches the waiting writes would form now, in arrival order: a write whose key a running batch holds, or
     * an earlier waiting write that could not join, waits; so does one whose loan is in a full batch, a batch of
     * another signer or a write running alone. A write marked to run alone forms its own batch once no earlier
     * waiting write shares a key with it.
     */
    #form(): Forming[] {
        const batches: Forming[] = [];
        const blocked = new Set<string>(this.#busy.keys());
        const owner = new Map<string, Forming>();
        const open = new Map<string, Forming>();
        const { maxRecords } = this.#options;
        for (const pending of this.#pending) {
            const { shared, unique } = pending.keys;
            const keys = [...shared, ...unique];
            const identity = pending.write.call.identity;
            const owners = new Set(shared.flatMap((key) => owner.get(key) ?? []));
            const free =
                !shared.some((key) => blocked.has(key)) &&
                !unique.some((key) => blocked.has(key) || owner.has(key)) &&
                owners.size <= 1;
            const target = free ? this.#targetOf(pending, owners, open, batches) : undefined;
            const joins =
                target !== undefined &&
                target.identity === identity &&
                (target.alone ? target.items.length === 0 : target.items.length < maxRecords);
            if (!joins) {
                keys.forEach((key) => blocked.add(key));
                continue;
            }
            target!.items.push(pending);
            keys.forEach((key) => owner.set(key, target!));
        }
        return batches;
    }

    /**
     * The batch a free write goes to: its own when it runs alone (none while an earlier write of its loan waits in
     * a batch), else the batch holding its loan or its signer's open batch, a new one when that is full.
     */
    #targetOf(
        pending: Pending,
        owners: ReadonlySet<Forming>,
        open: Map<string, Forming>,
        batches: Forming[],
    ): Forming | undefined {
        const identity = pending.write.call.identity;
        if (pending.alone) {
            if (owners.size > 0) {
                return undefined;
            }
            const own: Forming = { identity, items: [], alone: true };
            batches.push(own);
            return own;
        }
        const target = [...owners][0] ?? open.get(identity);
        if (owners.size > 0 || (target !== undefined && target.items.length < this.#options.maxRecords)) {
            return target;
        }
        const fresh: Forming = { identity, items: [], alone: false };
        open.set(identity, fresh);
        batches.push(fresh);
        return fresh;
    }

    #start(batch: Forming): void {
        const taken = new Set(batch.items);
        this.#pending = this.#pending.filter((pending) => !taken.has(pending));
        const now = this.#now();
        for (const pending of batch.items) {
            clearTimeout(pending.timer);
            if (pending.alone) {
                this.#aloneWaiting--;
            }
        }
        this.#options.observer?.batchStarted(
            this.#options.policy.single,
            batch.items.length,
            batch.items.map((pending) => (now - pending.arrived) / 1000),
        );
        const keys = batch.items.flatMap((pending) => [...pending.keys.shared, ...pending.keys.unique]);
        keys.forEach((key) => this.#busy.set(key, (this.#busy.get(key) ?? 0) + 1));
        const counted = !batch.alone;
        if (counted) {
            this.#batchesInFlight++;
        } else {
            this.#aloneInFlight++;
        }
        const run: Promise<void> = this.#execute(batch.items).finally(() => {
            for (const key of keys) {
                const count = (this.#busy.get(key) ?? 1) - 1;
                if (count === 0) {
                    this.#busy.delete(key);
                } else {
                    this.#busy.set(key, count);
                }
            }
            if (counted) {
                this.#batchesInFlight--;
            } else {
                this.#aloneInFlight--;
            }
            this.#running.delete(run);
            this.#schedule();
        });
        this.#running.add(run);
    }

    /**
     * Runs items as one transaction (the single one for one item) and settles each; never rejects. Each item is
     * answered by its own deadline even when the transaction runs on for later ones.
     */
    async #execute(items: readonly Pending[]): Promise<void> {
        let submittedAs: string | undefined;
        const timers = items.map((pending) =>
            setTimeout(
                () => pending.reject(ranOutInBatch(submittedAs)),
                Math.max(0, pending.write.deadline - this.#now()),
            ).unref(),
        );
        const onSubmitted = (transactionId: string): void => {
            submittedAs = transactionId;
        };
        try {
            if (items.length === 1) {
                const [only] = items as [Pending];
                only.resolve(await this.#submit(only.write.call, items, onSubmitted));
                return;
            }
            const { policy } = this.#options;
            const call: TransactionCall = {
                identity: items[0]!.write.call.identity,
                name: policy.batch,
                args: policy.batchArgs(items.map((pending) => pending.write.request)),
            };
            const committed = await this.#submit(call, items, onSubmitted);
            const parts = policy.resultsOf(committed.result, items.length);
            items.forEach((pending, index) => pending.resolve({ ...committed, result: parts[index]! }));
        } catch (error) {
            if (error instanceof ChaincodeRejectedError && items.length > 1) {
                this.#takeApart(items, this.#options.policy.itemOf(error));
            } else {
                // A promise settles once: writes already answered keep their answer.
                items.forEach((pending) => pending.reject(error));
            }
        } finally {
            timers.forEach((timer) => clearTimeout(timer));
        }
    }

    /**
     * After a refusal the batch's writes wait again in their arrival order, each still unanswered one with its own
     * deadline: the named one marked to run alone, or every one when the refusal named none. Its keys are still
     * held until the batch ends, so nothing of its loans overtakes them.
     */
    #takeApart(items: readonly Pending[], named: number | undefined): void {
        const { policy, observer } = this.#options;
        const valid = named !== undefined && Number.isInteger(named) && named >= 0 && named < items.length;
        observer?.batchSplit(policy.single, valid ? 'item' : 'each');
        for (const [index, pending] of items.entries()) {
            if (pending.settled) {
                continue;
            }
            if (!valid || index === named) {
                pending.alone = true;
                this.#aloneWaiting++;
            }
            // It waited its window once; it goes again at once.
            pending.due = 0;
            this.#wait(pending);
        }
        this.#pending = mergeBySeq(
            this.#pending,
            items.filter((pending) => !pending.settled),
        );
    }

    /** Submits under the submission limit and the given deadline, journaling each write's part first. */
    async #submit(
        call: TransactionCall,
        items: readonly Pending[],
        onSubmitted: (transactionId: string) => void,
    ): Promise<SubmitResult> {
        const deadline = Math.max(...items.map((pending) => pending.write.deadline));
        const single = items.length === 1;
        const journal = async (submitted: SubmittedTransaction): Promise<void> => {
            const parts = single ? [submitted.result] : this.#options.policy.resultsOf(submitted.result, items.length);
            await Promise.all(
                items.map((pending, index) => pending.write.recordSubmitted({ ...submitted, result: parts[index]! })),
            );
            onSubmitted(submitted.transactionId);
        };
        return this.#options.submits.run(() => this.#options.runner.submit(call, journal, deadline));
    }

    /** Arms the timer that fails a write still waiting at its deadline. */
    #wait(pending: Pending): void {
        pending.timer = setTimeout(() => this.#expire(pending), Math.max(0, pending.write.deadline - this.#now()));
        pending.timer.unref();
    }

    /** A write still waiting at its deadline fails as one that ran out of time before it could be endorsed. */
    #expire(pending: Pending): void {
        const index = this.#pending.indexOf(pending);
        if (index < 0) {
            return;
        }
        this.#pending.splice(index, 1);
        if (pending.alone) {
            this.#aloneWaiting--;
        }
        pending.reject(
            new LedgerUnavailableError('the write ran out of time before it could be endorsed', { step: 'endorse' }),
        );
        this.#schedule();
    }
}

/**
 * The error of a write whose time ran out while its batch still ran: the batch may yet commit its record, so it is
 * reported as unknown, never as refused. Once the batch went to the orderer its commit status is unknown (a repeat
 * under the write's Idempotency-Key follows the transaction); before that the endorsement ran out of time.
 */
function ranOutInBatch(transactionId: string | undefined): Error {
    return transactionId === undefined
        ? new LedgerDeadlineError(
              'the write ran out of time while its batch was endorsed; repeat it to learn the outcome',
              {
                  step: 'endorse',
              },
          )
        : new CommitStatusUnknownError({ transactionId });
}

/** Two lists each in arrival order, merged into one. */
function mergeBySeq(a: readonly Pending[], b: readonly Pending[]): Pending[] {
    const merged: Pending[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq)) {
            merged.push(a[i++]!);
        } else {
            merged.push(b[j++]!);
        }
    }
    return merged;
}
