/** Minimal DER encoding: just what the block header (and tests that forge certificates) need. */

import { concatBytes } from '../encoding/bytes.js';

/** Encodes one TLV element. */
export function derElement(tag: number, content: Uint8Array): Uint8Array {
    const length = encodeLength(content.length);
    const out = new Uint8Array(1 + length.length + content.length);
    out[0] = tag;
    out.set(length, 1);
    out.set(content, 1 + length.length);
    return out;
}

function encodeLength(length: number): Uint8Array {
    if (length < 0x80) {
        return Uint8Array.of(length);
    }
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
        bytes.unshift(rest % 256);
    }
    return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** INTEGER of a non-negative value, minimal two's complement (0 is `02 01 00`, like Go's encoding/asn1). */
export function derUnsignedInteger(value: bigint): Uint8Array {
    const bytes: number[] = [];
    let rest = value;
    do {
        bytes.unshift(Number(rest & 0xffn));
        rest >>= 8n;
    } while (rest > 0n);
    if (bytes[0]! & 0x80) {
        bytes.unshift(0);
    }
    return derElement(0x02, Uint8Array.from(bytes));
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(...elements: readonly Uint8Array[]): Uint8Array {
    return derElement(0x30, concatBytes(...elements));
}
