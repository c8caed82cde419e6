import { sha256 } from '../crypto/sha256.js';
import { toHex } from '../encoding/bytes.js';
import { fail, pass, skip, type CheckResult } from './check-result.js';

/** The document a person presents, and the salt its owner kept when it was fingerprinted. */
export interface PresentedDocument {
    readonly document: Uint8Array;
    /** Prepended to the document before hashing (LendLedger fingerprints are salted). */
    readonly salt?: Uint8Array;
}

/** `document-hash`: SHA-256(salt ‖ document) is the fingerprint. */
export function checkDocumentHash(fingerprint: string, presented: PresentedDocument | undefined): CheckResult {
    if (presented === undefined) {
        return skip('document-hash', 'no document was presented');
    }
    const [algorithm] = fingerprint.split(':');
    if (algorithm !== 'sha256') {
        return fail('document-hash', `cannot compute ${algorithm} digests; only sha256 fingerprints are supported`);
    }
    const salt = presented.salt ?? new Uint8Array();
    const computed = `sha256:${toHex(sha256(salt, presented.document))}`;
    const how =
        salt.length > 0 ? `SHA-256 of the ${salt.length}-byte salt and the document` : 'SHA-256 of the document';
    return computed === fingerprint
        ? pass('document-hash', `${how} is ${computed}`)
        : fail('document-hash', `${how} is ${computed}, not the receipt's ${fingerprint}`);
}
