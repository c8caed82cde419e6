import { createHash, createHmac, randomBytes } from 'node:crypto';
import { decodeCodedError, type CodedErrorBody } from '@lendledger/domain';
import { type Contract } from '@hyperledger/fabric-gateway';

/**
 * Test data the way the organisations make it off-chain: documents are salted before hashing, and loans and
 * subjects are named by keyed pseudonyms (HMAC with a key that never reaches the ledger).
 */

const PSEUDONYM_KEY = randomBytes(32);

/** A salted SHA-256 fingerprint of a document (the salt stays with the document's owner). */
export function saltedFingerprint(document: string): string {
    const salt = randomBytes(16);
    return `sha256:${createHash('sha256').update(salt).update(document).digest('hex')}`;
}

/** A keyed pseudonym of an internal loan number. */
export function loanRefOf(internalLoanNumber: string): string {
    return `loan:${createHmac('sha256', PSEUDONYM_KEY).update(internalLoanNumber).digest('hex')}`;
}

/** Submits a one-JSON-argument transaction and parses its JSON result. */
export async function submitJson<T = unknown>(contract: Contract, fn: string, request: unknown): Promise<T> {
    const bytes = await contract.submitTransaction(fn, JSON.stringify(request));
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
    const texts = [error.message, ...(error.details ?? []).map((d) => d.message)];
    for (const text of texts) {
        const body = decodeCodedError(text);
        if (body) {
            return body;
        }
    }
    throw new Error(`the call failed without a coded chaincode error: ${texts.join(' | ')}`);
}
