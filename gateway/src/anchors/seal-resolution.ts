import { type LedgerClient } from '../fabric/ledger-client.js';
import { type SealResolution, type UnresolvedSeal } from './sealed-batches.js';

/**
 * Learns at start-up what became of a seal an earlier run handed to the orderer without learning its outcome: the
 * commit status of its transaction, asked as the subject that signed it. Valid means committed (the leaves are
 * kept for good), any other validation code means it never will; no answer within `timeoutMs` (the peer is down,
 * or the transaction was never ordered and may still be resubmitted) leaves it unresolved and charged.
 */
export function sealResolver(
    ledger: Pick<LedgerClient, 'commitStatus'>,
    timeoutMs: number,
): (seal: UnresolvedSeal) => Promise<SealResolution> {
    return async (seal) => {
        try {
            const outcome = await ledger.commitStatus(seal.subject, seal.txId, timeoutMs);
            return outcome.successful ? { blockNumber: Number(outcome.blockNumber) } : 'not-committed';
        } catch {
            return 'unknown';
        }
    };
}
