import { type EcPublicKey } from '../x509/certificate.js';
import { type EcdsaSignature } from './ecdsa-signature.js';

/**
 * The cryptographic primitives the verifier needs: ECDSA P-256 with SHA-256, and optionally SHA-256 itself.
 * Implementations differ only in speed and where they run (WebCrypto, pure JS, or Node's OpenSSL binding in the
 * CLI); the caller has already parsed the signature and checked the curve.
 */
export interface SignatureVerifier {
    /** Name shown in benchmarks and reports, e.g. `webcrypto`. */
    readonly name: string;
    /**
     * Verifies `signature` over SHA-256(`message`) with `key`.
     *
     * @param der - the signature exactly as it was carried, for implementations that take DER.
     */
    verify(
        key: EcPublicKey,
        message: Uint8Array,
        signature: EcdsaSignature,
        der: Uint8Array,
    ): Promise<boolean> | boolean;
    /** SHA-256 of the concatenated parts, when the platform has a faster one than the built-in pure-JS hash. */
    readonly sha256?: (...parts: readonly Uint8Array[]) => Uint8Array;
}
