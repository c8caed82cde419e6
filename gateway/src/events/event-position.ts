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

/** The text form of a position, `<blockNumber>.<index>`, as the SSE `id` field carries it. */
export const EVENT_ID_PATTERN = /^(\d{1,20})\.(\d{1,9})$/;

/** `<blockNumber>.<index>`, e.g. `1042.0`. */
export function formatEventId(position: EventPosition): string {
    return `${position.blockNumber}.${position.index}`;
}

/** Reads `<blockNumber>.<index>`; undefined for anything else. */
export function parseEventId(text: string): EventPosition | undefined {
    const match = EVENT_ID_PATTERN.exec(text);
    if (!match) {
        return undefined;
    }
    return { blockNumber: BigInt(match[1]!), index: Number(match[2]) };
}

/** True when `position` comes after `other` on the ledger (anything comes after no position). */
export function isAfter(position: EventPosition, other: EventPosition | undefined): boolean {
    if (other === undefined || position.blockNumber !== other.blockNumber) {
        return other === undefined || position.blockNumber > other.blockNumber;
    }
    return position.index > other.index;
}
