import {
    CHECK_TITLES,
    trustStoreFor,
    verifyReceipt,
    type CheckResult,
    type VerificationResult,
} from '@lendledger/verifier/verify';
import { factsOf, type ReceiptFacts } from './findings.ts';
import { withLookedUpFingerprint, type PageResult } from './looked-up.ts';
import { type RootsInUse } from './roots-in-use.ts';

/** The document the visitor presented: hashed in the browser, and given whole to the verifier when small enough. */
export interface PresentedDocument {
    readonly name: string;
    /** `sha256:<hex>` of salt ‖ file, hashed by streaming (hash-file.ts). */
    readonly fingerprint: string;
    /** The file's bytes and the salt, when the file is small enough to hold (see {@link WHOLE_DOCUMENT_LIMIT}). */
    readonly bytes?: Uint8Array;
    readonly salt?: Uint8Array;
}

/** Largest document handed whole to the verifier's `document-hash`; a larger one is compared by its streamed hash. */
export const WHOLE_DOCUMENT_LIMIT = 32 * 1024 * 1024;

/** A receipt verified in the browser: its exact text, the verifier's result and the facts the page states. */
export interface ReceiptVerification {
    readonly receiptText: string;
    /** The verifier's result with the page's own check of the looked-up fingerprint, when one was looked up. */
    readonly result: PageResult;
    readonly facts: ReceiptFacts;
    readonly roots: RootsInUse;
    readonly document: PresentedDocument | undefined;
    /** The fingerprint the visitor looked up, typed or computed from the file; undefined for a dropped receipt. */
    readonly lookedUpFingerprint: string | undefined;
}

/**
 * Verifies a receipt against the roots with the verifier library, entirely in this browser. With a document, the
 * verifier's `document-hash` checks it (given whole), or, for a file too large to hold, the same rule is applied
 * to the hash streamed from the file: SHA-256(salt ‖ file) must be the receipt's fingerprint. With `lookedUp` (the
 * fingerprint typed, or the document's), the receipt must be of exactly that fingerprint (see looked-up.ts).
 */
export async function verifyReceiptIn(
    receiptText: string,
    receipt: unknown,
    roots: RootsInUse,
    document?: PresentedDocument,
    lookedUp?: string,
): Promise<ReceiptVerification> {
    const verified = await verifyReceipt(receipt, {
        roots: trustStoreFor(roots.bundle),
        ...(document?.bytes ? { document: document.bytes, salt: document.salt ?? new Uint8Array() } : {}),
    });
    const checked = document && !document.bytes ? withStreamedDocument(verified, document) : verified;
    const lookedUpFingerprint = lookedUp ?? document?.fingerprint;
    const result = withLookedUpFingerprint(checked, lookedUpFingerprint);
    return { receiptText, result, facts: factsOf(receipt, result), roots, document, lookedUpFingerprint };
}

function withStreamedDocument(result: VerificationResult, document: PresentedDocument): VerificationResult {
    const same = result.fingerprint === document.fingerprint;
    const documentHash: CheckResult = {
        name: 'document-hash',
        status: same ? 'pass' : 'fail',
        title: CHECK_TITLES['document-hash'],
        reason: same
            ? `${document.name} hashes (salt first, streamed) to ${document.fingerprint}`
            : `${document.name} hashes (salt first, streamed) to ${document.fingerprint}, not ${String(result.fingerprint)}`,
    };
    const checks = result.checks.map((check) => (check.name === 'document-hash' ? documentHash : check));
    return { ...result, checks, ok: checks.every((check) => check.status !== 'fail') };
}
