import { peer } from '@hyperledger/fabric-protos';
import { type ChaincodeStub } from 'fabric-shim';

/**
 * Fabric 3.1's batched chaincode-to-peer messages (RFC 0011, "Peer to Chaincode Communication Optimization"):
 * WRITE_BATCH_STATE carries a transaction's writes in one message, GET_STATE_MULTIPLE reads many keys in one. Every
 * plain `putState` and `getState` is otherwise one request and one answer over the chaincode stream, with protobuf
 * work on both sides, and for a batch of a hundred records that round trip, not the chaincode's own logic, is
 * most of the chaincode's and much of the peer's CPU. The peer records the same reads and writes either way (its
 * handler calls the same simulator methods), so the transaction's read-write set, and what every peer validates
 * and commits, does not change.
 *
 * fabric-shim 2.5 (hyperledger/fabric-chaincode-node#453) does not speak these messages yet, so this module sends
 * them through the shim's own message queue, which also pairs each answer with its request. A stub without that
 * queue (the unit tests' memory ledger) gets the plain calls, one per key. `LENDLEDGER_PEER_BATCHING=off` turns
 * batching off for a peer older than Fabric 3.1, which would end the chaincode stream on a message it does not know.
 */

/** ChaincodeMessage.Type values of fabric-protos `peer/chaincode_shim.proto` (Fabric 3.1). */
const WRITE_BATCH_STATE = 24;
const GET_STATE_MULTIPLE = 25;
/** WriteRecord.Type values. */
const PUT_STATE = 9;
const DEL_STATE = 10;
/**
 * The peer's default `chaincode.runtimeParams.maxSizeWriteBatch` and `maxSizeGetMultipleKeys`, which the local
 * network keeps (network/src/node-specs.ts sets neither). The peer announces its values when the chaincode registers
 * and this module does not read them: a peer configured below 1000 would refuse a larger message.
 */
const MAX_KEYS_PER_MESSAGE = 1000;

/** The part of fabric-shim's ChaincodeMessageHandler this module uses: it queues a message and awaits its answer. */
interface ShimMessageQueue {
    _askPeerAndListen(message: peer.ChaincodeMessage, method: string): Promise<unknown>;
}

/** The fields of fabric-shim's ChaincodeStub that address the transaction. */
interface ShimStub {
    readonly handler?: unknown;
    readonly channel_id?: unknown;
    readonly txId?: unknown;
}

/** The shim's message queue and the transaction's address, or undefined where batching cannot or must not be used. */
function shimOf(stub: ChaincodeStub): { queue: ShimMessageQueue; channelId: string; txId: string } | undefined {
    if (process.env.LENDLEDGER_PEER_BATCHING === 'off') {
        return undefined;
    }
    const { handler, channel_id: channelId, txId } = stub as unknown as ShimStub;
    const queue = handler as Partial<ShimMessageQueue> | undefined;
    if (typeof queue?._askPeerAndListen !== 'function' || typeof channelId !== 'string' || typeof txId !== 'string') {
        return undefined;
    }
    return { queue: queue as ShimMessageQueue, channelId, txId };
}

/** True when this transaction's reads and writes can go to the peer in batches. */
export function canBatch(stub: ChaincodeStub): boolean {
    return shimOf(stub) !== undefined;
}

/** One buffered write: a value, or null for a delete. */
type PendingWrite = Uint8Array | null;

const pendingWrites = new WeakMap<object, Map<string, PendingWrite>>();

/**
 * From now on, the transaction's `putState` and `deleteState` are kept in memory and sent by
 * {@link flushWrites} in one message. Fabric never lets a transaction read its own writes, so holding them back
 * changes no read; a later write of a key replaces an earlier one, as the peer's simulator does. A stub that cannot
 * batch is left as it is.
 */
export function batchWrites(stub: ChaincodeStub): void {
    if (shimOf(stub) === undefined || pendingWrites.has(stub)) {
        return;
    }
    const pending = new Map<string, PendingWrite>();
    pendingWrites.set(stub, pending);
    const writable = stub as unknown as {
        putState: (key: string, value: Uint8Array | string) => Promise<void>;
        deleteState: (key: string) => Promise<void>;
    };
    writable.putState = async (key, value) => {
        pending.set(key, typeof value === 'string' ? Buffer.from(value) : value);
    };
    writable.deleteState = async (key) => {
        pending.set(key, null);
    };
}

/**
 * Sends the writes {@link batchWrites} held back, in messages of at most a thousand. A refusal by the peer (an
 * invalid key) rejects, so the transaction fails as it would have at the write itself.
 */
export async function flushWrites(stub: ChaincodeStub): Promise<void> {
    const pending = pendingWrites.get(stub);
    const shim = shimOf(stub);
    if (pending === undefined || pending.size === 0 || shim === undefined) {
        return;
    }
    const entries = [...pending];
    pending.clear();
    for (let start = 0; start < entries.length; start += MAX_KEYS_PER_MESSAGE) {
        const payload = encodeWriteBatch(entries.slice(start, start + MAX_KEYS_PER_MESSAGE));
        await shim.queue._askPeerAndListen(message(WRITE_BATCH_STATE, payload, shim), 'WriteBatchState');
    }
}

/**
 * The committed values of `keys`, in order (an empty array for an absent key), read in messages of at most a
 * thousand keys; each key enters the transaction's read set as a `getState` of it would.
 */
export async function getStates(stub: ChaincodeStub, keys: readonly string[]): Promise<Uint8Array[]> {
    const shim = shimOf(stub);
    if (shim === undefined || keys.length < 2) {
        const values: Uint8Array[] = [];
        for (const key of keys) {
            values.push(await stub.getState(key));
        }
        return values;
    }
    const values: Uint8Array[] = [];
    for (let start = 0; start < keys.length; start += MAX_KEYS_PER_MESSAGE) {
        const chunk = keys.slice(start, start + MAX_KEYS_PER_MESSAGE);
        const answer = await shim.queue._askPeerAndListen(
            message(GET_STATE_MULTIPLE, encodeGetStateMultiple(chunk), shim),
            'GetStateMultiple',
        );
        const chunkValues = decodeGetStateMultipleResult(answer as Uint8Array);
        if (chunkValues.length !== chunk.length) {
            throw new Error(`the peer answered ${chunkValues.length} values for ${chunk.length} keys`);
        }
        values.push(...chunkValues);
    }
    return values;
}

function message(type: number, payload: Uint8Array, shim: { channelId: string; txId: string }): peer.ChaincodeMessage {
    const chaincodeMessage = new peer.ChaincodeMessage();
    chaincodeMessage.setType(type as peer.ChaincodeMessage.TypeMap[keyof peer.ChaincodeMessage.TypeMap]);
    chaincodeMessage.setPayload(payload);
    chaincodeMessage.setTxid(shim.txId);
    chaincodeMessage.setChannelId(shim.channelId);
    return chaincodeMessage;
}

// The few protobuf encodings these messages need. fabric-protos 0.2 for Node predates them, and each is a list of
// length-delimited fields and one enum.

/** `WriteBatchState { repeated WriteRecord rec = 1; }`, `WriteRecord { key = 1; value = 2; type = 5; }`. */
export function encodeWriteBatch(entries: readonly (readonly [string, PendingWrite])[]): Uint8Array {
    // Sized first and written into one buffer: a batch can hold ten thousand records.
    const records = entries.map(([key, value]) => {
        const keyBytes = Buffer.from(key, 'utf8');
        const valueBytes = value !== null && value.length > 0 ? value : undefined;
        const size = fieldSize(keyBytes.length) + (valueBytes === undefined ? 0 : fieldSize(valueBytes.length)) + 2;
        return { keyBytes, valueBytes, size, type: value === null ? DEL_STATE : PUT_STATE };
    });
    const out = Buffer.alloc(records.reduce((total, record) => total + fieldSize(record.size), 0));
    let offset = 0;
    for (const { keyBytes, valueBytes, size, type } of records) {
        offset = writeLengthDelimitedHeader(out, offset, 1, size);
        offset = writeLengthDelimitedHeader(out, offset, 1, keyBytes.length);
        offset += keyBytes.copy(out, offset);
        if (valueBytes !== undefined) {
            offset = writeLengthDelimitedHeader(out, offset, 2, valueBytes.length);
            out.set(valueBytes, offset);
            offset += valueBytes.length;
        }
        out[offset++] = 5 << 3;
        out[offset++] = type;
    }
    return out;
}

/** `GetStateMultiple { repeated string keys = 1; }` (the public state: no collection). */
export function encodeGetStateMultiple(keys: readonly string[]): Uint8Array {
    const encoded = keys.map((key) => Buffer.from(key, 'utf8'));
    const out = Buffer.alloc(encoded.reduce((total, key) => total + fieldSize(key.length), 0));
    let offset = 0;
    for (const key of encoded) {
        offset = writeLengthDelimitedHeader(out, offset, 1, key.length);
        offset += key.copy(out, offset);
    }
    return out;
}

/** `GetStateMultipleResult { repeated bytes values = 1; }`. */
export function decodeGetStateMultipleResult(bytes: Uint8Array): Uint8Array[] {
    const values: Uint8Array[] = [];
    let offset = 0;
    while (offset < bytes.length) {
        const [tag, afterTag] = readVarint(bytes, offset);
        if (tag !== (1 << 3) + 2) {
            throw new Error(`unexpected field tag ${tag} in GetStateMultipleResult`);
        }
        const [length, afterLength] = readVarint(bytes, afterTag);
        if (afterLength + length > bytes.length) {
            throw new Error('truncated GetStateMultipleResult');
        }
        values.push(bytes.subarray(afterLength, afterLength + length));
        offset = afterLength + length;
    }
    return values;
}

/** Bytes of a length-delimited field (tag of one byte, fields 1 to 15) holding `length` bytes. */
function fieldSize(length: number): number {
    return 1 + varintSize(length) + length;
}

function varintSize(value: number): number {
    let size = 1;
    for (let rest = value; rest > 0x7f; rest = Math.floor(rest / 128)) {
        size++;
    }
    return size;
}

function writeLengthDelimitedHeader(out: Buffer, start: number, field: number, length: number): number {
    let offset = start;
    out[offset++] = (field << 3) + 2;
    let rest = length;
    while (rest > 0x7f) {
        out[offset++] = (rest & 0x7f) | 0x80;
        rest = Math.floor(rest / 128);
    }
    out[offset++] = rest;
    return offset;
}

function readVarint(bytes: Uint8Array, start: number): [number, number] {
    let value = 0;
    let scale = 1;
    for (let offset = start; offset < bytes.length && offset < start + 8; offset++) {
        const byte = bytes[offset]!;
        value += (byte & 0x7f) * scale;
        if (byte < 0x80) {
            return [value, offset + 1];
        }
        scale *= 128;
    }
    throw new Error('malformed varint in a peer answer');
}
