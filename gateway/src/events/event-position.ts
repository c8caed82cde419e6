/**
 * Where a chaincode event sits on the ledger: its block, and its index among the configured chaincode's events in
 * that block. Fabric replays a block's events in the same order every time a stream starts at that block, so the
 * pair names one event for good and a stream can resume right after it.
 */
export interface EventPosition {
    readonly blockNumber: bigint;
    /** 0 for the block's first chaincode event. */
    readonly index: number;
}

/**
 * The largest block number a stream may start at. Fabric's block numbers are uint64, but the peer and the
 * protobuf encoders handle them as signed 64-bit in places; a larger number is refused as a client error rather
 * than failing inside the Fabric client.
 */
export const MAX_BLOCK_NUMBER = 2n ** 63n - 1n;

/** A block number as text: decimal digits only, at most 19 (the value is checked against MAX_BLOCK_NUMBER). */
export const BLOCK_NUMBER_PATTERN = /^\d{1,19}$/;

/** The text form of a position, `<blockNumber>.<index>`, as the SSE `id` field carries it. */
export const EVENT_ID_PATTERN = /^(\d{1,19})\.(\d{1,9})$/;

/** `<blockNumber>.<index>`, e.g. `1042.0`. */
export function formatEventId(position: EventPosition): string {
    return `${position.blockNumber}.${position.index}`;
}

/** Reads a block number of at most MAX_BLOCK_NUMBER; undefined for anything else. */
export function parseBlockNumber(text: string): bigint | undefined {
    if (!BLOCK_NUMBER_PATTERN.test(text)) {
        return undefined;
    }
    const blockNumber = BigInt(text);
    return blockNumber <= MAX_BLOCK_NUMBER ? blockNumber : undefined;
}

/** Reads `<blockNumber>.<index>` with a block number of at most MAX_BLOCK_NUMBER; undefined for anything else. */
export function parseEventId(text: string): EventPosition | undefined {
    const match = EVENT_ID_PATTERN.exec(text);
    const blockNumber = match ? parseBlockNumber(match[1]!) : undefined;
    return blockNumber === undefined ? undefined : { blockNumber, index: Number(match![2]) };
}

/** True when `position` comes after `other` on the ledger (anything comes after no position). */
export function isAfter(position: EventPosition, other: EventPosition | undefined): boolean {
    if (other === undefined || position.blockNumber !== other.blockNumber) {
        return other === undefined || position.blockNumber > other.blockNumber;
    }
    return position.index > other.index;
}
