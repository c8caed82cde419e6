import { createHash } from 'node:crypto';
import { type Contract } from '@hyperledger/fabric-gateway';
import { MAX_CONSENT_BATCH, MAX_EVIDENCE_BATCH } from '@lendledger/domain';
import { type PeerOrg } from '@lendledger/network/topology.ts';
import { UNSETTLED } from './discovery.ts';
import { connectAs } from './fabric-client.ts';
import { endorsersDisagree, TEST_PRODUCT } from './ledger-data.ts';

/**
 * The minimal evidence chain a loan needs before it may enter an ABS pool (chaincode/src/abs/pool/loan-evidence.ts),
 * on the real network, in the order the rules require:
 *
 * 1. the platform records each borrower's credit-inquiry consent granted to the bank (`Consent:RecordBatch`);
 * 2. the platform files CREDIT_AUTHORIZATION citing it (the loan's first record: it binds the loan's parties and,
 *    through the consent, its subject) and CONTRACT_SIGNING (`Evidence:RegisterBatch`);
 * 3. the bank logs its credit inquiry naming each loan (`Consent:UseBatch`), which DISBURSEMENT requires;
 * 4. the bank files CREDIT_DECISION and DISBURSEMENT (`Evidence:RegisterBatch`).
 *
 * Four transactions per `loansPerTx` loans, a few runs of them at once.
 *
 * This is the ONE place the suites and benchmarks build such chains: when a stage gains a prerequisite, extend it
 * and every ABS fixture follows. chaincode/src/abs/testing/loan-evidence-chains.ts is its counterpart in the stub
 * tests and writes the same records (plain Node cannot load the chaincode's sources, so the benchmarks could not
 * share them). The bank must admit the platform for the product first (test/support/global-setup.ts does for
 * BankMSP). Each loan's chain is registered once: its consent is one-time, spent by the inquiry.
 */

/** Who writes the chains: a connection of the loans' platform and one of their funding bank. */
export interface ChainWriters {
    readonly platform: Contract;
    readonly bank: Contract;
    /** The funding bank's MSP ID, bound as the loans' bank and the consents' grantee. */
    readonly bankMspId: string;
    readonly product?: string;
    /**
     * Organisations whose peers endorse every step; by default the gateway peer chooses. A suite that holds one
     * member's peer back names the others, so that no step waits on that peer.
     */
    readonly endorsingOrganizations?: readonly string[];
}

/** What a registration cost, for the suites' and benchmarks' reports. */
export interface ChainCost {
    readonly loans: number;
    readonly transactions: number;
    readonly millis: number;
    /** The highest block a chain transaction committed in: a pool write waits until the deal's peers have it. */
    readonly lastBlock: number;
}

/** Records per loan in each RegisterBatch (platform: authorization and contract; bank: decision and disbursement). */
const RECORDS_PER_LOAN = 2;
/** Loans per transaction at most: the evidence and the consent batches' limits. */
const MAX_LOANS_PER_BATCH = Math.min(Math.floor(MAX_EVIDENCE_BATCH / RECORDS_PER_LOAN), MAX_CONSENT_BATCH);
/** Loans per transaction: large enough for few transactions, small enough for the peers' default message sizes. */
const DEFAULT_LOANS_PER_TX = 250;
/**
 * Runs of four transactions in flight at once: a run waits on each commit, so two keep the peers busy. Measured on
 * the test instance for 1,100 loans: 250 loans a transaction, two runs at once, 30.3 s; 500 and three, 34.5 s (the
 * peers' CPU is the limit, not the round trips).
 */
const DEFAULT_RUNS_IN_FLIGHT = 2;
/**
 * Codes of a refusal that only says the endorsing peer has not yet committed the previous step's block (the client
 * waits for the commit on its own peer only): the same transaction, proposed again a moment later, is accepted.
 */
const NOT_YET_VISIBLE = ['LOAN_NOT_FOUND', 'CONSENT_NOT_FOUND', 'CONSENT_LOAN_UNBOUND', 'CREDIT_INQUIRY_REQUIRED'];

function digest(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

/** A `sha256:` fingerprint of one stage's document of one loan, derived from the loanRef. */
function documentOf(loanRef: string, stage: string): string {
    return `sha256:${digest(`${stage} document of ${loanRef}`)}`;
}

/** The loan's consent ID; letters only after the prefix (an identifier must not hold five digits in a row). */
export function chainConsentId(loanRef: string): string {
    const letters = [...digest(`consent of ${loanRef}`).slice(0, 32)].map((c) => 'abcdefghijklmnop'[parseInt(c, 16)]);
    return `chain-consent-${letters.join('')}`;
}

function consentOf(loanRef: string, bank: string, product: string): Record<string, unknown> {
    return {
        consentId: chainConsentId(loanRef),
        subject: `subj:${digest(`subject of ${loanRef}`)}`,
        grantee: bank,
        product,
        purpose: 'CREDIT_INQUIRY',
        purposeListVersion: 'v1',
        dataScope: ['CREDIT_REPORT'],
        useMode: 'ONE_TIME',
        validFrom: '2020-01-01T00:00:00.000Z',
        validUntil: '2099-01-01T00:00:00.000Z',
        documentFingerprint: documentOf(loanRef, 'CONSENT'),
        signingMethod: 'E_SIGNATURE',
        noticeVersion: 'notice-2026.1',
    };
}

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

function platformItems(loanRef: string, bank: string, product: string): Record<string, unknown>[] {
    return [
        {
            ...record(loanRef, 'CREDIT_AUTHORIZATION', null),
            evidenceType: 'CREDIT_AUTH_FORM',
            consentId: chainConsentId(loanRef),
            parties: { bank, product },
        },
        record(loanRef, 'CONTRACT_SIGNING', 'CREDIT_AUTHORIZATION'),
    ];
}

function inquiryOf(loanRef: string): Record<string, unknown> {
    return {
        consentId: chainConsentId(loanRef),
        purpose: 'CREDIT_INQUIRY',
        dataScope: ['CREDIT_REPORT'],
        loanRef,
        inquiryFingerprint: documentOf(loanRef, 'INQUIRY'),
    };
}

function bankItems(loanRef: string): Record<string, unknown>[] {
    return [record(loanRef, 'CREDIT_DECISION', 'CONTRACT_SIGNING'), record(loanRef, 'DISBURSEMENT', 'CREDIT_DECISION')];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Runs `work` on every item, at most `concurrency` at a time. */
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

/** True for a refusal every endorser gave because the previous step's block has not reached it yet. */
function notYetVisible(error: unknown): boolean {
    const details = (error as { details?: { message?: string }[] }).details ?? [];
    const text = [String((error as Error).message), ...details.map((detail) => String(detail.message))].join(' ');
    return NOT_YET_VISIBLE.some((code) => text.includes(`"code":"${code}"`));
}

/**
 * Submits with a fresh proposal while the endorsers disagree, have not yet seen the previous step or are not yet
 * known to the peer's discovery, a bounded number of times (about 10 s); any other refusal is thrown.
 */
async function submitStep(
    contract: Contract,
    fn: string,
    request: unknown,
    endorsingOrganizations?: readonly string[],
): Promise<number> {
    for (let attempt = 1; ; attempt++) {
        try {
            const submitted = await contract.submitAsync(fn, {
                arguments: [JSON.stringify(request)],
                endorsingOrganizations: endorsingOrganizations && [...endorsingOrganizations],
            });
            const status = await submitted.getStatus();
            if (!status.successful) {
                throw new Error(`${fn} ${status.transactionId} failed validation with code ${status.code}`);
            }
            return Number(status.blockNumber);
        } catch (error) {
            // The gateway picks two endorsers under the chaincode policy. Named endorsers a peer's discovery does not
            // know yet (just after the network started) are refused before anything is endorsed.
            const unsettled = UNSETTLED.test(String((error as Error).message));
            if (attempt >= 40 || !(endorsersDisagree(error, 2) || notYetVisible(error) || unsettled)) {
                throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
    }
}

/**
 * Registers the minimal pool-entry chain of each loan, `loansPerTx` loans per transaction, `runsInFlight` runs of
 * four transactions at a time.
 */
export async function registerLoanChains(
    writers: ChainWriters,
    loanRefs: readonly string[],
    options: Readonly<{ loansPerTx?: number; runsInFlight?: number }> = {},
): Promise<ChainCost> {
    const started = Date.now();
    const loans = [...new Set(loanRefs)];
    const perTx = Math.min(options.loansPerTx ?? DEFAULT_LOANS_PER_TX, MAX_LOANS_PER_BATCH);
    const product = writers.product ?? TEST_PRODUCT;
    const bank = writers.bankMspId;
    const runs = chunks(loans, perTx);
    let lastBlock = -1;
    const endorsers = writers.endorsingOrganizations;
    await inParallel(runs, options.runsInFlight ?? DEFAULT_RUNS_IN_FLIGHT, async (run) => {
        const consents = { items: run.map((loanRef) => consentOf(loanRef, bank, product)) };
        await submitStep(writers.platform, 'Consent:RecordBatch', consents, endorsers);
        const filed = { items: run.flatMap((loanRef) => platformItems(loanRef, bank, product)) };
        await submitStep(writers.platform, 'Evidence:RegisterBatch', filed, endorsers);
        await submitStep(writers.bank, 'Consent:UseBatch', { items: run.map(inquiryOf) }, endorsers);
        const funded = { items: run.flatMap(bankItems) };
        const block = await submitStep(writers.bank, 'Evidence:RegisterBatch', funded, endorsers);
        lastBlock = Math.max(lastBlock, block);
    });
    return { loans: loans.length, transactions: 4 * runs.length, millis: Date.now() - started, lastBlock };
}

/** Chain writers connected as the platform and the funding bank; `close` ends both connections. */
export function connectChainWriters(platform: PeerOrg, bank: PeerOrg): ChainWriters & { close(): void } {
    const platformConnection = connectAs(platform);
    const bankConnection = connectAs(bank);
    return {
        platform: platformConnection.contract,
        bank: bankConnection.contract,
        bankMspId: bank.mspId,
        close: () => {
            platformConnection.close();
            bankConnection.close();
        },
    };
}
