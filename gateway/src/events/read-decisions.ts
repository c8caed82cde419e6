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
    readonly allowed: Promise<boolean>;
    /** Set once the read has answered. */
    expiresAt: number;
}

/**
 * Whether a subject may read an object, as the chaincode answers the object's read under the subject's Fabric
 * identity; answers are remembered per (subject, object) for `ttlMs`, so a busy stream costs one read per object
 * and subject, not one per event. Concurrent asks share one read.
 *
 * A chaincode refusal (ACCESS_DENIED, not found...) is a "no". Any other failure (peer unavailable, deadline) is
 * thrown and not remembered: the caller must not guess either way.
 */
export class ReadDecisions {
    readonly #options: Readonly<ReadDecisionsOptions>;
    readonly #entries = new Map<string, Decision>();
    readonly #now: () => number;

    constructor(options: Readonly<ReadDecisionsOptions>) {
        this.#options = options;
        this.#now = options.now ?? Date.now;
    }

    /** Decisions remembered now (answered or pending). */
    get size(): number {
        return this.#entries.size;
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
        this.#entries.delete(key);
        const decision: Decision = { allowed: this.#ask(subject, check), expiresAt: Infinity };
        this.#entries.set(key, decision);
        this.#evictOldest();
        try {
            const allowed = await decision.allowed;
            decision.expiresAt = this.#now() + this.#options.ttlMs;
            return allowed;
        } catch (error) {
            if (this.#entries.get(key) === decision) {
                this.#entries.delete(key);
            }
            throw error;
        }
    }

    /** Forgets every subject's decision about an object whose readers have just changed. */
    forget(object: string): void {
        const suffix = `\n${object}`;
        for (const key of this.#entries.keys()) {
            if (key.endsWith(suffix)) {
                this.#entries.delete(key);
            }
        }
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
            this.#entries.delete(this.#entries.keys().next().value!);
        }
    }
}
