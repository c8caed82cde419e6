/** Bounds of a {@link PeerSilence}. */
export interface PeerSilenceOptions {
    /** How long calls may time out with no answer from the peer in between before the connection is replaced. */
    readonly staleAfterMs: number;
    /** Timed-out calls that must have accumulated too (one slow call is not a dead connection). */
    readonly minTimeouts: number;
    /** The clock; replaced in tests. */
    readonly now?: () => number;
}

/**
 * Tells when the connection to the peer has gone silent: calls keep running into their deadlines and none gets
 * any answer from the peer (a result, or a refusal the peer or its chaincode produced) for `staleAfterMs`.
 *
 * A peer killed and restarted can leave a gRPC connection that is open, so gRPC does not reconnect, and that never
 * carries an answer: every call waits for its deadline until keepalive gives up on it, two minutes and more with
 * the ping interval Fabric peers allow (one a minute). Replacing such a connection ends that at once; an overloaded
 * but working peer still answers some calls, which starts the count again.
 */
export class PeerSilence {
    readonly #options: PeerSilenceOptions;
    readonly #now: () => number;
    /** When the first call timed out since the last answer, and how many have since. */
    #since: number | undefined;
    #timeouts = 0;

    constructor(options: Readonly<PeerSilenceOptions>) {
        this.#options = options;
        this.#now = options.now ?? Date.now;
    }

    /** The peer answered a call (success or its own refusal): the connection works. */
    answered(): void {
        this.#since = undefined;
        this.#timeouts = 0;
    }

    /**
     * A call ran into its deadline.
     *
     * @returns true when the connection should be replaced now; the count then starts again, so a peer that stays
     *   silent gets a new connection at most once every `staleAfterMs`.
     */
    timedOut(): boolean {
        const now = this.#now();
        this.#since ??= now;
        this.#timeouts++;
        if (this.#timeouts < this.#options.minTimeouts || now - this.#since < this.#options.staleAfterMs) {
            return false;
        }
        this.#since = now;
        this.#timeouts = 0;
        return true;
    }
}
