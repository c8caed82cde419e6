import { type CommitOutcome, type LedgerClient } from './ledger-client.js';

/** The local peer had not committed a requested block when the wait ended. */
export class BlockNotReachedError extends Error {
    readonly minBlock: bigint;
    /** The highest block known to be committed on the local peer; -1 when none is known yet. */
    readonly committedBlock: bigint;

    constructor(minBlock: bigint, committedBlock: bigint) {
        super(`the peer has committed block ${committedBlock}, not yet block ${minBlock}`);
        this.name = BlockNotReachedError.name;
        this.minBlock = minBlock;
        this.committedBlock = committedBlock;
    }
}

/** Where a {@link LedgerHeightWatch} learns the local peer's height. */
export interface LedgerHeightWatchOptions {
    /** The channel height on the local peer (blocks committed: last block number + 1). */
    readonly readHeight: () => Promise<bigint>;
    /** Pause between height reads while requests wait. */
    readonly pollMs: number;
}

interface Waiter {
    readonly minBlock: bigint;
    readonly resolve: () => void;
}

/**
 * Knows the highest block the gateway's own peer has committed, so that a request naming a block (the consistency
 * token an organisation's write answered with) runs only once the local peer has that block. The block is learnt
 * for free from the commits this gateway waits for; the peer is asked (qscc GetChainInfo) only while a request waits
 * for a block it does not know yet, and then once per `pollMs` for all waiting requests together.
 */
export class LedgerHeightWatch {
    readonly #readHeight: () => Promise<bigint>;
    readonly #pollMs: number;
    readonly #waiters = new Set<Waiter>();
    #committed = -1n;
    #polling = false;

    constructor(options: Readonly<LedgerHeightWatchOptions>) {
        this.#readHeight = options.readHeight;
        this.#pollMs = options.pollMs;
    }

    /** The highest block number known to be committed on the local peer; -1 before any is known. */
    get committedBlock(): bigint {
        return this.#committed;
    }

    /** Records that the local peer has committed `blockNumber` (a commit status or event from it says so). */
    observe(blockNumber: bigint): void {
        if (blockNumber <= this.#committed) {
            return;
        }
        this.#committed = blockNumber;
        for (const waiter of this.#waiters) {
            if (waiter.minBlock <= blockNumber) {
                waiter.resolve();
            }
        }
    }

    /**
     * Resolves once the local peer has committed block `minBlock`, at once when that is already known.
     *
     * @throws {@link BlockNotReachedError} when it has not within `timeoutMs`.
     */
    waitFor(minBlock: bigint, timeoutMs: number): Promise<void> {
        if (minBlock <= this.#committed) {
            return Promise.resolve();
        }
        return new Promise<void>((resolve, reject) => {
            const waiter: Waiter = {
                minBlock,
                resolve: () => {
                    clearTimeout(timer);
                    this.#waiters.delete(waiter);
                    resolve();
                },
            };
            const timer = setTimeout(() => {
                this.#waiters.delete(waiter);
                reject(new BlockNotReachedError(minBlock, this.#committed));
            }, timeoutMs);
            timer.unref();
            this.#waiters.add(waiter);
            void this.#poll();
        });
    }

    async #poll(): Promise<void> {
        if (this.#polling) {
            return;
        }
        this.#polling = true;
        try {
            while (this.#waiters.size > 0) {
                try {
                    this.observe((await this.#readHeight()) - 1n);
                } catch {
                    // The peer is not answering: keep asking until the waiting requests time out.
                }
                if (this.#waiters.size > 0) {
                    // A real timer, not an injected sleep: the loop must yield to the waiters' deadlines.
                    await new Promise((resolve) => setTimeout(resolve, this.#pollMs).unref());
                }
            }
        } finally {
            this.#polling = false;
        }
    }
}

/** Wraps a ledger client so that every commit status it reports (all from the local peer) feeds the watch. */
export function observingCommits(ledger: LedgerClient, watch: LedgerHeightWatch): LedgerClient {
    return {
        evaluate: (call) => ledger.evaluate(call),
        endorse: (call, timeoutMs) => ledger.endorse(call, timeoutMs),
        restoreTransaction: (identity, envelope) => ledger.restoreTransaction(identity, envelope),
        commitStatus: async (identity, transactionId, timeoutMs): Promise<CommitOutcome> => {
            const outcome = await ledger.commitStatus(identity, transactionId, timeoutMs);
            // Even an invalid transaction is in a block the peer has committed.
            watch.observe(outcome.blockNumber);
            return outcome;
        },
        blockByTransactionId: (identity, transactionId) => ledger.blockByTransactionId(identity, transactionId),
        chaincodeEvents: (request) => ledger.chaincodeEvents(request),
        ping: (organizations) => ledger.ping(organizations),
        chainHeight: () => ledger.chainHeight(),
        close: () => ledger.close(),
    };
}
