/**
 * The anchored batch of the recorded fixtures, shared by the script that records them (verifier/scripts/
 * make-fixtures.ts) and the benchmark that rebuilds the batch's receipts (bench/src/verify-receipts.ts). Both run
 * under Node's type stripping, so this module imports nothing relative.
 */
import { createHash } from 'node:crypto';

/** How many fingerprints the fixture batch anchors. */
export const FIXTURE_BATCH_SIZE = 5;

/** Where the fixture document's fingerprint sits in the batch. */
export const FIXTURE_DOCUMENT_INDEX = 2;

/** The batch in tree order: the document's fingerprint at its index, SHA-256 of "batch member i" elsewhere. */
export function fixtureBatch(documentFingerprint: string): string[] {
    return Array.from({ length: FIXTURE_BATCH_SIZE }, (_, i) =>
        i === FIXTURE_DOCUMENT_INDEX
            ? documentFingerprint
            : `sha256:${createHash('sha256').update(`batch member ${i}`).digest('hex')}`,
    );
}
