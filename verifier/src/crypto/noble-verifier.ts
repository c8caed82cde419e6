import { p256 } from '@noble/curves/nist.js';
import { type EcPublicKey } from '../x509/certificate.js';
import { toP1363, type EcdsaSignature } from './ecdsa-signature.js';
import { type SignatureVerifier } from './signature-verifier.js';

/**
 * Pure-JavaScript verification with @noble/curves: synchronous and dependency-free at run time, for engines
 * without WebCrypto (or with WebCrypto restricted to secure contexts). About twenty times slower than WebCrypto.
 */
export function newNobleVerifier(): SignatureVerifier {
    return {
        name: 'noble',
        verify(key: EcPublicKey, message: Uint8Array, signature: EcdsaSignature): boolean {
            const raw = toP1363(signature);
            if (raw === undefined) {
                return false;
            }
            try {
                // Low S is a Fabric rule checked by the caller where it applies; X.509 signatures may be high-S.
                return p256.verify(raw, message, key.point, { lowS: false, prehash: true, format: 'compact' });
            } catch {
                return false;
            }
        },
    };
}
