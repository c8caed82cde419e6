import { createHash } from 'node:crypto';
import { type Contract } from '@hyperledger/fabric-gateway';
import { MAX_EVIDENCE_BATCH } from '@lendledger/domain';
import { submitFresh, TEST_PRODUCT } from './ledger-data.ts';

/**
 * The minimal evidence chain a loan needs before it may enter an ABS pool (chaincode/src/abs/pool/loan-evidence.ts),
 * on the real network: CONTRACT_SIGNING by the platform, whose record binds the loan's parties, then CREDIT_DECISION
 * and DISBURSEMENT by the funding bank, in Evidence:RegisterBatch transactions of many loans. This is the ONE place
 * the suites and benchmarks build such chains: when a stage gains a prerequisite (the consent work will make
 * DISBURSEMENT need a logged credit inquiry, `Consent:Use` with the loan's loanRef), extend this function and every
 * ABS fixture follows. chaincode/src/abs/testing/loan-evidence-chains.ts is its counterpart in the stub tests.
 * The bank must admit the platform for the product first (test/support/global-setup.ts does for BankMSP).
 */

/** Who writes the chains: a connection of the loans' platform and one of their funding bank. */
export interface ChainWriters {
    readonly platform: Contract;
    readonly bank: Contract;
    /** The funding bank's MSP ID, bound as the loans' bank. */
    readonly bankMspId: string;
    readonly product?: string;
}

/** Loans per RegisterBatch transaction of the bank, which writes two records per loan. */
const LOANS_PER_BANK_BATCH = Math.floor(MAX_EVIDENCE_BATCH / 2);
/** Loans per transaction: large enough for few transactions, small enough for the peers' default message sizes. */
const DEFAULT_LOANS_PER_TX = 250;

function documentOf(loanRef: string, stage: string): string {
    return `sha256:${createHash('sha256').update(`${stage} document of ${loanRef}`).digest('hex')}`;
}

/** A record of the chain; each names the one before it (the chain writer checks `previous` against the head). */
function record(loanRef: string, stage: string, after: string | null): Record<string, unknown> {
    return {
        fingerprint: documentOf(loanRef, stage),
        salted: true,
        evidenceType: 'DOC',
        stage,
        loanRef,
        previous: after === null ? null : documentOf(loanRef, after),
    };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

async function registerBatch(contract: Contract, items: readonly Record<string, unknown>[]): Promise<void> {
    // The gateway picks two endorsers under the chaincode policy; repeated while they disagree (a block behind).
    await submitFresh(() => contract.submitTransaction('Evidence:RegisterBatch', JSON.stringify({ items })), 2);
}

/**
 * Registers the minimal pool-entry chain of each loan, `loansPerTx` loans per transaction, `concurrency`
 * transactions at a time. Fingerprints are derived from the loanRef, so registering a loan again writes nothing.
 */
export async function registerLoanChains(
    writers: ChainWriters,
    loanRefs: readonly string[],
    options: Readonly<{ loansPerTx?: number; concurrency?: number }> = {},
): Promise<void> {
    const perTx = Math.min(options.loansPerTx ?? DEFAULT_LOANS_PER_TX, LOANS_PER_BANK_BATCH);
    const parties = { bank: writers.bankMspId, product: writers.product ?? TEST_PRODUCT };
    const batches = chunks([...new Set(loanRefs)], perTx);
    await inParallel(batches, options.concurrency ?? 4, async (batch) => {
        await registerBatch(
            writers.platform,
            batch.map((loanRef) => ({ ...record(loanRef, 'CONTRACT_SIGNING', null), parties })),
        );
        await registerBatch(
            writers.bank,
            batch.flatMap((loanRef) => [
                record(loanRef, 'CREDIT_DECISION', 'CONTRACT_SIGNING'),
                record(loanRef, 'DISBURSEMENT', 'CREDIT_DECISION'),
            ]),
        );
    });
}

async function inParallel<T>(
    items: readonly T[],
    concurrency: number,
    work: (item: T) => Promise<void>,
): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const item = items[next++]!;
            await work(item);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
