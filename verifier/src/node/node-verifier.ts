import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { type EcPublicKey } from '../x509/certificate.js';

/**
 * Node-only: synchronous verification through Node's OpenSSL binding, the fastest of the three verifiers (no
 * thread-pool round trip per signature as with WebCrypto). The CLI and the benchmark use it.
 */
export function newNodeVerifier(): SignatureVerifier {
    const keys = new Map<string, KeyObject>();
    const keyOf = (key: EcPublicKey): KeyObject => {
        let object = keys.get(key.id);
        if (object === undefined) {
            object = createPublicKey({ key: Buffer.from(key.spki), format: 'der', type: 'spki' });
            keys.set(key.id, object);
        }
        return object;
    };
    return {
        name: 'node',
        sha256(...parts: readonly Uint8Array[]): Uint8Array {
            const hash = createHash('sha256');
            for (const part of parts) {
                hash.update(part);
            }
            return hash.digest();
        },
        verify(key: EcPublicKey, message: Uint8Array, _signature: unknown, der: Uint8Array): boolean {
            try {
                // A KeyObject passed as is skips the key preparation an options object costs on every call.
                return verify('sha256', message, keyOf(key), der);
            } catch {
                return false;
            }
        },
    };
}
