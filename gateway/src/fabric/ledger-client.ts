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

/** A transaction handed to the orderer whose commit status can be asked (again). */
export interface PendingCommit {
    readonly transactionId: string;
    /** The signed commit-status request, persisted so that the status can be asked again after a restart. */
    readonly bytes: Uint8Array;
    /**
     * Waits for the commit and reports its validation code.
     *
     * @throws {@link LedgerUnavailableError} or {@link LedgerDeadlineError} when the status is lost; ask again.
     */
    status(): Promise<CommitOutcome>;
}

/** An endorsed transaction: the chaincode's answer is known, nothing is on the ledger yet. */
export interface EndorsedTransaction {
    readonly transactionId: string;
    readonly result: Uint8Array;
    /**
     * Sends the signed transaction to the orderer. Calling it again after a failure resends the same bytes, which
     * can commit at most once.
     */
    submit(): Promise<PendingCommit>;
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
    /** Endorses a fresh proposal (a new transaction ID every call). */
    endorse(call: TransactionCall): Promise<EndorsedTransaction>;
    /** Rebuilds a pending commit from {@link PendingCommit.bytes}, to ask a lost status again. */
    resumeCommit(identity: string, bytes: Uint8Array): PendingCommit;
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
