import { toHex } from '../encoding/bytes.js';
import { sha256 as pureSha256 } from './sha256.js';
import { type SignatureVerifier } from './signature-verifier.js';

/** Most signature verdicts remembered. */
const REMEMBERED = 100_000;

/**
 * Wraps a verifier so that a signature already found valid over the same message with the same key is not
 * verified again. Receipts of fingerprints anchored in one batch share their transaction and block, so a court
 * checking thousands of them would otherwise repeat the same four ECDSA verifications for each. The memo key is
 * the key, the signature and SHA-256 of the message: a changed byte anywhere is a different key, verified afresh.
 * Only valid verdicts are kept; the memo forgets everything when full.
 */
export function rememberingVerifier(inner: SignatureVerifier): SignatureVerifier {
    const valid = new Set<string>();
    const digest = inner.sha256 ?? pureSha256;
    return {
        name: `${inner.name}+memo`,
        ...(inner.sha256 ? { sha256: inner.sha256 } : {}),
        async verify(key, message, signature, der) {
            const memo = `${key.id}|${toHex(der)}|${toHex(digest(message))}`;
            if (valid.has(memo)) {
                return true;
            }
            const verdict = await inner.verify(key, message, signature, der);
            if (verdict) {
                if (valid.size >= REMEMBERED) {
                    valid.clear();
                }
                valid.add(memo);
            }
            return verdict;
        },
    };
}
