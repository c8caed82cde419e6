import { CodedError } from '@lendledger/domain';

/** Base64 (RFC 4648 §4) without `Buffer`, `atob` or `btoa`, table-driven: receipts carry whole blocks in base64. */

/** Thrown when a base64 or hex string in a receipt or bundle is malformed. */
export class EncodingError extends CodedError {
    readonly encoding: 'base64' | 'hex';

    constructor(encoding: 'base64' | 'hex', message: string) {
        super('ENCODING_INVALID', message);
        this.encoding = encoding;
    }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
    VALUES[ALPHABET.charCodeAt(i)] = i;
}

/**
 * Decodes standard padded base64.
 *
 * @throws {@link EncodingError} for characters outside the alphabet, misplaced padding or a length that is not a
 *   multiple of four.
 */
export function fromBase64(text: string): Uint8Array {
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    if (text.length % 4 !== 0) {
        throw new EncodingError('base64', 'base64 length is not a multiple of four');
    }
    const out = new Uint8Array((text.length / 4) * 3 - padding);
    let o = 0;
    const last = text.length - (padding > 0 ? 4 : 0);
    for (let i = 0; i < last; i += 4) {
        const n =
            (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
        out[o++] = n >> 16;
        out[o++] = (n >> 8) & 0xff;
        out[o++] = n & 0xff;
    }
    if (padding > 0) {
        const n =
            (sextet(text, last) << 18) |
            (sextet(text, last + 1) << 12) |
            (padding === 1 ? sextet(text, last + 2) << 6 : 0);
        out[o++] = n >> 16;
        if (padding === 1) {
            out[o] = (n >> 8) & 0xff;
        }
    }
    return out;
}

function sextet(text: string, index: number): number {
    const value = VALUES[text.charCodeAt(index)] ?? -1;
    if (value < 0) {
        throw new EncodingError('base64', `invalid base64 character at ${index}`);
    }
    return value;
}

/** Encodes bytes as standard padded base64. */
export function toBase64(bytes: Uint8Array): string {
    let text = '';
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
        const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
        text += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    }
    if (i < bytes.length) {
        const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
        const third = i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
        text += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${third}=`;
    }
    return text;
}
