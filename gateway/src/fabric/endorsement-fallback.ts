import {
    type CloseableEventStream,
    type CommitOutcome,
    type EndorsedTransaction,
    type EventStreamRequest,
    type LedgerClient,
    type TransactionCall,
} from './ledger-client.js';
import { EndorserUnreachableError } from './ledger-errors.js';

/** Who may endorse instead of the gateway's own peer, and how many of them a transaction needs. */
export interface EndorsementFallbackOptions {
    /** The gateway's own organisation. */
    readonly mspId: string;
    /** MSP IDs of the organisations the endorsement policy names. */
    readonly organizations: readonly string[];
    /** Distinct organisations the endorsement policy needs (the `n` of `OutOf(n, …)`). */
    readonly quorum: number;
    /**
     * After the own peer could not run the chaincode, how long calls go straight to other organisations before the
     * own peer is tried again (so an outage costs one failed proposal per period, not one per request).
     */
    readonly ownRetryMs?: number;
    /** Clock; replaced in tests. */
    readonly now?: () => number;
}

/** What `/readyz` reports about the ledger. */
export interface LedgerHealth {
    /** `ready`: the own peer runs the chaincode; `degraded`: it cannot, and other organisations endorse instead. */
    readonly status: 'ready' | 'degraded';
    /** When degraded: the organisations whose peers answered the check and so take the own peer's place. */
    readonly endorsingOrganizations?: readonly string[];
}

/** A ledger client that endorses and evaluates elsewhere when its own peer cannot run the chaincode. */
export interface FallbackLedgerClient extends LedgerClient {
    /**
     * Checks the own peer now, and the other organisations' peers when it cannot run the chaincode.
     *
     * @throws the own peer's error when it is unreachable, or {@link EndorserUnreachableError} when too few other
     *   organisations can endorse either.
     */
    health(): Promise<LedgerHealth>;
}

const DEFAULT_OWN_RETRY_MS = 5_000;

/**
 * Wraps a ledger client so that one organisation's chaincode server being down does not stop its writes and reads.
 * The policy needs any `quorum` organisations, so when the own peer reports that it cannot launch the chaincode the
 * same call is repeated with `endorsingOrganizations` naming `quorum` other members (and, for a read, the other
 * members as evaluation targets). The call keeps the caller's identity, so the chaincode's access rules apply
 * unchanged wherever it runs. Calls that name their endorsers themselves (private data) are never redirected.
 *
 * @example const ledger = withEndorsementFallback(connectLedger(...), { mspId: 'BankMSP', organizations, quorum: 2 })
 */
export function withEndorsementFallback(
    ledger: LedgerClient,
    options: Readonly<EndorsementFallbackOptions>,
): FallbackLedgerClient {
    return new EndorsementFallback(ledger, options);
}

class EndorsementFallback implements FallbackLedgerClient {
    readonly #ledger: LedgerClient;
    readonly #own: string;
    readonly #others: readonly string[];
    readonly #quorum: number;
    readonly #ownRetryMs: number;
    readonly #now: () => number;
    /** When the own peer last failed to run the chaincode; undefined while it is believed to run it. */
    #ownDownAt: number | undefined;
    /** Rotates the first choice among the other organisations, to spread the extra endorsements. */
    #turn = 0;

    constructor(ledger: LedgerClient, options: Readonly<EndorsementFallbackOptions>) {
        this.#ledger = ledger;
        this.#own = options.mspId;
        this.#others = options.organizations.filter((organization) => organization !== options.mspId);
        this.#quorum = options.quorum;
        this.#ownRetryMs = options.ownRetryMs ?? DEFAULT_OWN_RETRY_MS;
        this.#now = options.now ?? Date.now;
    }

    evaluate(call: TransactionCall): Promise<Uint8Array> {
        return this.#withFallback(call, 1, (organizations) =>
            this.#ledger.evaluate({ ...call, endorsingOrganizations: organizations }),
        );
    }

    endorse(call: TransactionCall, timeoutMs?: number): Promise<EndorsedTransaction> {
        return this.#withFallback(call, this.#quorum, (organizations) =>
            this.#ledger.endorse({ ...call, endorsingOrganizations: organizations }, timeoutMs),
        );
    }

    async health(): Promise<LedgerHealth> {
        try {
            await this.#ledger.ping([this.#own]);
            this.#ownDownAt = undefined;
            return { status: 'ready' };
        } catch (error) {
            if (!this.#isOwnUnreachable(error)) {
                throw error;
            }
            this.#ownDownAt = this.#now();
            const checks = await Promise.allSettled(this.#others.map((other) => this.#ledger.ping([other])));
            const reachable = this.#others.filter((_, index) => checks[index]?.status === 'fulfilled');
            if (reachable.length < this.#quorum) {
                throw new EndorserUnreachableError(
                    `the own peer cannot run the chaincode and only ${reachable.length} other organisations can`,
                    { step: 'evaluate', organizations: this.#others.filter((other) => !reachable.includes(other)) },
                );
            }
            return { status: 'degraded', endorsingOrganizations: reachable };
        }
    }

    async ping(organizations?: readonly string[]): Promise<void> {
        if (organizations) {
            return this.#ledger.ping(organizations);
        }
        await this.health();
    }

    restoreTransaction(identity: string, envelope: Uint8Array): EndorsedTransaction {
        return this.#ledger.restoreTransaction(identity, envelope);
    }

    commitStatus(identity: string, transactionId: string, timeoutMs: number): Promise<CommitOutcome> {
        return this.#ledger.commitStatus(identity, transactionId, timeoutMs);
    }

    blockByTransactionId(identity: string, transactionId: string): Promise<Uint8Array> {
        return this.#ledger.blockByTransactionId(identity, transactionId);
    }

    chaincodeEvents(request: EventStreamRequest): Promise<CloseableEventStream> {
        return this.#ledger.chaincodeEvents(request);
    }

    chainHeight(): Promise<bigint> {
        return this.#ledger.chainHeight();
    }

    close(): void {
        this.#ledger.close();
    }

    /**
     * Runs the call as given (own peer first) unless the own peer failed recently; when the own peer cannot run the
     * chaincode, runs it on `size` other organisations, dropping any that cannot run it either, until too few
     * remain.
     */
    async #withFallback<T>(
        call: TransactionCall,
        size: number,
        runAt: (organizations: readonly string[] | undefined) => Promise<T>,
    ): Promise<T> {
        if (call.endorsingOrganizations) {
            return runAt(call.endorsingOrganizations);
        }
        let failure: unknown;
        if (!this.#skipOwn()) {
            try {
                const result = await runAt(undefined);
                this.#ownDownAt = undefined;
                return result;
            } catch (error) {
                if (!this.#isOwnUnreachable(error)) {
                    throw error;
                }
                this.#ownDownAt = this.#now();
                failure = error;
            }
        }
        let candidates = this.#rotatedOthers();
        while (candidates.length >= size && candidates.length > 0) {
            // A read needs one peer: name every candidate and let the gateway peer pick the most up to date.
            const chosen = size === 1 ? candidates : candidates.slice(0, size);
            try {
                return await runAt(chosen);
            } catch (error) {
                const failed = error instanceof EndorserUnreachableError ? error.organizations : [];
                if (!failed.some((organization) => chosen.includes(organization))) {
                    throw error;
                }
                failure = error;
                candidates = candidates.filter((organization) => !failed.includes(organization));
            }
        }
        throw (
            failure ??
            new EndorserUnreachableError('too few organisations to endorse', {
                step: 'endorse',
                organizations: [this.#own],
            })
        );
    }

    #skipOwn(): boolean {
        return this.#ownDownAt !== undefined && this.#now() - this.#ownDownAt < this.#ownRetryMs;
    }

    #isOwnUnreachable(error: unknown): boolean {
        return error instanceof EndorserUnreachableError && error.organizations.includes(this.#own);
    }

    #rotatedOthers(): string[] {
        const start = this.#turn++ % Math.max(this.#others.length, 1);
        return [...this.#others.slice(start), ...this.#others.slice(0, start)];
    }
}
