import { fromJournal, type JournaledTransaction, toJournal } from '../fabric/journaled-transaction.js';
import { type SubmittedTransaction } from '../fabric/transaction-runner.js';
import { ProblemError } from '../errors/problem-error.js';
import { Journal } from '../storage/journal.js';
import { type EnvelopeLine, SharedEnvelopes } from './shared-envelopes.js';

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
    /**
     * The transaction being written, journaled before it went to the orderer. Its envelope is a line of its own
     * (named by the transaction ID, shared by every key of a coalesced batch); lines written before carry it inline.
     */
    readonly submitted?: JournaledTransaction;
}

/** A line of the journal: a key's entry, or an envelope that key entries refer to. */
type Line = Entry | EnvelopeLine;

/** Key ids always hold a newline (`${scope}\n${key}`); transaction IDs never do. */
function isEnvelope(line: Line): line is EnvelopeLine {
    return !line.id.includes('\n');
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
 *   transaction (its status, and the same envelope sent again) instead of endorsing a second one. The envelope is
 *   journaled and held once per transaction, before the first key naming it, and dropped when no unanswered key
 *   names it any more: the keys of a coalesced batch share one.
 */
export class IdempotencyStore {
    readonly #journal: Journal<Line>;
    readonly #entries = new Map<string, Entry>();
    readonly #envelopes = new SharedEnvelopes();
    readonly #inFlight = new Map<string, InFlight>();
    readonly #options: IdempotencyStoreOptions;
    readonly #now: () => number;

    private constructor(journal: Journal<Line>, options: IdempotencyStoreOptions) {
        this.#journal = journal;
        this.#options = options;
        this.#now = options.now ?? Date.now;
    }

    /** Opens (or creates) the store's journal and drops expired keys and the envelopes no kept key refers to. */
    static async open(options: Readonly<IdempotencyStoreOptions>): Promise<IdempotencyStore> {
        const now = options.now ?? Date.now;
        const fresh = (entry: Entry): boolean => entry.at + options.ttlMs > now();
        let referred: Set<string> | undefined;
        const { journal, entries } = await Journal.open<Line>(options.file, {
            fsync: options.fsync,
            keep: (line, all) => {
                if (!isEnvelope(line)) {
                    return fresh(line);
                }
                referred ??= referredTransactions(all.values(), fresh);
                return referred.has(line.id);
            },
        });
        const store = new IdempotencyStore(journal, options);
        store.#load(entries.values());
        store.#evict();
        return store;
    }

    /** Keys kept now (in memory; the journal holds no more than twice as many lines between compactions). */
    get size(): number {
        this.#expireOldest();
        return this.#entries.size;
    }

    /** Signed envelopes held now: one per transaction that an unanswered key follows, however many keys name it. */
    get envelopes(): number {
        this.#expireOldest();
        return this.#envelopes.size;
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
            previous:
                submitted &&
                fromJournal({
                    ...submitted,
                    envelope: this.#envelopes.envelopeOf(submitted.transactionId) ?? submitted.envelope,
                }),
            recordSubmitted: async (transaction) => {
                // Without its envelope, so the bytes of a batch's transaction are encoded and journaled once.
                const { envelope, ...named } = transaction;
                const entry: Entry = { id, fingerprint, at: this.#now(), submitted: toJournal(named) };
                this.#set(entry);
                const { transactionId } = transaction;
                if (envelope && !this.#envelopes.holds(transactionId)) {
                    const line = { id: transactionId, envelope: Buffer.from(envelope).toString('base64') };
                    // Queued before the key's entry: the same write or an earlier one puts it in the file first.
                    this.#envelopes.attach(line, this.#append(line));
                }
                await Promise.all([this.#envelopes.written(transactionId), this.#store(entry)]);
            },
        };
    }

    /** Takes the lines loaded at open: key entries oldest first (for eviction), inline envelopes moved out. */
    #load(lines: Iterable<Line>): void {
        const envelopes = new Map<string, EnvelopeLine>();
        const keys: Entry[] = [];
        for (const line of lines) {
            if (isEnvelope(line)) {
                envelopes.set(line.id, line);
            } else {
                keys.push(line);
            }
        }
        keys.sort((a, b) => a.at - b.at);
        for (const key of keys) {
            const inline = key.submitted?.envelope;
            if (key.submitted && inline !== undefined) {
                // A line from before envelopes had lines of their own: the next compaction writes it that way.
                const { transactionId, result } = key.submitted;
                if (!envelopes.has(transactionId)) {
                    envelopes.set(transactionId, { id: transactionId, envelope: inline });
                }
                this.#set({ ...key, submitted: { transactionId, result } });
            } else {
                this.#set(key);
            }
        }
        for (const line of envelopes.values()) {
            this.#envelopes.attach(line);
        }
    }

    #live(id: string): Entry | undefined {
        const entry = this.#entries.get(id);
        if (entry && this.#expired(entry)) {
            this.#delete(id);
            return undefined;
        }
        return entry;
    }

    #expired(entry: Entry): boolean {
        return entry.at + this.#options.ttlMs <= this.#now();
    }

    /**
     * Drops expired keys from the front of the map, which is ordered by time of last write: the expired ones come
     * first, so this stops at the first live key and costs only what it drops.
     */
    #expireOldest(): void {
        for (const entry of this.#entries.values()) {
            if (!this.#expired(entry)) {
                return;
            }
            this.#delete(entry.id);
        }
    }

    async #put(entry: Entry): Promise<void> {
        this.#set(entry);
        await this.#store(entry);
    }

    /** Keeps `entry` as its key's latest, counting which envelope it refers to. */
    #set(entry: Entry): void {
        this.#expireOldest();
        const replaced = this.#entries.get(entry.id);
        // Deleted first so the map's order stays the order of last writes, oldest first, for eviction and expiry.
        this.#entries.delete(entry.id);
        this.#entries.set(entry.id, entry);
        // Retained before the release, so a key naming the same transaction again keeps its envelope.
        if (entry.submitted) {
            this.#envelopes.retain(entry.submitted.transactionId);
        }
        if (replaced?.submitted) {
            this.#envelopes.release(replaced.submitted.transactionId);
        }
    }

    #delete(id: string): void {
        const entry = this.#entries.get(id);
        this.#entries.delete(id);
        if (entry?.submitted) {
            this.#envelopes.release(entry.submitted.transactionId);
        }
    }

    /** Journals a key entry just set, after evicting beyond `maxEntries` (never that key). */
    async #store(entry: Entry): Promise<void> {
        this.#evict(entry.id);
        await this.#append(entry);
    }

    #append(line: Line): Promise<void> {
        return this.#journal.append(line, () => this.#prune(), this.#entries.size + this.#envelopes.size);
    }

    /** Drops the oldest answered keys beyond `maxEntries`, sparing unresolved ones and the key just written. */
    #evict(keep?: string): void {
        const max = this.#options.maxEntries ?? Number.POSITIVE_INFINITY;
        for (const [id, entry] of this.#entries) {
            if (this.#entries.size <= max) {
                return;
            }
            if (entry.response && id !== keep) {
                this.#delete(id);
            }
        }
    }

    /** The live lines, for a compaction: envelopes before the keys that refer to them, as appends write them. */
    #prune(): Iterable<Line> {
        for (const id of [...this.#entries.keys()]) {
            this.#live(id);
        }
        return [...this.#envelopes.lines(), ...this.#entries.values()];
    }
}

/** The transactions that unexpired key entries name, whose envelope lines are kept at open. */
function referredTransactions(lines: Iterable<Line>, fresh: (entry: Entry) => boolean): Set<string> {
    const referred = new Set<string>();
    for (const line of lines) {
        if (!isEnvelope(line) && line.submitted && fresh(line)) {
            referred.add(line.submitted.transactionId);
        }
    }
    return referred;
}

function reused(key: string): ProblemError {
    return new ProblemError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${key} was used for a different request`);
}
