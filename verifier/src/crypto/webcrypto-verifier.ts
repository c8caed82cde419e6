import { type EcPublicKey } from '../x509/certificate.js';
import { toP1363, type EcdsaSignature } from './ecdsa-signature.js';
import { type SignatureVerifier } from './signature-verifier.js';
import { asWebCryptoBytes, type Subtle, type WebCryptoKey } from './webcrypto-types.js';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const PARAMETERS = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * Verifies with the platform's WebCrypto (`globalThis.crypto.subtle`), present in browsers and Node. Imported keys
 * are kept per public key, since the same few peers, orderers and users sign most transactions.
 */
export function newWebCryptoVerifier(subtle: Subtle = globalThis.crypto.subtle): SignatureVerifier {
    const keys = new Map<string, Promise<WebCryptoKey>>();
    const importKey = (key: EcPublicKey): Promise<WebCryptoKey> => {
        let imported = keys.get(key.id);
        if (imported === undefined) {
            imported = subtle.importKey('spki', asWebCryptoBytes(key.spki), ALGORITHM, false, ['verify']);
            keys.set(key.id, imported);
        }
        return imported;
    };
    return {
        name: 'webcrypto',
        async verify(key: EcPublicKey, message: Uint8Array, signature: EcdsaSignature): Promise<boolean> {
            const raw = toP1363(signature);
            if (raw === undefined) {
                return false;
            }
            return subtle.verify(PARAMETERS, await importKey(key), asWebCryptoBytes(raw), asWebCryptoBytes(message));
        },
    };
}
