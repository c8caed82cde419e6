import { fromUtf8 } from '../encoding/bytes.js';
import { FabricDecodeError } from './decode-error.js';

/**
 * A protobuf wire-format reader (https://protobuf.dev/programming-guides/encoding/) for the dozen Fabric messages a
 * receipt holds. Bytes fields are views into the input, nothing is copied, and field numbers come from the
 * fabric-protos definitions (the tests decode the same receipts with @hyperledger/fabric-protos and compare).
 *
 * A singular field that appears twice is refused: Go's protobuf would merge or overwrite it, no Fabric component
 * writes such bytes, and refusing keeps this reader from ever reading signed bytes differently from a peer.
 */
export class WireMessage {
    readonly type: string;
    readonly #fields = new Map<number, (Uint8Array | bigint)[]>();

    private constructor(type: string) {
        this.type = type;
    }

    /**
     * Reads a message's fields.
     *
     * @throws {@link FabricDecodeError} for truncated input, groups or unknown wire types.
     */
    static decode(type: string, bytes: Uint8Array): WireMessage {
        const message = new WireMessage(type);
        const cursor = { offset: 0 };
        while (cursor.offset < bytes.length) {
            const key = readLength(bytes, cursor, type);
            const field = Math.floor(key / 8);
            const value = readValue(bytes, cursor, key % 8, type);
            const values = message.#fields.get(field);
            if (values === undefined) {
                message.#fields.set(field, [value]);
            } else {
                values.push(value);
            }
        }
        return message;
    }

    /** A singular bytes (or embedded message) field; empty when absent, as protobuf defaults it. */
    bytes(field: number): Uint8Array {
        return this.optionalBytes(field) ?? new Uint8Array();
    }

    /** A singular bytes field, or undefined when absent. */
    optionalBytes(field: number): Uint8Array | undefined {
        const value = this.#single(field);
        if (value !== undefined && !(value instanceof Uint8Array)) {
            throw new FabricDecodeError(this.type, `field ${field} is not length-delimited`);
        }
        return value;
    }

    /** A repeated bytes (or embedded message) field. */
    repeatedBytes(field: number): Uint8Array[] {
        const values = this.#fields.get(field) ?? [];
        if (!values.every((value) => value instanceof Uint8Array)) {
            throw new FabricDecodeError(this.type, `field ${field} is not length-delimited`);
        }
        return values as Uint8Array[];
    }

    /** A singular string field (UTF-8); empty when absent. */
    string(field: number): string {
        return fromUtf8(this.bytes(field));
    }

    /** A singular embedded message, or undefined when absent. */
    message(field: number, type: string): WireMessage | undefined {
        const bytes = this.optionalBytes(field);
        return bytes === undefined ? undefined : WireMessage.decode(type, bytes);
    }

    /** A singular varint field as a 64-bit two's complement integer; 0 when absent. */
    integer(field: number): bigint {
        const value = this.#single(field) ?? 0n;
        if (typeof value !== 'bigint') {
            throw new FabricDecodeError(this.type, `field ${field} is not a varint`);
        }
        return BigInt.asIntN(64, value);
    }

    /** A singular varint field that must fit a JavaScript number exactly (block numbers, enum values). */
    safeInteger(field: number): number {
        const value = this.integer(field);
        if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
            throw new FabricDecodeError(this.type, `field ${field} is out of range`);
        }
        return Number(value);
    }

    #single(field: number): Uint8Array | bigint | undefined {
        const values = this.#fields.get(field);
        if (values !== undefined && values.length > 1) {
            throw new FabricDecodeError(this.type, `singular field ${field} appears ${values.length} times`);
        }
        return values?.[0];
    }
}

function readValue(bytes: Uint8Array, cursor: { offset: number }, wireType: number, type: string): Uint8Array | bigint {
    switch (wireType) {
        case 0:
            return readVarint(bytes, cursor, type);
        case 1:
            return take(bytes, cursor, 8, type);
        case 2:
            return take(bytes, cursor, readLength(bytes, cursor, type), type);
        case 5:
            return take(bytes, cursor, 4, type);
        default:
            throw new FabricDecodeError(type, `unsupported wire type ${wireType} at byte ${cursor.offset}`);
    }
}

function take(bytes: Uint8Array, cursor: { offset: number }, length: number, type: string): Uint8Array {
    const end = cursor.offset + length;
    if (end > bytes.length) {
        throw new FabricDecodeError(type, `field overruns the message at byte ${cursor.offset}`);
    }
    const value = bytes.subarray(cursor.offset, end);
    cursor.offset = end;
    return value;
}

// Tags and lengths: number arithmetic, which is exact far beyond any length a receipt can have.
function readLength(bytes: Uint8Array, cursor: { offset: number }, type: string): number {
    let value = 0;
    for (let factor = 1; factor < 2 ** 49; factor *= 128) {
        const byte = bytes[cursor.offset++];
        if (byte === undefined) {
            throw new FabricDecodeError(type, 'truncated varint');
        }
        value += (byte & 0x7f) * factor;
        if ((byte & 0x80) === 0) {
            return value;
        }
    }
    throw new FabricDecodeError(type, 'tag or length out of range');
}

function readVarint(bytes: Uint8Array, cursor: { offset: number }, type: string): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
        const byte = bytes[cursor.offset++];
        if (byte === undefined) {
            throw new FabricDecodeError(type, 'truncated varint');
        }
        value |= BigInt(byte & 0x7f) << shift;
        if ((byte & 0x80) === 0) {
            return BigInt.asUintN(64, value);
        }
    }
    throw new FabricDecodeError(type, 'varint longer than ten bytes');
}
