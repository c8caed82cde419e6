import { common, gateway as gatewayProtos } from '@hyperledger/fabric-protos';
import { canonicalJson, WITNESS_READ_FUNCTION, type ErrorDetails } from '@lendledger/domain';
import {
    type CloseableEventStream,
    type CommitOutcome,
    type EndorsedTransaction,
    type EventStreamRequest,
    type LedgerClient,
    type LedgerEvent,
    type TransactionCall,
} from '../fabric/ledger-client.js';
import {
    ChaincodeRejectedError,
    EndorsersDisagreeError,
    EndorserUnreachableError,
    LedgerDeadlineError,
    LedgerFailedError,
    LedgerUnavailableError,
} from '../fabric/ledger-errors.js';

/** What a fake chaincode function answers: the result JSON, optionally with the event a commit emits. */
export type FakeAnswer =
    string | { readonly result: string; readonly event?: { readonly name: string; readonly payload: unknown } };

/** A fake chaincode function. Throw {@link rejection} to refuse like the chaincode does. */
export type FakeHandler = (call: TransactionCall) => FakeAnswer | Promise<FakeAnswer>;

/** A coded chaincode refusal, as the real seam reports it. */
export function rejection(code: string, message = code, details: ErrorDetails = {}): ChaincodeRejectedError {
    return new ChaincodeRejectedError({ step: 'endorse', code, message, details });
}

const STATUS_CODES: Readonly<Record<string, number>> = {
    VALID: 0,
    ENDORSEMENT_POLICY_FAILURE: 10,
    MVCC_READ_CONFLICT: 11,
    PHANTOM_READ_CONFLICT: 12,
};

const UTF8 = new TextEncoder();

/**
 * What fabric-gateway's `endorse()` hands back for a recorded receipt's witness: its envelope, prepared. Set it in
 * {@link FakeLedger.witnesses} under the receipt's key so the receipts the fake builds carry a real witness.
 */
export function preparedWitness(receipt: { readonly witness?: { readonly envelope: string } }): Uint8Array {
    const prepared = new gatewayProtos.PreparedTransaction();
    prepared.setTransactionId('witness');
    prepared.setEnvelope(common.Envelope.deserializeBinary(Buffer.from(receipt.witness!.envelope, 'base64')));
    return prepared.serializeBinary();
}

/**
 * In-memory stand-in for the Fabric seam. Chaincode functions are plain functions; failures are scripted
 * (`commitCodes`, `lostStatuses`, `unavailable`...), and every call is recorded so tests can count endorsements,
 * submissions and status requests.
 */
export class FakeLedger implements LedgerClient {
    readonly handlers = new Map<string, FakeHandler>();
    readonly evaluated: TransactionCall[] = [];
    readonly endorsed: TransactionCall[] = [];
    /** The time each endorsement was given (what was left of its write), in the order of `endorsed`. */
    readonly endorseTimeouts: (number | undefined)[] = [];
    readonly submitted: string[] = [];
    readonly statusAsked: string[] = [];
    /** Validation codes the next commits get, in order (then VALID). */
    readonly commitCodes: string[] = [];
    /** Status requests that fail as lost before one succeeds. */
    lostStatuses = 0;
    /**
     * Submissions the orderer accepts and then loses, as a Raft leader killed before ordering them does: the
     * transaction stays uncommitted until a copy is submitted again.
     */
    lostSubmissions = 0;
    /** Transaction IDs submitted again after they committed: Fabric marks such copies DUPLICATE_TXID. */
    readonly duplicates: string[] = [];
    /** The calls whose transactions committed valid, in commit order. */
    readonly committed: TransactionCall[] = [];
    /** Runs as each submission reaches the orderer, before it is ordered (a test copies the gateway's disk there). */
    beforeSubmit: ((transactionId: string) => void | Promise<void>) | undefined;
    /** How a status request spends its timeout while the transaction is not committed; a real timer by default. */
    statusWait: (millis: number) => Promise<void> = (millis) => new Promise((resolve) => setTimeout(resolve, millis));
    /** Calls that fail with UNAVAILABLE before they succeed, per step. */
    readonly unavailable = { evaluate: 0, endorse: 0, submit: 0, events: 0 };
    /**
     * Submissions the orderer takes (the transaction commits, or already had) yet answers as unavailable, as Fabric's
     * gateway peer does when BFT orderers reply "request already processed" to a copy sent again.
     */
    orderedButUnavailable = 0;
    /** Endorsements that fail because the endorsing peers answered differently, before one agrees. */
    disagreements = 0;
    /** What the disagreeing peers refused with, when they refused (a peer a block behind) rather than differed. */
    disagreeingRefusal: ChaincodeRejectedError | undefined;
    /** Makes ping fail while set. */
    pingError: Error | undefined;
    /** The gateway's organisation: the peer a call without endorsing organisations runs on. */
    mspId = 'BankMSP';
    /** Organisations whose peers cannot run the chaincode (their chaincode server is down). */
    readonly unreachableChaincodes = new Set<string>();
    /** Times the chain height was read. */
    heightReads = 0;
    /** Resolves handler calls only when released, to hold requests in flight. */
    gate: Promise<void> | undefined;
    closed = false;
    blockHeight = 10n;
    readonly events: LedgerEvent[] = [];
    /**
     * Prepared-transaction bytes (real Fabric ones, for receipts the verifier checks) that an endorsement of
     * `Witness:Read` returns as its envelope, by the key it reads; other endorsements get a JSON envelope.
     */
    readonly witnesses = new Map<string, Uint8Array>();
    /** Every event stream opened, in order. */
    readonly eventRequests: EventStreamRequest[] = [];
    readonly #commits = new Map<string, CommitOutcome>();
    readonly #pendingEvents = new Map<string, { name: string; payload: unknown }>();
    readonly #calls = new Map<string, TransactionCall>();
    readonly #streams = new Set<FakeStream>();
    #txCounter = 0;

    /** Registers a chaincode function. */
    on(name: string, handler: FakeHandler): this {
        this.handlers.set(name, handler);
        return this;
    }

    async evaluate(call: TransactionCall): Promise<Uint8Array> {
        this.evaluated.push(call);
        this.#failIfUnavailable('evaluate');
        this.#failIfUnreachable('evaluate', call.endorsingOrganizations);
        const answer = await this.#answer(call, 'evaluate');
        return UTF8.encode(typeof answer === 'string' ? answer : answer.result);
    }

    async endorse(call: TransactionCall, timeoutMs?: number): Promise<EndorsedTransaction> {
        this.endorsed.push(call);
        this.endorseTimeouts.push(timeoutMs);
        this.#failIfUnavailable('endorse');
        if (this.disagreements > 0) {
            this.disagreements--;
            throw new EndorsersDisagreeError('endorsers answered differently', {
                step: 'endorse',
                refusal: this.disagreeingRefusal,
            });
        }
        this.#failIfUnreachable('endorse', call.endorsingOrganizations);
        const transactionId = `tx${String(++this.#txCounter).padStart(4, '0')}`;
        const answer = await this.#answer(call, 'endorse');
        const result = typeof answer === 'string' ? answer : answer.result;
        if (typeof answer !== 'string' && answer.event) {
            this.#pendingEvents.set(transactionId, answer.event);
        }
        this.#calls.set(transactionId, call);
        const witness = call.name === WITNESS_READ_FUNCTION ? this.witnesses.get(call.args[0] ?? '') : undefined;
        const transaction = this.#transaction(transactionId, result);
        return witness === undefined ? transaction : { ...transaction, envelope: witness };
    }

    restoreTransaction(_identity: string, envelope: Uint8Array): EndorsedTransaction {
        const { transactionId, result } = JSON.parse(new TextDecoder().decode(envelope)) as {
            transactionId: string;
            result: string;
        };
        return this.#transaction(transactionId, result);
    }

    async commitStatus(_identity: string, transactionId: string, timeoutMs: number): Promise<CommitOutcome> {
        this.statusAsked.push(transactionId);
        if (this.lostStatuses > 0) {
            this.lostStatuses--;
            throw new LedgerUnavailableError('status lost', { step: 'commitStatus', transactionId });
        }
        if (!this.#commits.has(transactionId)) {
            await this.statusWait(timeoutMs);
        }
        const outcome = this.#commits.get(transactionId);
        if (!outcome) {
            throw new LedgerDeadlineError('not committed before the deadline', { step: 'commitStatus', transactionId });
        }
        return outcome;
    }

    /** A signed transaction; its envelope is JSON here, and each submission goes through the scripted orderer. */
    #transaction(transactionId: string, result: string): EndorsedTransaction {
        return {
            transactionId,
            result: UTF8.encode(result),
            envelope: UTF8.encode(JSON.stringify({ transactionId, result })),
            submit: async () => {
                this.submitted.push(transactionId);
                this.#failIfUnavailable('submit');
                await this.beforeSubmit?.(transactionId);
                if (this.#commits.has(transactionId)) {
                    this.duplicates.push(transactionId);
                } else if (this.lostSubmissions > 0) {
                    this.lostSubmissions--;
                } else {
                    this.#commit(transactionId);
                }
                if (this.orderedButUnavailable > 0) {
                    this.orderedButUnavailable--;
                    throw new LedgerUnavailableError(
                        'insufficient number of orderers could successfully process transaction to satisfy quorum ' +
                            'requirement (request already processed)',
                        { step: 'submit', transactionId },
                    );
                }
            },
        };
    }

    async chaincodeEvents(request: EventStreamRequest): Promise<CloseableEventStream> {
        this.eventRequests.push(request);
        this.#failIfUnavailable('events');
        const stream = new FakeStream(this, request.startBlock ?? this.blockHeight + 1n, () =>
            this.#streams.delete(stream),
        );
        this.#streams.add(stream);
        return stream;
    }

    /** Holds every chaincode call at the gate until the returned function is called (requests stay in flight). */
    hold(): () => void {
        let release: () => void = () => undefined;
        this.gate = new Promise<void>((resolve) => (release = resolve));
        return () => {
            this.gate = undefined;
            release();
        };
    }

    /** Resolves once `count` endorsements have started (their handlers may still be held at the gate). */
    async endorsements(count: number, timeoutMillis = 2_000): Promise<void> {
        const deadline = Date.now() + timeoutMillis;
        while (this.endorsed.length < count) {
            if (Date.now() > deadline) {
                throw new Error(`only ${this.endorsed.length} endorsements`);
            }
            await new Promise((resolve) => setImmediate(resolve));
        }
    }

    /** Blocks by transaction ID, as qscc would return them; tests put real recorded blocks here. */
    readonly blocks = new Map<string, Uint8Array>();
    /** The block answered for a transaction {@link blocks} does not hold; none by default. */
    anyBlock: Uint8Array | undefined;

    async blockByTransactionId(_identity: string, transactionId: string): Promise<Uint8Array> {
        const block = this.blocks.get(transactionId) ?? this.anyBlock;
        if (!block) {
            throw new LedgerFailedError(`no block holds transaction ${transactionId}`, {
                step: 'evaluate',
                peerMessages: [],
            });
        }
        return block;
    }

    async ping(organizations?: readonly string[]): Promise<void> {
        if (this.pingError) {
            throw this.pingError;
        }
        this.#failIfUnreachable('evaluate', organizations);
    }

    async chainHeight(): Promise<bigint> {
        this.heightReads++;
        return this.blockHeight + 1n;
    }

    close(): void {
        this.closed = true;
        [...this.#streams].forEach((stream) => stream.close());
    }

    /** Appends a chaincode event in a new block, as a commit by another organisation would. */
    emit(eventName: string, payload: unknown, transactionId = `ext${this.events.length}`): LedgerEvent {
        this.blockHeight++;
        return this.#publish({ blockNumber: this.blockHeight, transactionId, eventName, payload: encode(payload) });
    }

    /** Appends several chaincode events in one new block, in transaction order. */
    emitBlock(events: readonly { readonly name: string; readonly payload: unknown }[]): LedgerEvent[] {
        this.blockHeight++;
        return events.map(({ name, payload }, index) =>
            this.#publish({
                blockNumber: this.blockHeight,
                transactionId: `ext${this.blockHeight}-${index}`,
                eventName: name,
                payload: encode(payload),
            }),
        );
    }

    /** Makes every open event stream fail, as a peer restart does. */
    breakStreams(): void {
        [...this.#streams].forEach((stream) =>
            stream.fail(new LedgerUnavailableError('peer restarted', { step: 'events' })),
        );
    }

    /** Open event streams. */
    get openStreams(): number {
        return this.#streams.size;
    }

    async #answer(call: TransactionCall, step: 'evaluate' | 'endorse'): Promise<FakeAnswer> {
        await this.gate;
        const handler = this.handlers.get(call.name);
        try {
            return handler ? await handler(call) : canonicalJson({ args: [...call.args], name: call.name });
        } catch (error) {
            if (error instanceof ChaincodeRejectedError && error.step !== step) {
                throw new ChaincodeRejectedError({ ...error, message: error.chaincodeMessage, step });
            }
            throw error;
        }
    }

    #commit(transactionId: string): void {
        const codeName = this.commitCodes.shift() ?? 'VALID';
        this.blockHeight++;
        const outcome: CommitOutcome = {
            transactionId,
            blockNumber: this.blockHeight,
            code: STATUS_CODES[codeName] ?? 255,
            codeName,
            successful: codeName === 'VALID',
        };
        this.#commits.set(transactionId, outcome);
        const call = this.#calls.get(transactionId);
        if (call && outcome.successful) {
            this.committed.push(call);
        }
        const event = this.#pendingEvents.get(transactionId);
        if (event && outcome.successful) {
            this.#publish({
                blockNumber: this.blockHeight,
                transactionId,
                eventName: event.name,
                payload: encode(event.payload),
            });
        }
    }

    #publish(event: LedgerEvent): LedgerEvent {
        this.events.push(event);
        this.#streams.forEach((stream) => stream.wake());
        return event;
    }

    /**
     * Fails like a peer that cannot launch the chaincode. Without named organisations the call runs on the own peer
     * first, as Fabric's gateway does; an endorsement needs every named organisation, an evaluation any one.
     */
    #failIfUnreachable(step: 'evaluate' | 'endorse', organizations: readonly string[] | undefined): void {
        const targets = organizations ?? [this.mspId];
        const down = targets.filter((organization) => this.unreachableChaincodes.has(organization));
        const fails = step === 'endorse' ? down.length > 0 : down.length === targets.length;
        if (fails) {
            throw new EndorserUnreachableError(`${step}: could not launch chaincode on ${down.join(', ')}`, {
                step,
                organizations: down,
            });
        }
    }

    #failIfUnavailable(step: keyof FakeLedger['unavailable']): void {
        if (this.unavailable[step] > 0) {
            this.unavailable[step]--;
            throw new LedgerUnavailableError(`${step}: peer unavailable`, { step });
        }
    }
}

function encode(payload: unknown): Uint8Array {
    return UTF8.encode(typeof payload === 'string' ? payload : canonicalJson(payload));
}

class FakeStream implements CloseableEventStream {
    readonly #ledger: FakeLedger;
    readonly #onClose: () => void;
    #next: bigint;
    #index = 0;
    #closed = false;
    #failure: Error | undefined;
    #wake: (() => void) | undefined;

    constructor(ledger: FakeLedger, startBlock: bigint, onClose: () => void) {
        this.#ledger = ledger;
        this.#next = startBlock;
        this.#onClose = onClose;
    }

    close(): void {
        this.#closed = true;
        this.#onClose();
        this.wake();
    }

    fail(error: Error): void {
        this.#failure = error;
        this.wake();
    }

    wake(): void {
        this.#wake?.();
    }

    async *[Symbol.asyncIterator](): AsyncGenerator<LedgerEvent> {
        while (!this.#closed) {
            if (this.#failure) {
                this.#onClose();
                throw this.#failure;
            }
            const event = this.#ledger.events[this.#index];
            if (!event) {
                await new Promise<void>((resolve) => (this.#wake = resolve));
                continue;
            }
            this.#index++;
            if (event.blockNumber >= this.#next) {
                yield event;
            }
        }
    }
}
