/**
 * The narrow seam between the gateway and Fabric. The HTTP layer, the retry logic, jobs and event streams use only
 * this interface; `connection.ts` implements it with @hyperledger/fabric-gateway, and tests use an in-memory fake.
 *
 * Implementations throw only the errors of `ledger-errors.ts`, already classified (a chaincode's coded refusal, the
 * peer being unavailable, a deadline...), so callers never look at gRPC codes.
 */

/** One chaincode transaction to run as one of the organisation's users. */
export interface TransactionCall {
    /** Token subject whose Fabric identity signs (a key of the configured identities). */
    readonly identity: string;
    /** `Contract:Function`, e.g. `Evidence:Register`. */
    readonly name: string;
    readonly args: readonly string[];
    /** Transient data: reaches the endorsers but is never written to a block (ABS loan amounts). */
    readonly transient?: Readonly<Record<string, string>>;
    /** Organisations that must endorse (private data collections); by default the gateway peer chooses. */
    readonly endorsingOrganizations?: readonly string[];
}

/** How a transaction's validation ended, as the committing peer reports it. */
export interface CommitOutcome {
    readonly transactionId: string;
    readonly blockNumber: bigint;
    /** Fabric TxValidationCode; 0 is VALID. */
    readonly code: number;
    /** Name of the code, e.g. `MVCC_READ_CONFLICT`. */
    readonly codeName: string;
    readonly successful: boolean;
}

/**
 * An endorsed, signed transaction: the chaincode's answer is known, nothing is on the ledger yet. Its envelope can be
 * kept (the idempotency journal does, before the first submit) and rebuilt with
 * {@link LedgerClient.restoreTransaction}, in this process or a later one.
 */
export interface EndorsedTransaction {
    readonly transactionId: string;
    readonly result: Uint8Array;
    /** The signed transaction envelope, exactly the bytes the orderer is given. */
    readonly envelope: Uint8Array;
    /**
     * Hands the signed transaction to the orderer, through the peer (which picks an orderer). Sending the same
     * envelope again is safe: Fabric commits a transaction ID at most once and marks a later copy DUPLICATE_TXID.
     *
     * @param timeoutMs - gRPC deadline of this submission.
     * @throws {@link LedgerUnavailableError} or {@link LedgerDeadlineError} when it may not have arrived; send again.
     */
    submit(timeoutMs: number): Promise<void>;
}

/** A chaincode event of a valid committed transaction. */
export interface LedgerEvent {
    readonly blockNumber: bigint;
    readonly transactionId: string;
    readonly eventName: string;
    readonly payload: Uint8Array;
}

/** An event stream the reader closes when done. */
export interface CloseableEventStream extends AsyncIterable<LedgerEvent> {
    close(): void;
}

/** Where an event stream starts: a block number, or the next block committed. */
export interface EventStreamRequest {
    readonly identity: string;
    readonly startBlock?: bigint;
}

/** The ledger as the gateway sees it. */
export interface LedgerClient {
    /** Runs a read on the organisation's peer; nothing is ordered. */
    evaluate(call: TransactionCall): Promise<Uint8Array>;
    /**
     * Endorses a fresh proposal (a new transaction ID every call) and signs the transaction, giving up after
     * `timeoutMs` (what is left of a write's time) or the configured endorse deadline, whichever is sooner.
     */
    endorse(call: TransactionCall, timeoutMs?: number): Promise<EndorsedTransaction>;
    /** Rebuilds a transaction from {@link EndorsedTransaction.envelope}, to submit the same bytes again. */
    restoreTransaction(identity: string, envelope: Uint8Array): EndorsedTransaction;
    /**
     * Waits up to `timeoutMs` for a transaction to commit and reports its validation code. The transaction may have
     * been submitted by an earlier process: only its ID is needed.
     *
     * @throws {@link LedgerDeadlineError} when it has not committed in time (it may never have been ordered).
     * @throws {@link LedgerUnavailableError} when the peer cannot be asked.
     */
    commitStatus(identity: string, transactionId: string, timeoutMs: number): Promise<CommitOutcome>;
    /**
     * The serialized block (common.Block) that holds a transaction, from the peer's query system chaincode
     * (qscc GetBlockByTxID): the raw material of a receipt.
     *
     * @throws {@link ChaincodeRejectedError} never; a transaction the peer does not know is a LedgerFailedError.
     */
    blockByTransactionId(identity: string, transactionId: string): Promise<Uint8Array>;
    /** Chaincode events of the configured chaincode from a block on. */
    chaincodeEvents(request: EventStreamRequest): Promise<CloseableEventStream>;
    /**
     * Resolves when the peer and the chaincode answer: on the peers of `organizations` when given (the gateway's
     * own organisation alone tells whether its own chaincode server runs), else wherever the gateway peer chooses.
     *
     * @throws {@link EndorserUnreachableError} when those peers cannot run the chaincode.
     */
    ping(organizations?: readonly string[]): Promise<void>;
    /**
     * The channel's height on the gateway's own peer (qscc GetChainInfo): the number of blocks it has committed, so
     * the last block number plus one.
     */
    chainHeight(): Promise<bigint>;
    /** Closes connections; the client is unusable afterwards. */
    close(): void;
}
