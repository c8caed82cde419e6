import { type CommitOutcome, type LedgerClient } from '../fabric/ledger-client.js';
import { type BlockTimestamps } from './block-timestamps.js';

/**
 * Wraps a ledger client so that every block a transaction of this gateway committed VALID in is time-stamped right
 * after the commit (in the background, one request per block). Every transaction this gateway submits is one of
 * LendLedger's chaincode (anchors, seals, evidence and the rest), so every such block holds LendLedger evidence.
 */
export function stampingCommits(ledger: LedgerClient, timestamps: Pick<BlockTimestamps, 'afterCommit'>): LedgerClient {
    return {
        ...bind(ledger),
        commitStatus: async (identity, transactionId, timeoutMs): Promise<CommitOutcome> => {
            const outcome = await ledger.commitStatus(identity, transactionId, timeoutMs);
            if (outcome.successful) {
                timestamps.afterCommit(outcome.blockNumber, () => ledger.blockByTransactionId(identity, transactionId));
            }
            return outcome;
        },
    };
}

function bind(ledger: LedgerClient): LedgerClient {
    return {
        evaluate: (call) => ledger.evaluate(call),
        endorse: (call, timeoutMs) => ledger.endorse(call, timeoutMs),
        restoreTransaction: (identity, envelope) => ledger.restoreTransaction(identity, envelope),
        commitStatus: (identity, transactionId, timeoutMs) => ledger.commitStatus(identity, transactionId, timeoutMs),
        blockByTransactionId: (identity, transactionId) => ledger.blockByTransactionId(identity, transactionId),
        chaincodeEvents: (request) => ledger.chaincodeEvents(request),
        ping: (organizations) => ledger.ping(organizations),
        chainHeight: () => ledger.chainHeight(),
        close: () => ledger.close(),
    };
}
