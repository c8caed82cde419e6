import { type ConcurrencyLimiter } from './concurrency-limiter.js';
import { type TransactionCall } from './ledger-client.js';
import { ChaincodeRejectedError, LedgerUnavailableError } from './ledger-errors.js';
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

/** Why a refused batch was split. */
export type SplitReason = 'item' | 'halves';

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
     * ledger gets fewer, fuller transactions instead of a queue of small ones. Unbounded by default.
     */
    readonly maxBatchesInFlight?: number;
    readonly observer?: CoalesceObserver;
    /** The clock; replaced in tests. */
    readonly now?: () => number;
}

interface Pending {
    readonly write: CoalescedWrite;
    readonly keys: OrderingKeys;
    readonly arrived: number;
    readonly resolve: (result: SubmitResult) => void;
    readonly reject: (error: unknown) => void;
    timer?: NodeJS.Timeout;
}

interface Forming {
    readonly identity: string;
    readonly items: Pending[];
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
 * Refusals: a chaincode refusal naming an item splits the batch there: the items before it are submitted again as
 * a batch, the named item runs alone as the single transaction (so its caller gets exactly the answer it would have
 * got alone), then the items after it; a refusal naming none splits the batch in halves. Conflicts, unavailability
 * and unknown commit status are the runner's, as for a single write, and reach every write of the batch.
 *
 * Bounds: a write waits at most until its deadline; one still waiting then fails as a write that ran out of time
 * before it could be endorsed. A batch runs under the earliest deadline of its writes.
 */
export class WriteCoalescer {
    readonly #options: WriteCoalescerOptions;
    readonly #now: () => number;
    #pending: Pending[] = [];
    /** Keys held by running batches, with how many hold each. */
    readonly #busy = new Map<string, number>();
    readonly #running = new Set<Promise<void>>();
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
     *   the transaction that carried it otherwise.
     */
    commit(write: CoalescedWrite): Promise<SubmitResult> {
        return new Promise<SubmitResult>((resolve, reject) => {
            const pending: Pending = {
                write,
                keys: this.#options.policy.keysOf(write.request),
                arrived: this.#now(),
                resolve,
                reject,
            };
            pending.timer = setTimeout(() => this.#expire(pending), Math.max(0, write.deadline - this.#now()));
            pending.timer.unref();
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
     * `maxBatchesInFlight` run; arms the timer for the rest. A batch held back by the bound starts when a running one
     * finishes, with whatever has gathered by then.
     */
    #schedule(): void {
        const now = this.#now();
        const { windowMs, maxRecords } = this.#options;
        const maxInFlight = this.#options.maxBatchesInFlight ?? Number.POSITIVE_INFINITY;
        let next = Number.POSITIVE_INFINITY;
        for (const batch of this.#form()) {
            if (this.#running.size >= maxInFlight) {
                break;
            }
            const due = batch.items[0]!.arrived + windowMs;
            if (this.#draining || batch.items.length >= maxRecords || due <= now) {
                this.#start(batch);
            } else {
                next = Math.min(next, due);
            }
        }
        clearTimeout(this.#timer);
        this.#timer = undefined;
        if (next !== Number.POSITIVE_INFINITY && this.#running.size < maxInFlight) {
            this.#timer = setTimeout(() => this.#schedule(), next - now);
        }
    }

    /**
     * The batches the waiting writes would form now, in arrival order: a write whose key a running batch holds, or
     * an earlier waiting write that could not join, waits; so does one whose loan is in a full batch or a batch of
     * another signer.
     */
    #form(): Forming[] {
        const batches: Forming[] = [];
        const blocked = new Set<string>(this.#busy.keys());
        const owner = new Map<string, Forming>();
        const open = new Map<string, Forming>();
        const { maxRecords } = this.#options;
        for (const pending of this.#pending) {
            const { shared, unique } = pending.keys;
            const identity = pending.write.call.identity;
            const owners = new Set(shared.flatMap((key) => owner.get(key) ?? []));
            const free =
                !shared.some((key) => blocked.has(key)) &&
                !unique.some((key) => blocked.has(key) || owner.has(key)) &&
                owners.size <= 1;
            let target = free ? [...owners][0] : undefined;
            if (free && target === undefined) {
                target = open.get(identity);
                if (target === undefined || target.items.length >= maxRecords) {
                    target = { identity, items: [] };
                    open.set(identity, target);
                    batches.push(target);
                }
            }
            if (!target || target.identity !== identity || target.items.length >= maxRecords) {
                [...shared, ...unique].forEach((key) => blocked.add(key));
                continue;
            }
            target.items.push(pending);
            [...shared, ...unique].forEach((key) => owner.set(key, target));
        }
        return batches;
    }

    #start(batch: Forming): void {
        const taken = new Set(batch.items);
        this.#pending = this.#pending.filter((pending) => !taken.has(pending));
        const now = this.#now();
        for (const pending of batch.items) {
            clearTimeout(pending.timer);
        }
        this.#options.observer?.batchStarted(
            this.#options.policy.single,
            batch.items.length,
            batch.items.map((pending) => (now - pending.arrived) / 1000),
        );
        const keys = batch.items.flatMap((pending) => [...pending.keys.shared, ...pending.keys.unique]);
        keys.forEach((key) => this.#busy.set(key, (this.#busy.get(key) ?? 0) + 1));
        const run: Promise<void> = this.#execute(batch.items).finally(() => {
            for (const key of keys) {
                const count = (this.#busy.get(key) ?? 1) - 1;
                if (count === 0) {
                    this.#busy.delete(key);
                } else {
                    this.#busy.set(key, count);
                }
            }
            this.#running.delete(run);
            this.#schedule();
        });
        this.#running.add(run);
    }

    /** Runs items as one transaction (the single one for one item) and settles each; never rejects. */
    async #execute(items: readonly Pending[]): Promise<void> {
        try {
            if (items.length === 1) {
                const [only] = items as [Pending];
                only.resolve(await this.#submit(only.write.call, items));
                return;
            }
            const { policy } = this.#options;
            const call: TransactionCall = {
                identity: items[0]!.write.call.identity,
                name: policy.batch,
                args: policy.batchArgs(items.map((pending) => pending.write.request)),
            };
            const committed = await this.#submit(call, items);
            const parts = policy.resultsOf(committed.result, items.length);
            items.forEach((pending, index) => pending.resolve({ ...committed, result: parts[index]! }));
        } catch (error) {
            if (error instanceof ChaincodeRejectedError && items.length > 1) {
                await this.#split(items, this.#options.policy.itemOf(error));
            } else {
                // A promise settles once: writes already answered keep their answer.
                items.forEach((pending) => pending.reject(error));
            }
        }
    }

    /**
     * After a refusal: the items before the named one, the named one alone, the items after it, one after the
     * other (each may build on the ones before); without a named item, the two halves.
     */
    async #split(items: readonly Pending[], named: number | undefined): Promise<void> {
        const { policy, observer } = this.#options;
        const parts =
            named !== undefined && Number.isInteger(named) && named >= 0 && named < items.length
                ? [items.slice(0, named), items.slice(named, named + 1), items.slice(named + 1)]
                : [items.slice(0, Math.ceil(items.length / 2)), items.slice(Math.ceil(items.length / 2))];
        observer?.batchSplit(policy.single, parts.length === 3 ? 'item' : 'halves');
        for (const part of parts) {
            if (part.length > 0) {
                await this.#execute(part);
            }
        }
    }

    /** Submits under the submission limit and the earliest deadline, journaling each write's part first. */
    async #submit(call: TransactionCall, items: readonly Pending[]): Promise<SubmitResult> {
        const deadline = Math.min(...items.map((pending) => pending.write.deadline));
        const single = items.length === 1;
        const onSubmitted = async (submitted: SubmittedTransaction): Promise<void> => {
            const parts = single ? [submitted.result] : this.#options.policy.resultsOf(submitted.result, items.length);
            await Promise.all(
                items.map((pending, index) => pending.write.recordSubmitted({ ...submitted, result: parts[index]! })),
            );
        };
        return this.#options.submits.run(() => this.#options.runner.submit(call, onSubmitted, deadline));
    }

    /** A write still waiting at its deadline fails as one that ran out of time before it could be endorsed. */
    #expire(pending: Pending): void {
        const index = this.#pending.indexOf(pending);
        if (index < 0) {
            return;
        }
        this.#pending.splice(index, 1);
        pending.reject(
            new LedgerUnavailableError('the write ran out of time before it could be endorsed', { step: 'endorse' }),
        );
        this.#schedule();
    }
}
