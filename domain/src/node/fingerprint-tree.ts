import { toHex } from '../bytes.js';
import { fingerprintLeaf, type Fingerprint } from '../evidence/fingerprint.js';
import { leafHash, rootOfLeafHashes } from './merkle.js';

/** RFC 9162 leaf hash (SHA-256) of a fingerprint's leaf. */
export function fingerprintLeafHash(fingerprint: Fingerprint): Uint8Array {
    return leafHash(fingerprintLeaf(fingerprint));
}

/** RFC 9162 Merkle root, as lower-case hex, over fingerprints in the given order (a case package's root). */
export function fingerprintTreeRoot(fingerprints: readonly Fingerprint[]): string {
    return toHex(rootOfLeafHashes(fingerprints.map(fingerprintLeafHash)));
}
