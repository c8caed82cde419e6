import {
    canonicalBytes,
    canonicalJson,
    COMMON_ERRORS,
    type CanonicalValue,
    type ErrorCodeSpec,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Iterators } from 'fabric-shim';
import { ChaincodeError } from './chaincode-error.js';
import { canBatch, getStates } from './peer-batching.js';

/**
 * Deterministic access to world state: every value is canonical JSON, every time is the transaction's. Paginated
 * and range queries go through `page-reader.ts`, which guards the peer against bookmarks outside the range.
 * Fabric does not let a transaction read its own writes, so callers that write and then read the same key
 * within one transaction must keep the value they wrote.
 */

/**
 * Committed values a transaction has read, by key. A transaction reads a snapshot of committed state, so a key
 * answers the same all through it; keeping the answer lets a batch read its keys up front, in one message.
 */
const readInTransaction = new WeakMap<object, Map<string, Uint8Array>>();

/** The committed value of a key (empty when absent), read once per transaction. */
async function committedValue(ctx: Context, key: string): Promise<Uint8Array> {
    const known = readInTransaction.get(ctx.stub)?.get(key);
    if (known !== undefined) {
        return known;
    }
    const value = await ctx.stub.getState(key);
    rememberRead(ctx, key, value);
    return value;
}

function rememberRead(ctx: Context, key: string, value: Uint8Array | undefined): void {
    const known = readInTransaction.get(ctx.stub) ?? new Map<string, Uint8Array>();
    readInTransaction.set(ctx.stub, known);
    known.set(key, value ?? new Uint8Array(0));
}

/**
 * Reads the committed values of keys the transaction is about to read, in as few messages to the peer as it
 * can (core/peer-batching.ts); {@link readJson} and {@link exists} then answer from memory. Read only keys the
 * transaction reads anyway: each one enters its read set. Where the peer cannot batch, it reads nothing: the
 * transaction reads each key when it needs it, as it would without this call.
 */
export async function readAhead(ctx: Context, keys: readonly string[]): Promise<void> {
    if (!canBatch(ctx.stub)) {
        return;
    }
    const known = readInTransaction.get(ctx.stub);
    const missing = [...new Set(keys)].filter((key) => known?.has(key) !== true);
    const values = await getStates(ctx.stub, missing);
    missing.forEach((key, index) => rememberRead(ctx, key, values[index]));
}

/** Reads and parses a JSON value, or returns `undefined` when the key is absent. */
export async function readJson<T>(ctx: Context, key: string): Promise<T | undefined> {
    const bytes = await committedValue(ctx, key);
    if (bytes === undefined || bytes.length === 0) {
        return undefined;
    }
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/**
 * Reads a value that must exist. Every area reads its records through this one helper, naming its own not-found
 * code (ANCHOR_NOT_FOUND, CONSENT_NOT_FOUND, ABS_DEAL_NOT_FOUND...) and the fields a caller needs to act.
 *
 * @throws {@link ChaincodeError} NOT_FOUND (or the given code): "<what> does not exist", with the given details.
 */
export async function readRequired<T>(
    ctx: Context,
    key: string,
    what: string,
    notFound: ErrorCodeSpec = COMMON_ERRORS.NOT_FOUND,
    details: Readonly<Record<string, CanonicalValue>> = {},
): Promise<T> {
    const value = await readJson<T>(ctx, key);
    if (value === undefined) {
        throw new ChaincodeError(notFound, `${what} does not exist`, details);
    }
    return value;
}

/** Writes a value as canonical JSON. */
export async function writeJson(ctx: Context, key: string, value: unknown): Promise<void> {
    await ctx.stub.putState(key, canonicalBytes(value));
}

/** True when the key holds a value. */
export async function exists(ctx: Context, key: string): Promise<boolean> {
    const bytes = await committedValue(ctx, key);
    return bytes !== undefined && bytes.length > 0;
}

/** The transaction's timestamp as an ISO-8601 UTC string; the same on every endorser. */
export function txTime(ctx: Context): string {
    return ctx.stub.getDateTimestamp().toISOString();
}

/** The transaction's timestamp in epoch milliseconds. */
export function txTimeMillis(ctx: Context): number {
    return ctx.stub.getDateTimestamp().getTime();
}

/**
 * Sets the transaction's chaincode event. Fabric keeps one event per transaction, so a transaction that writes
 * many records emits one event describing all of them.
 */
export function emitEvent(ctx: Context, name: string, payload: unknown): void {
    ctx.stub.setEvent(name, canonicalBytes(payload));
}

/** Canonical JSON result of a transaction function. */
export function result(value: unknown): string {
    return canonicalJson(value);
}

/**
 * Every value under a composite-key prefix, in key order. Only for sets bounded by design (one loan's chain, one
 * case's steps, a period's batches): the peer answers at most its `totalQueryLimit` results (100,000 by default)
 * and drops the rest without a word. A read-only function reads a larger set with `readEveryPage`.
 */
export async function allByPartialKey<T>(ctx: Context, objectType: string, attributes: string[]): Promise<T[]> {
    return jsonValues<T>(await ctx.stub.getStateByPartialCompositeKey(objectType, attributes));
}

/** The parsed JSON values of a state query's iterator, in its order; the iterator is closed whatever happens. */
export async function jsonValues<T>(iterator: Iterators.StateQueryIterator): Promise<T[]> {
    const items: T[] = [];
    try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            items.push(JSON.parse(Buffer.from(next.value.value).toString('utf8')) as T);
        }
    } finally {
        await iterator.close();
    }
    return items;
}

/** One entry of a key's history. */
export interface HistoryEntry<T> {
    readonly txId: string;
    readonly time: string;
    readonly isDelete: boolean;
    readonly value: T | null;
}

/** Every committed version of a key, newest first, as the peer returns them. */
export async function historyOf<T>(ctx: Context, key: string): Promise<HistoryEntry<T>[]> {
    const iterator = await ctx.stub.getHistoryForKey(key);
    const entries: HistoryEntry<T>[] = [];
    try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            const modification = next.value;
            const seconds = Number(modification.timestamp.seconds);
            const millis = seconds * 1000 + Math.floor(modification.timestamp.nanos / 1_000_000);
            entries.push({
                txId: modification.txId,
                time: new Date(millis).toISOString(),
                isDelete: modification.isDelete,
                value: modification.isDelete
                    ? null
                    : (JSON.parse(Buffer.from(modification.value).toString('utf8')) as T),
            });
        }
    } finally {
        await iterator.close();
    }
    return entries;
}
