import { fromJournal, type JournaledTransaction, toJournal } from '../fabric/journaled-transaction.js';
import { type SubmittedTransaction } from '../fabric/transaction-runner.js';
import { ProblemError } from '../errors/problem-error.js';
import { Journal } from '../storage/journal.js';

/** An HTTP response as it is replayed: status, body text and the headers that matter. */
export interface StoredResponse {
    readonly status: number;
    readonly body: string;
    readonly headers: Readonly<Record<string, string>>;
}

/** What an execution produced, and whether a repeat may be answered with it. */
export interface ExecutionResult {
    readonly response: StoredResponse;
    /** False for transient failures (5xx, conflicts, saturation): a repeat runs again. */
    readonly cacheable: boolean;
}

/** Given to an execution: the earlier, unresolved attempt (if any) and a way to record a new one. */
export interface ExecutionContext {
    /** A transaction an earlier attempt journaled for the orderer whose outcome was never learned. */
    readonly previous?: SubmittedTransaction;
    /** Persists a signed transaction (durably, when `fsync`) before it is handed to the orderer. */
    recordSubmitted(submitted: SubmittedTransaction): Promise<void>;
    /** When the request ends (epoch ms), set once when its waits began; the commit gets what is left of it. */
    readonly deadline?: number;
}

/** Options of one {@link IdempotencyStore.run}. */
export interface RunOptions {
    /** The request's deadline (epoch ms): a wait for a running same-key request ends there too. */
    readonly deadline?: number;
}

/** The answer of {@link IdempotencyStore.run}. */
export interface IdempotentOutcome {
    readonly response: StoredResponse;
    readonly replayed: boolean;
}

interface Entry {
    readonly id: string;
    readonly fingerprint: string;
    readonly at: number;
    readonly response?: StoredResponse;
    /** The transaction being written, journaled before it went to the orderer. */
    readonly submitted?: JournaledTransaction;
}

interface InFlight {
    readonly fingerprint: string;
    readonly done: Promise<void>;
    readonly finish: () => void;
}

/** Settings of an {@link IdempotencyStore}. */
export interface IdempotencyStoreOptions {
    readonly file: string;
    readonly ttlMs: number;
    readonly waitMs: number;
    readonly fsync: boolean;
    /**
     * Most keys kept (`idempotency.maxEntries`): beyond it the oldest answered keys go first; a key whose
     * transaction is unresolved is never dropped, so its repeat still follows that transaction. Unbounded if absent.
     */
    readonly maxEntries?: number;
    readonly now?: () => number;
}

/**
 * Idempotency keys, scoped per token subject and kept durably (a journal in dataDir) for `ttlMs`:
 * - the same key with the same request returns the first response and never runs the request again;
 * - the same key with a different request is refused (422);
 * - a duplicate arriving while the first is running waits up to `waitMs` (and never past the request's deadline)
 *   for its response, then gets 409;
 * - a signed transaction is journaled before it goes to the orderer, so a repeat after a 503 or a crash follows that
 *   transaction (its status, and the same envelope sent again) instead of endorsing a second one.
 */
export class IdempotencyStore {
    readonly #journal: Journal<Entry>;
    readonly #entries: Map<string, Entry>;
    readonly #inFlight = new Map<string, InFlight>();
    readonly #options: IdempotencyStoreOptions;
    readonly #now: () => number;

    private constructor(journal: Journal<Entry>, entries: Map<string, Entry>, options: IdempotencyStoreOptions) {
        this.#journal = journal;
        this.#entries = entries;
        this.#options = options;
        this.#now = options.now ?? Date.now;
    }

    /** Opens (or creates) the store's journal and drops expired keys. */
    static async open(options: Readonly<IdempotencyStoreOptions>): Promise<IdempotencyStore> {
        const now = options.now ?? Date.now;
        const { journal, entries } = await Journal.open<Entry>(options.file, {
            fsync: options.fsync,
            keep: (entry) => entry.at + options.ttlMs > now(),
        });
        const store = new IdempotencyStore(journal, entries, options);
        store.#evict();
        return store;
    }

    /** Keys kept now (in memory; the journal holds no more than twice as many lines between compactions). */
    get size(): number {
        return this.#entries.size;
    }

    /**
     * Runs `execute` unless this scope and key already have an answer.
     *
     * @param fingerprint - digest of the request (method, path, body); a different one under the same key is refused.
     * @throws {@link ProblemError} IDEMPOTENCY_KEY_REUSED (422) or IDEMPOTENCY_REQUEST_IN_PROGRESS (409).
     */
    async run(
        scope: string,
        key: string,
        fingerprint: string,
        execute: (context: ExecutionContext) => Promise<ExecutionResult>,
        options: RunOptions = {},
    ): Promise<IdempotentOutcome> {
        const id = `${scope}\n${key}`;
        const marker = await this.#claim(id, fingerprint, options.deadline);
        try {
            const entry = this.#live(id);
            if (entry && entry.fingerprint !== fingerprint) {
                throw reused(key);
            }
            if (entry?.response) {
                return { response: entry.response, replayed: true };
            }
            const result = await execute(this.#context(id, fingerprint, entry, options.deadline));
            if (result.cacheable) {
                await this.#put({ id, fingerprint, at: this.#now(), response: result.response });
            }
            return { response: result.response, replayed: false };
        } finally {
            // Only our own marker: a request that timed out waiting never owned one.
            if (this.#inFlight.get(id) === marker) {
                this.#inFlight.delete(id);
            }
            marker.finish();
        }
    }

    /** Waits for pending writes and closes the journal. */
    async close(): Promise<void> {
        await this.#journal.close();
    }

    /**
     * Waits until no request of this key runs, then marks this one as running. The last check and the marking are
     * one synchronous step: two requests woken in the same tick (by the same commit, say) cannot both pass.
     */
    async #claim(id: string, fingerprint: string, deadline: number | undefined): Promise<InFlight> {
        for (;;) {
            const running = this.#inFlight.get(id);
            if (!running) {
                let finish: () => void = () => undefined;
                const done = new Promise<void>((resolve) => (finish = resolve));
                const marker = { fingerprint, done, finish };
                this.#inFlight.set(id, marker);
                return marker;
            }
            if (running.fingerprint !== fingerprint) {
                throw reused(id.slice(id.indexOf('\n') + 1));
            }
            // The request's deadline bounds this wait too, so the waits of one request add up to one bound.
            const waitMs =
                deadline === undefined
                    ? this.#options.waitMs
                    : Math.max(0, Math.min(this.#options.waitMs, deadline - this.#now()));
            let timer: NodeJS.Timeout | undefined;
            const timedOut = new Promise<'timeout'>((resolve) => {
                timer = setTimeout(() => resolve('timeout'), waitMs);
            });
            const outcome = await Promise.race([running.done, timedOut]);
            clearTimeout(timer);
            if (outcome === 'timeout') {
                throw new ProblemError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'a request with this key is still running', {
                    headers: { 'retry-after': '1' },
                });
            }
        }
    }

    #context(
        id: string,
        fingerprint: string,
        entry: Entry | undefined,
        deadline: number | undefined,
    ): ExecutionContext {
        const submitted = entry?.submitted;
        return {
            deadline,
            previous: submitted && fromJournal(submitted),
            recordSubmitted: async (transaction) => {
                await this.#put({
                    id,
                    fingerprint,
                    at: this.#now(),
                    submitted: toJournal(transaction),
                });
            },
        };
    }

    #live(id: string): Entry | undefined {
        const entry = this.#entries.get(id);
        if (entry && entry.at + this.#options.ttlMs <= this.#now()) {
            this.#entries.delete(id);
            return undefined;
        }
        return entry;
    }

    async #put(entry: Entry): Promise<void> {
        // Deleted first so the map's order stays the order of last writes, oldest first, for eviction.
        this.#entries.delete(entry.id);
        this.#entries.set(entry.id, entry);
        this.#evict(entry.id);
        await this.#journal.append(entry, () => this.#prune(), this.#entries.size);
    }

    /** Drops the oldest answered keys beyond `maxEntries`, sparing unresolved ones and the key just written. */
    #evict(keep?: string): void {
        const max = this.#options.maxEntries ?? Number.POSITIVE_INFINITY;
        for (const [id, entry] of this.#entries) {
            if (this.#entries.size <= max) {
                return;
            }
            if (entry.response && id !== keep) {
                this.#entries.delete(id);
            }
        }
    }

    #prune(): Iterable<Entry> {
        for (const id of [...this.#entries.keys()]) {
            this.#live(id);
        }
        return this.#entries.values();
    }
}

function reused(key: string): ProblemError {
    return new ProblemError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${key} was used for a different request`);
}
