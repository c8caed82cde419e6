import { setTimeout as delay } from 'node:timers/promises';
import { type CloseableEventStream, type LedgerClient, type LedgerEvent } from '../fabric/ledger-client.js';
import { jitteredBackoff } from '../fabric/backoff.js';
import { LedgerDeadlineError, LedgerUnavailableError } from '../fabric/ledger-errors.js';
import { isAfter, type EventPosition } from './event-position.js';

/** A chaincode event with its position, the key a reader resumes from. */
export interface PositionedEvent extends LedgerEvent {
    readonly position: EventPosition;
}

/** Told before each reconnect, for logs and metrics. */
export interface ReconnectNotice {
    readonly error: unknown;
    /** 1 for the first reconnect after the stream last delivered an event. */
    readonly attempt: number;
    readonly delayMs: number;
    /** The block the new stream starts at; undefined for the next block committed. */
    readonly startBlock: bigint | undefined;
}

/** What {@link openResumableEvents} needs. */
export interface ResumableEventsOptions {
    readonly ledger: Pick<LedgerClient, 'chaincodeEvents'>;
    /** Token subject whose Fabric identity reads the events. */
    readonly identity: string;
    /** Resume right after this event; wins over `fromBlock`. */
    readonly after?: EventPosition;
    /** Start with the first event of this block; without `after` or `fromBlock`, start at the next block. */
    readonly fromBlock?: bigint;
    /** Only events of these names are yielded (all are still counted for positions). */
    readonly eventNames?: ReadonlySet<string>;
    readonly reconnectInitialMs: number;
    readonly reconnectMaxMs: number;
    /** Waits between reconnects; by default a timer that close() cuts short. */
    readonly sleep?: (millis: number) => Promise<void>;
    /** Jitter source in [0, 1); tests pass a constant. */
    readonly random?: () => number;
    readonly onReconnect?: (notice: ReconnectNotice) => void;
}

/**
 * The chaincode events from a position on, surviving failures of the underlying Fabric stream: after a peer
 * restart it reopens at the block of the last event read and skips what it already yielded, so no event is
 * yielded twice and none is skipped. Iterate it once; iteration ends when {@link close} is called.
 */
export interface ResumableEventStream extends AsyncIterable<PositionedEvent> {
    /** The last event read (yielded or filtered out); undefined before the first. */
    readonly position: EventPosition | undefined;
    /** Reconnects so far. */
    readonly reconnects: number;
    /** Closes the Fabric stream and ends iteration; safe to call more than once. */
    close(): void;
}

/**
 * Opens the first Fabric stream (so that an unreachable peer is reported to the caller at once) and returns the
 * resumable stream over it. Later failures of the stream are retried with exponential backoff from
 * `reconnectInitialMs` to `reconnectMaxMs` (halved by jitter at most) as long as they are transient
 * (peer unavailable, deadline); any other error ends iteration with that error.
 *
 * Without a position (`after`) a stream that fails before its first event reopens at the next block, so events
 * committed while it was down can be missed; readers who need every event pass `fromBlock` or `after`.
 *
 * @throws {@link LedgerUnavailableError} and the other ledger errors when the first stream cannot be opened.
 * @example for await (const event of await openResumableEvents({ ledger, identity, after, ...backoff })) { ... }
 */
export async function openResumableEvents(options: Readonly<ResumableEventsOptions>): Promise<ResumableEventStream> {
    const stream = new ReconnectingEventStream(options);
    await stream.connect();
    return stream;
}

/** Errors after which reopening the stream can help. */
function isTransient(error: unknown): boolean {
    return error instanceof LedgerUnavailableError || error instanceof LedgerDeadlineError;
}

class ReconnectingEventStream implements ResumableEventStream {
    readonly #options: Readonly<ResumableEventsOptions>;
    readonly #abort = new AbortController();
    #stream: CloseableEventStream | undefined;
    #position: EventPosition | undefined;
    #reconnects = 0;
    /** Reconnects since the last event read. */
    #attempt = 0;
    #iterated = false;

    constructor(options: Readonly<ResumableEventsOptions>) {
        this.#options = options;
        this.#position = options.after;
    }

    get position(): EventPosition | undefined {
        return this.#position;
    }

    get reconnects(): number {
        return this.#reconnects;
    }

    close(): void {
        if (!this.#abort.signal.aborted) {
            this.#abort.abort();
            this.#stream?.close();
        }
    }

    async connect(): Promise<CloseableEventStream> {
        const startBlock = this.#position?.blockNumber ?? this.#options.fromBlock;
        const stream = await this.#options.ledger.chaincodeEvents({ identity: this.#options.identity, startBlock });
        this.#stream = stream;
        if (this.#abort.signal.aborted) {
            stream.close();
        }
        return stream;
    }

    async *[Symbol.asyncIterator](): AsyncGenerator<PositionedEvent> {
        if (this.#iterated) {
            throw new Error('a resumable event stream can be iterated only once');
        }
        this.#iterated = true;
        try {
            while (!this.#abort.signal.aborted) {
                const failure = yield* this.#readStream();
                if (this.#abort.signal.aborted) {
                    return;
                }
                if (!isTransient(failure)) {
                    throw failure;
                }
                await this.#waitToReconnect(failure);
            }
        } finally {
            this.close();
        }
    }

    /** Yields the wanted new events of one Fabric stream (opening it if needed), and returns why it ended. */
    async *#readStream(): AsyncGenerator<PositionedEvent, unknown> {
        try {
            for await (const event of this.#unseen(this.#stream ?? (await this.connect()))) {
                this.#attempt = 0;
                if (this.#options.eventNames?.has(event.eventName) ?? true) {
                    yield event;
                }
            }
            return new LedgerUnavailableError('the event stream ended', { step: 'events' });
        } catch (error) {
            return error;
        } finally {
            this.#stream?.close();
            this.#stream = undefined;
        }
    }

    async #waitToReconnect(failure: unknown): Promise<void> {
        this.#attempt++;
        this.#reconnects++;
        const { reconnectInitialMs, reconnectMaxMs, random } = this.#options;
        const delayMs = jitteredBackoff(this.#attempt, reconnectInitialMs, reconnectMaxMs, random);
        const startBlock = this.#position?.blockNumber ?? this.#options.fromBlock;
        this.#options.onReconnect?.({ error: failure, attempt: this.#attempt, delayMs, startBlock });
        await this.#pause(delayMs);
    }

    /** The events of one Fabric stream that come after the last one read, with their positions. */
    async *#unseen(stream: CloseableEventStream): AsyncGenerator<PositionedEvent> {
        let block: bigint | undefined;
        let index = -1;
        for await (const event of stream) {
            index = event.blockNumber === block ? index + 1 : 0;
            block = event.blockNumber;
            const position = { blockNumber: block, index };
            if (isAfter(position, this.#position)) {
                this.#position = position;
                yield { ...event, position };
            }
        }
    }

    async #pause(millis: number): Promise<void> {
        const signal = this.#abort.signal;
        if (!this.#options.sleep) {
            await delay(millis, undefined, { signal }).catch(() => undefined);
            return;
        }
        const closed = new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        await Promise.race([this.#options.sleep(millis), closed]);
    }
}
