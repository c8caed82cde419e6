import { newNobleVerifier } from './noble-verifier.js';
import { type SignatureVerifier } from './signature-verifier.js';
import { newWebCryptoVerifier } from './webcrypto-verifier.js';

let shared: SignatureVerifier | undefined;

/** WebCrypto when the platform has it, otherwise the pure-JS verifier; one shared instance so key imports are reused. */
export function defaultSignatureVerifier(): SignatureVerifier {
    shared ??= globalThis.crypto?.subtle === undefined ? newNobleVerifier() : newWebCryptoVerifier();
    return shared;
}
