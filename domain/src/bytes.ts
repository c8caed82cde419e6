/**
 * Byte helpers without Node's `Buffer`, so that code shared with browsers (the verifier) can use them.
 */

const HEX_DIGITS = '0123456789abcdef';

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
    let hex = '';
    for (const byte of bytes) {
        hex += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 0x0f]!;
    }
    return hex;
}

/**
 * Bytes of a hex string, read as Node's `Buffer.from(hex, 'hex')` reads it: pairs of hex digits in either case up to
 * the first pair that is not one, and an odd last digit ignored. It does not validate; validate input before calling.
 */
export function fromHex(hex: string): Uint8Array {
    const bytes = new Uint8Array(hex.length >>> 1);
    for (let i = 0; i < bytes.length; i++) {
        const high = hexValue(hex.charCodeAt(2 * i));
        const low = hexValue(hex.charCodeAt(2 * i + 1));
        if (high < 0 || low < 0) {
            return bytes.slice(0, i);
        }
        bytes[i] = high * 16 + low;
    }
    return bytes;
}

function hexValue(code: number): number {
    if (code >= 0x30 && code <= 0x39) {
        return code - 0x30;
    }
    const lower = code | 0x20;
    return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** True when both byte strings are equal; it never stops early, so timing tells nothing of where they differ. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
    if (a.length !== b.length) {
        return false;
    }
    let diff = 0;
    for (let i = 0; i < a.length; i++) {
        diff |= a[i]! ^ b[i]!;
    }
    return diff === 0;
}
