import { ABS_ERRORS, canonicalBytes, COMMON_ERRORS, isLedgerSafeCode, toHex } from '@lendledger/domain';
import { sha256 } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { asFields, type Fields } from '../core/request-fields.js';

/**
 * Loan-level amounts live in the private data collection {@link LOAN_AMOUNTS_COLLECTION}, shared by the issuer
 * (BankMSP) and investors (InvestorMSP). Fabric puts only the hash of each private value on the channel; each
 * value carries a client-chosen salt so that hash cannot be reversed by guessing amounts. The public record next
 * to it stores the same `sha256:` digest, written under the chaincode's 2-of-5 endorsement policy, so a private
 * value that does not match its public digest is refused.
 */

/** Name of the private data collection (chaincode/collections.json). */
export const LOAN_AMOUNTS_COLLECTION = 'absLoanAmounts';

/** The transient-map key under which a transaction receives its loan-level amounts. */
export const TRANSIENT_LOANS_KEY = 'loans';

/** `sha256:` digest of a value's canonical JSON: what Fabric hashes for the channel, plus the prefix. */
export function digestOf(value: unknown): string {
    return `sha256:${toHex(sha256(canonicalBytes(value)))}`;
}

/** Writes a private value and returns its digest for the public record. */
export async function writePrivateJson(ctx: Context, key: string, value: unknown): Promise<string> {
    const bytes = canonicalBytes(value);
    await ctx.stub.putPrivateData(LOAN_AMOUNTS_COLLECTION, key, bytes);
    return `sha256:${toHex(sha256(bytes))}`;
}

/**
 * Reads a private value and checks it against the digest its public record holds.
 *
 * @throws {@link ChaincodeError} ABS_PRIVATE_DATA_UNAVAILABLE when this peer does not hold the value (it is not a
 * collection member, or dissemination has not reached it), ABS_PRIVATE_DATA_MISMATCH when it differs from the digest.
 */
export async function readPrivateJson<T>(ctx: Context, key: string, digest: string, what: string): Promise<T> {
    let bytes: Uint8Array;
    try {
        bytes = await ctx.stub.getPrivateData(LOAN_AMOUNTS_COLLECTION, key);
    } catch (error) {
        throw unavailable(what, (error as Error).message);
    }
    if (bytes === undefined || bytes.length === 0) {
        throw unavailable(what, 'no value');
    }
    if (`sha256:${toHex(sha256(bytes))}` !== digest) {
        throw new ChaincodeError(ABS_ERRORS.ABS_PRIVATE_DATA_MISMATCH, `private amounts of ${what} do not match`, {
            collection: LOAN_AMOUNTS_COLLECTION,
            expected: digest,
        });
    }
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

function unavailable(what: string, cause: string): ChaincodeError {
    return new ChaincodeError(
        ABS_ERRORS.ABS_PRIVATE_DATA_UNAVAILABLE,
        `this peer does not hold the private amounts of ${what}; endorse on a BankMSP or InvestorMSP peer`,
        { cause, collection: LOAN_AMOUNTS_COLLECTION },
    );
}

/**
 * The per-loan amount objects of the transient field {@link TRANSIENT_LOANS_KEY}, keyed by loan ID, in exactly the
 * loans the request names. Amounts never travel in the request argument: the proposal and its payload are
 * written to the block, the transient map is not.
 *
 * @throws {@link ChaincodeError} ABS_AMOUNTS_MISSING when the field is absent or not a JSON array,
 * ABS_AMOUNTS_MISMATCH when an entry is missing, repeated or names a loan the request does not.
 */
export function transientLoanAmounts(ctx: Context, loanIds: readonly string[]): Map<string, Fields> {
    const entries = transientArray(ctx);
    const wanted = new Set(loanIds);
    const byLoan = new Map<string, Fields>();
    entries.forEach((entry, index) => {
        const fields = asFields(entry, `transient.loans[${index}]`);
        const loanId = fields.loanId;
        if (typeof loanId !== 'string' || !wanted.has(loanId) || byLoan.has(loanId)) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_AMOUNTS_MISMATCH,
                `transient.loans[${index}] names no loan of the request, or one named before`,
                { index, loanId: typeof loanId === 'string' ? loanId : null },
            );
        }
        byLoan.set(loanId, fields);
    });
    const missing = loanIds.find((loanId) => !byLoan.has(loanId));
    if (missing !== undefined) {
        throw new ChaincodeError(ABS_ERRORS.ABS_AMOUNTS_MISMATCH, `transient.loans has no amounts for ${missing}`, {
            loanId: missing,
        });
    }
    return byLoan;
}

function transientArray(ctx: Context): readonly unknown[] {
    const transient = ctx.stub.getTransient();
    // The map is closed like a request: it carries the amounts and nothing else that could end up in private data.
    const unknown = [...transient.keys()].find((key) => key !== TRANSIENT_LOANS_KEY);
    if (unknown !== undefined) {
        const named = isLedgerSafeCode(unknown) ? `transient.${unknown}` : 'transient';
        throw new ChaincodeError(
            COMMON_ERRORS.INVALID_ARGUMENT,
            named === 'transient'
                ? 'transient holds a key (not shown) that is not a field of this request'
                : `${named} is not a field of this request`,
            { field: named },
        );
    }
    const bytes = transient.get(TRANSIENT_LOANS_KEY);
    if (bytes === undefined || bytes.length === 0) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_AMOUNTS_MISSING,
            `pass the loan amounts in the transient map under '${TRANSIENT_LOANS_KEY}'`,
            { transientKey: TRANSIENT_LOANS_KEY },
        );
    }
    let value: unknown;
    try {
        value = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (error) {
        throw new ChaincodeError(
            COMMON_ERRORS.INVALID_JSON,
            `transient.loans is not valid JSON: ${(error as Error).message}`,
            {
                field: 'transient.loans',
            },
        );
    }
    if (!Array.isArray(value)) {
        throw new ChaincodeError(ABS_ERRORS.ABS_AMOUNTS_MISSING, 'transient.loans must be a JSON array', {
            transientKey: TRANSIENT_LOANS_KEY,
        });
    }
    return value;
}

/**
 * A salt for a batch's private totals, derived from the salts of its loans: every endorser derives the same one
 * and nobody outside the collection can, so the totals' channel hash cannot be brute-forced either.
 */
export function batchSalt(salts: readonly string[]): string {
    return toHex(sha256(new TextEncoder().encode(salts.join('\n'))));
}
