import { type LedgerClient } from '../fabric/ledger-client.js';
import { ChaincodeRejectedError } from '../fabric/ledger-errors.js';
import { type ReadCheck } from './event-audience.js';

/** What {@link ReadDecisions} needs. */
export interface ReadDecisionsOptions {
    readonly ledger: Pick<LedgerClient, 'evaluate'>;
    /** How long a decision is reused. */
    readonly ttlMs: number;
    /** Most decisions remembered; the oldest go first. */
    readonly maxEntries: number;
    readonly now?: () => number;
}

interface Decision {
    readonly object: string;
    readonly allowed: Promise<boolean>;
    /** Set once the read has answered. */
    expiresAt: number;
}

/**
 * Whether a subject may read an object, as the chaincode answers the object's read under the subject's Fabric
 * identity; answers are remembered per (subject, object) for `ttlMs`, so a busy stream costs one read per object
 * and subject, not one per event. Concurrent asks share one read.
 *
 * Decisions are also indexed by object, so forgetting an object (a loan a case was just filed about) costs the
 * decisions about that object, not a scan of all `maxEntries` of them; the index holds exactly the remembered keys.
 *
 * A chaincode refusal (ACCESS_DENIED, not found...) is a "no". Any other failure (peer unavailable, deadline) is
 * thrown and not remembered: the caller must not guess either way.
 */
export class ReadDecisions {
    readonly #options: Readonly<ReadDecisionsOptions>;
    /** In insertion order, so the first key is the oldest. */
    readonly #entries = new Map<string, Decision>();
    /** The keys of #entries per object. */
    readonly #keysByObject = new Map<string, Set<string>>();
    readonly #now: () => number;

    constructor(options: Readonly<ReadDecisionsOptions>) {
        this.#options = options;
        this.#now = options.now ?? Date.now;
    }

    /** Decisions remembered now (answered or pending). */
    get size(): number {
        return this.#entries.size;
    }

    /** Objects with at least one remembered decision. */
    get objects(): number {
        return this.#keysByObject.size;
    }

    /**
     * @throws the ledger's error when the read fails for a reason other than a chaincode refusal.
     */
    async mayRead(subject: string, check: ReadCheck): Promise<boolean> {
        const key = `${subject}\n${check.object}`;
        const known = this.#entries.get(key);
        if (known && (known.expiresAt === Infinity || known.expiresAt > this.#now())) {
            return known.allowed;
        }
        this.#delete(key);
        const decision: Decision = { object: check.object, allowed: this.#ask(subject, check), expiresAt: Infinity };
        this.#entries.set(key, decision);
        const keys = this.#keysByObject.get(check.object);
        if (keys) {
            keys.add(key);
        } else {
            this.#keysByObject.set(check.object, new Set([key]));
        }
        this.#evictOldest();
        try {
            const allowed = await decision.allowed;
            decision.expiresAt = this.#now() + this.#options.ttlMs;
            return allowed;
        } catch (error) {
            if (this.#entries.get(key) === decision) {
                this.#delete(key);
            }
            throw error;
        }
    }

    /** Forgets every subject's decision about an object whose readers have just changed. */
    forget(object: string): void {
        for (const key of this.#keysByObject.get(object) ?? []) {
            this.#entries.delete(key);
        }
        this.#keysByObject.delete(object);
    }

    async #ask(subject: string, check: ReadCheck): Promise<boolean> {
        try {
            await this.#options.ledger.evaluate({ identity: subject, name: check.name, args: check.args });
            return true;
        } catch (error) {
            if (error instanceof ChaincodeRejectedError) {
                return false;
            }
            throw error;
        }
    }

    #evictOldest(): void {
        while (this.#entries.size > this.#options.maxEntries) {
            this.#delete(this.#entries.keys().next().value!);
        }
    }

    /** Forgets one decision, in both the entries and the object index. */
    #delete(key: string): void {
        const decision = this.#entries.get(key);
        if (!decision) {
            return;
        }
        this.#entries.delete(key);
        const keys = this.#keysByObject.get(decision.object);
        keys?.delete(key);
        if (keys?.size === 0) {
            this.#keysByObject.delete(decision.object);
        }
    }
}
