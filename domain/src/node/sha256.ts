import { createHash } from 'node:crypto';
import { rfc9162Hasher, type TreeHasher } from '../merkle/tree-hasher.js';

/** SHA-256 of the concatenation of the given byte strings, through Node's OpenSSL. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
    const hash = createHash('sha256');
    for (const part of parts) {
        hash.update(part);
    }
    return new Uint8Array(hash.digest());
}

/** The RFC 9162 tree hasher over Node's SHA-256: the one the chaincode's and the gateway's trees use. */
export const SHA256_TREE_HASHER: TreeHasher = rfc9162Hasher(sha256);
