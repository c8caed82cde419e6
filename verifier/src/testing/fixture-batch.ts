/**
 * The batches of the recorded fixtures, shared by the script that records them (verifier/scripts/make-fixtures.ts),
 * the tests and the benchmark that rebuilds the batch's receipts (bench/src/verify-receipts.ts). The script and the
 * benchmark run under Node's type stripping, so this module imports nothing relative.
 */
import { createHash } from 'node:crypto';

/** How many fingerprints the fixture anchor (`Anchor:Create`, leaves on the ledger) holds. */
export const FIXTURE_BATCH_SIZE = 5;

/** Where the fixture document's fingerprint sits in the anchor. */
export const FIXTURE_DOCUMENT_INDEX = 2;

/** How many fingerprints the fixture sealed batch (`Anchor:Seal`, root and size on the ledger) holds. */
export const FIXTURE_SEALED_SIZE = 7;

/** Where the fixture document's fingerprint sits in the sealed batch: the last leaf, alone on its level. */
export const FIXTURE_SEALED_INDEX = 6;

/**
 * A batch in tree order: the document's fingerprint at `index`, SHA-256 of "`label` member i" elsewhere. The
 * labels keep the anchor's and the sealed batch's roots apart.
 */
function batchOf(documentFingerprint: string, size: number, index: number, label: string): string[] {
    return Array.from({ length: size }, (_, i) =>
        i === index
            ? documentFingerprint
            : `sha256:${createHash('sha256').update(`${label} member ${i}`).digest('hex')}`,
    );
}

/** The anchored batch in tree order. */
export function fixtureBatch(documentFingerprint: string): string[] {
    return batchOf(documentFingerprint, FIXTURE_BATCH_SIZE, FIXTURE_DOCUMENT_INDEX, 'batch');
}

/** The sealed batch in tree order. */
export function fixtureSealedBatch(documentFingerprint: string): string[] {
    return batchOf(documentFingerprint, FIXTURE_SEALED_SIZE, FIXTURE_SEALED_INDEX, 'sealed');
}
