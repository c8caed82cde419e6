/**
 * The journal line of one signed envelope. Its id is the transaction ID, which has no newline, so it never collides
 * with a key entry's id (`${scope}\n${key}`).
 */
export interface EnvelopeLine {
    readonly id: string;
    /** The signed envelope, base64. */
    readonly envelope: string;
}

interface Shared {
    /** Key entries that name this transaction. */
    referrers: number;
    line?: EnvelopeLine;
    /** The append of `line`, which every key recording the transaction waits for before it is sent. */
    written?: Promise<void>;
}

/**
 * Signed envelopes kept once per transaction, however many idempotency keys name it: a coalesced batch is one
 * transaction whose envelope (megabytes for hundreds of records) every key of the batch follows after a crash.
 * Each envelope lives while a key entry refers to it; the last release drops it.
 */
export class SharedEnvelopes {
    readonly #shared = new Map<string, Shared>();
    #held = 0;

    /** Envelopes held now. */
    get size(): number {
        return this.#held;
    }

    /** Counts one more key entry naming `transactionId`. */
    retain(transactionId: string): void {
        const shared = this.#shared.get(transactionId);
        if (shared) {
            shared.referrers++;
        } else {
            this.#shared.set(transactionId, { referrers: 1 });
        }
    }

    /** Counts one key entry fewer naming `transactionId`; the last one drops its envelope. */
    release(transactionId: string): void {
        const shared = this.#shared.get(transactionId);
        if (!shared) {
            return;
        }
        shared.referrers--;
        if (shared.referrers <= 0) {
            this.#shared.delete(transactionId);
            if (shared.line) {
                this.#held--;
            }
        }
    }

    /** Whether the envelope of a referred transaction is held (and so journaled, or on its way). */
    holds(transactionId: string): boolean {
        return this.#shared.get(transactionId)?.line !== undefined;
    }

    /**
     * Keeps the envelope of a transaction some key entry refers to (an envelope no key needs is not kept).
     *
     * @param written - the line's append, when it is being journaled now; later recorders wait for it too.
     * @returns whether it is kept.
     */
    attach(line: EnvelopeLine, written?: Promise<void>): boolean {
        const shared = this.#shared.get(line.id);
        if (!shared || shared.line) {
            return false;
        }
        shared.line = line;
        shared.written = written;
        this.#held++;
        return true;
    }

    /** The envelope (base64) of `transactionId`, if held. */
    envelopeOf(transactionId: string): string | undefined {
        return this.#shared.get(transactionId)?.line?.envelope;
    }

    /** Settles when the envelope of `transactionId` is on disk (at once when it was loaded or is not held). */
    written(transactionId: string): Promise<void> {
        return this.#shared.get(transactionId)?.written ?? Promise.resolve();
    }

    /** The journal lines of the envelopes held. */
    *lines(): Iterable<EnvelopeLine> {
        for (const shared of this.#shared.values()) {
            if (shared.line) {
                yield shared.line;
            }
        }
    }
}
