import { createHash } from 'node:crypto';
import { MAX_CONSENT_BATCH, MAX_EVIDENCE_BATCH } from '@lendledger/domain';

/**
 * The requests of the minimal evidence chain a loan needs before it may enter an ABS pool
 * (chaincode/src/abs/pool/loan-evidence.ts), in the order they must commit:
 *
 * 1. `Consent:RecordBatch` by the platform: each borrower's credit-inquiry consent granted to the bank;
 * 2. `Evidence:RegisterBatch` by the platform: CREDIT_AUTHORIZATION citing the consent (the loan's first record,
 *    binding its parties and, through the consent, its subject), then CONTRACT_SIGNING;
 * 3. `Consent:UseBatch` by the bank: its credit inquiry naming each loan (DISBURSEMENT requires it);
 * 4. `Evidence:RegisterBatch` by the bank: CREDIT_DECISION, then DISBURSEMENT.
 *
 * Every value is derived from the loanRef, so the stub helper (loan-evidence-chains.ts) and the real-network helper
 * (test/support/loan-chains.ts) write the same chain, and recording a loan's consent again is a no-op.
 */

/** Records the platform writes per loan in step 2, and the bank in step 4. */
export const RECORDS_PER_LOAN = 2;

/**
 * Loans per transaction at most: a RegisterBatch writes {@link RECORDS_PER_LOAN} records per loan, a consent batch
 * one item per loan.
 */
export const MAX_LOANS_PER_BATCH = Math.min(Math.floor(MAX_EVIDENCE_BATCH / RECORDS_PER_LOAN), MAX_CONSENT_BATCH);

/** Who the chain binds as the loan's bank and product. */
export interface ChainBinding {
    readonly bank: string;
    readonly product: string;
}

function digest(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

/** A `sha256:` fingerprint of one stage's document of one loan: stable, so a repeated registration is a no-op. */
export function chainDocumentOf(loanRef: string, stage: string): string {
    return `sha256:${digest(`${stage} document of ${loanRef}`)}`;
}

/**
 * The consent ID of the loan's credit-inquiry consent. Letters only after the prefix: a consent ID must not hold
 * five digits in a row (the identifier rule keeps phone and ID numbers out), which a hex digest often would.
 */
export function chainConsentId(loanRef: string): string {
    const letters = [...digest(`consent of ${loanRef}`).slice(0, 32)].map((c) => 'abcdefghijklmnop'[parseInt(c, 16)]);
    return `chain-consent-${letters.join('')}`;
}

/** The borrower's pseudonym the consent names (a keyed pseudonym in production; derived here). */
export function chainSubjectOf(loanRef: string): string {
    return `subj:${digest(`subject of ${loanRef}`)}`;
}

/** Step 1: an item of the `Consent:RecordBatch` request, valid for decades so any test clock falls inside it. */
export function chainConsent(loanRef: string, binding: ChainBinding): Record<string, unknown> {
    return {
        consentId: chainConsentId(loanRef),
        subject: chainSubjectOf(loanRef),
        grantee: binding.bank,
        product: binding.product,
        purpose: 'CREDIT_INQUIRY',
        purposeListVersion: 'v1',
        dataScope: ['CREDIT_REPORT'],
        useMode: 'ONE_TIME',
        validFrom: '2020-01-01T00:00:00.000Z',
        validUntil: '2099-01-01T00:00:00.000Z',
        documentFingerprint: chainDocumentOf(loanRef, 'CONSENT'),
        signingMethod: 'E_SIGNATURE',
        noticeVersion: 'notice-2026.1',
    };
}

function record(loanRef: string, stage: string, after: string | null): Record<string, unknown> {
    return {
        fingerprint: chainDocumentOf(loanRef, stage),
        salted: true,
        evidenceType: 'DOC',
        stage,
        loanRef,
        previous: after === null ? null : chainDocumentOf(loanRef, after),
    };
}

/** Step 2: the platform's items: the credit authorization (first record, binding the parties), then the contract. */
export function platformItems(loanRef: string, binding: ChainBinding): Record<string, unknown>[] {
    return [
        {
            ...record(loanRef, 'CREDIT_AUTHORIZATION', null),
            evidenceType: 'CREDIT_AUTH_FORM',
            consentId: chainConsentId(loanRef),
            parties: { bank: binding.bank, product: binding.product },
        },
        record(loanRef, 'CONTRACT_SIGNING', 'CREDIT_AUTHORIZATION'),
    ];
}

/** Step 3: an item of the bank's `Consent:UseBatch` request, its credit inquiry on the loan. */
export function chainInquiry(loanRef: string): Record<string, unknown> {
    return {
        consentId: chainConsentId(loanRef),
        purpose: 'CREDIT_INQUIRY',
        dataScope: ['CREDIT_REPORT'],
        loanRef,
        inquiryFingerprint: chainDocumentOf(loanRef, 'INQUIRY'),
    };
}

/** Step 4: the bank's items: the credit decision, then the disbursement. */
export function bankItems(loanRef: string): Record<string, unknown>[] {
    return [record(loanRef, 'CREDIT_DECISION', 'CONTRACT_SIGNING'), record(loanRef, 'DISBURSEMENT', 'CREDIT_DECISION')];
}

/** One transaction of the chain: which contract and function, written by the loans' platform or their bank. */
export interface ChainCall {
    readonly contract: 'Consent' | 'Evidence';
    readonly fn: string;
    readonly writer: 'platform' | 'bank';
    readonly request: Record<string, unknown>;
}

/**
 * Every transaction that registers the minimal pool-entry chain of the loans, in commit order: four per
 * {@link MAX_LOANS_PER_BATCH} loans (consents, platform evidence, inquiries, bank evidence).
 */
export function chainCalls(loanRefs: readonly string[], binding: ChainBinding): ChainCall[] {
    const batches = chunks([...new Set(loanRefs)], MAX_LOANS_PER_BATCH);
    const step =
        (contract: ChainCall['contract'], fn: string, writer: ChainCall['writer']) =>
        (items: Record<string, unknown>[]): ChainCall => ({ contract, fn, writer, request: { items } });
    return [
        ...batches.map((batch) =>
            step('Consent', 'RecordBatch', 'platform')(batch.map((loanRef) => chainConsent(loanRef, binding))),
        ),
        ...batches.map((batch) =>
            step('Evidence', 'RegisterBatch', 'platform')(batch.flatMap((loanRef) => platformItems(loanRef, binding))),
        ),
        ...batches.map((batch) => step('Consent', 'UseBatch', 'bank')(batch.map(chainInquiry))),
        ...batches.map((batch) => step('Evidence', 'RegisterBatch', 'bank')(batch.flatMap(bankItems))),
    ];
}

/** The items split into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
    return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
