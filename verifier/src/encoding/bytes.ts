/**
 * Byte helpers that run unchanged in Node and in browsers: no `Buffer`, only `Uint8Array` and the text codecs. Hex
 * output and byte comparison are the domain's; hex input is the verifier's own, because it refuses what is not hex
 * where the domain's reads hex the lenient way Node's `Buffer` does.
 */

export { bytesEqual, toHex } from '@lendledger/domain';
export { EncodingError, fromBase64, toBase64 } from './base64.js';
import { EncodingError } from './base64.js';

/**
 * Bytes of a hex string (either case).
 *
 * @throws {@link EncodingError} for an odd length or a non-hex character.
 */
export function fromHex(hex: string): Uint8Array {
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
        throw new EncodingError('hex', 'not an even-length hexadecimal string');
    }
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) {
        bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    }
    return bytes;
}

const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
    return UTF8_ENCODER.encode(text);
}

/** A string from UTF-8 bytes; malformed sequences become U+FFFD rather than throwing. */
export function fromUtf8(bytes: Uint8Array): string {
    return UTF8_DECODER.decode(bytes);
}

/** Concatenation of byte strings. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
    let length = 0;
    for (const part of parts) {
        length += part.length;
    }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
    }
    return out;
}
