import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** SHA-256 of the concatenation of the given byte strings (pure JS, synchronous, same result everywhere). */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
    if (parts.length === 1) {
        return nobleSha256(parts[0]!);
    }
    const hash = nobleSha256.create();
    for (const part of parts) {
        hash.update(part);
    }
    return hash.digest();
}
