import { createHash, createHmac, randomBytes } from 'node:crypto';
import { decodeCodedError, type CodedErrorBody, type LoanParties } from '@lendledger/domain';
import { type Contract } from '@hyperledger/fabric-gateway';

/**
 * Test data the way the organisations make it off-chain: documents are salted before hashing, and loans and
 * subjects are named by keyed pseudonyms (HMAC with a key that never reaches the ledger).
 */

const PSEUDONYM_KEY = randomBytes(32);

/** The product the integration suites' loans are made under; the global set-up has the bank admit it. */
export const TEST_PRODUCT = 'CONSUMER_LOAN';

/**
 * The parties a suite's loan names on its first record: the writing platform (PlatformMSP, the default when a
 * platform writes) acquires it, the bank funds it under TEST_PRODUCT.
 */
export const TEST_PARTIES: Omit<LoanParties, 'platform'> = Object.freeze({ bank: 'BankMSP', product: TEST_PRODUCT });

/** A salted SHA-256 fingerprint of a document (the salt stays with the document's owner). */
export function saltedFingerprint(document: string): string {
    const salt = randomBytes(16);
    return `sha256:${createHash('sha256').update(salt).update(document).digest('hex')}`;
}

/**
 * The request of `Consent:Record` for a platform-collected credit-inquiry authorization granted to the bank, valid
 * from a minute ago for a day; `overrides` changes any member (the use mode and its number of uses, say).
 */
export function creditInquiryConsent(
    consentId: string,
    overrides: Record<string, unknown> = {},
): Record<string, unknown> {
    const now = Date.now();
    return {
        consentId,
        subject: `subj:${createHmac('sha256', PSEUDONYM_KEY).update(consentId).digest('hex')}`,
        grantee: 'BankMSP',
        product: 'CONSUMER_LOAN',
        purpose: 'CREDIT_INQUIRY',
        purposeListVersion: 'v1',
        dataScope: ['CREDIT_REPORT'],
        useMode: 'ONE_TIME',
        validFrom: new Date(now - 60_000).toISOString(),
        validUntil: new Date(now + 86_400_000).toISOString(),
        documentFingerprint: saltedFingerprint(`signed authorization ${consentId}`),
        signingMethod: 'E_SIGNATURE',
        noticeVersion: 'notice-2026.1',
        ...overrides,
    };
}

/**
 * The body of a credit inquiry on a loan (`Consent:Use` without its consentId, which the HTTP route takes from the
 * path): the bank's use of a credit-inquiry consent, naming the loan it serves and the data it reads. A disbursement
 * of the loan requires one, logged after the platform's credit-authorization record citing the consent.
 */
export function creditInquiryUse(loanRef: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        purpose: 'CREDIT_INQUIRY',
        dataScope: ['CREDIT_REPORT'],
        loanRef,
        inquiryFingerprint: saltedFingerprint(`bureau query for ${loanRef}`),
        ...overrides,
    };
}

/** The first record of a new loan: the platform's identity-verification report (no stage prerequisite). */
export function identityVerification(loanRef: string): Record<string, unknown> {
    return {
        fingerprint: saltedFingerprint(`${loanRef} id check`),
        salted: true,
        evidenceType: 'ID_CHECK_REPORT',
        stage: 'IDENTITY_VERIFICATION',
        loanRef,
        // The first record of a loan binds its parties; the writing platform is the loan's platform.
        parties: TEST_PARTIES,
    };
}

/** A keyed pseudonym of an internal loan number. */
export function loanRefOf(internalLoanNumber: string): string {
    return `loan:${createHmac('sha256', PSEUDONYM_KEY).update(internalLoanNumber).digest('hex')}`;
}

/** Endorsers the chaincode policy needs: two organisations. */
const POLICY_ENDORSERS = 2;

/**
 * Submits a one-JSON-argument transaction and parses its JSON result, with a fresh proposal while the endorsers
 * disagree (one of them not yet at the block of the previous write).
 */
export async function submitJson<T = unknown>(contract: Contract, fn: string, request: unknown): Promise<T> {
    const bytes = await submitFresh(() => contract.submitTransaction(fn, JSON.stringify(request)), POLICY_ENDORSERS);
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/** Evaluates a one-JSON-argument transaction and parses its JSON result. */
export async function evaluateJson<T = unknown>(contract: Contract, fn: string, request: unknown): Promise<T> {
    const bytes = await contract.evaluateTransaction(fn, JSON.stringify(request));
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/**
 * Runs a call that must fail and returns the chaincode's coded error, found in the error message or in the
 * endorsement details the Fabric Gateway attaches.
 */
export async function chaincodeErrorOf(call: Promise<unknown>): Promise<CodedErrorBody> {
    const error = await call.then(
        () => undefined,
        (e: unknown) => e as Error & { details?: { message: string }[] },
    );
    if (!error) {
        throw new Error('expected the call to fail, but it succeeded');
    }
    const texts = [...(error.details ?? []).map((d) => d.message), error.message];
    for (const text of texts) {
        const body = decodeCodedError(text);
        if (body) {
            return body;
        }
    }
    throw new Error(`the call failed without a coded chaincode error: ${texts.join(' | ')}`);
}

/** Runs a call, rethrowing a Fabric failure with the endorsers' messages in the error text, for readable reports. */
export async function withDetails<T>(call: Promise<T>): Promise<T> {
    try {
        return await call;
    } catch (error) {
        const details = (error as { details?: { mspId?: string; message: string }[] }).details ?? [];
        if (details.length === 0) {
            throw error;
        }
        const messages = details.map((d) => `${d.mspId ?? '?'}: ${d.message}`).join('; ');
        throw Object.assign(new Error(`${(error as Error).message} [${messages}]`, { cause: error }), { details });
    }
}

/**
 * True for an endorsement failure in which the endorsers disagree: some refused and some did not, or they refused
 * differently. That happens when one peer has not yet committed the block the previous transaction went into, and a
 * fresh proposal a moment later succeeds. When every endorser refuses the same way, the refusal is real.
 */
export function endorsersDisagree(error: unknown, endorsers: number): boolean {
    const details = (error as { details?: { message?: string }[] }).details;
    if ((error as { code?: number }).code !== 10 || !Array.isArray(details) || details.length === 0) {
        return false;
    }
    const messages = new Set(details.map((detail) => detail.message));
    return details.length < endorsers || messages.size > 1;
}

/** Submits with a fresh proposal (new transaction ID) while endorsers disagree, a bounded number of times. */
export async function submitFresh<T>(submit: () => Promise<T>, endorsers: number, attempts = 10): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await submit();
        } catch (error) {
            if (attempt >= attempts || !endorsersDisagree(error, endorsers)) {
                throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
    }
}

/**
 * Evaluates on the connection's own peer until the answer satisfies `ready`. A client waits for its transaction's
 * commit on its own organisation's peer only; another organisation's peer may commit that block a moment later.
 */
export async function evaluateWhen<T>(
    contract: Contract,
    fn: string,
    request: unknown,
    ready: (value: T) => boolean,
    timeoutMillis = 15_000,
): Promise<T> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
        let value: T | undefined;
        let failure: unknown;
        try {
            value = await evaluateJson<T>(contract, fn, request);
        } catch (error) {
            failure = error;
        }
        if (value !== undefined && ready(value)) {
            return value;
        }
        if (Date.now() > deadline) {
            throw failure instanceof Error ? failure : new Error(`${fn} never satisfied the condition`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}
