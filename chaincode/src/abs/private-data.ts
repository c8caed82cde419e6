import {
    ABS_ERRORS,
    canonicalBytes,
    COMMON_ERRORS,
    type DealRecord,
    dealParties,
    isLedgerSafeCode,
    toHex,
} from '@lendledger/domain';
import { sha256 } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { asFields, type Fields } from '../core/request-fields.js';

/**
 * Loan-level amounts of a deal live in the implicit organisation collections (`_implicit_org_<MSP ID>`) of the
 * deal's parties only: its issuing bank and each holder it names. Fabric fixes explicit collections in the chaincode
 * definition, so a per-deal audience is built from collections every organisation already has:
 * - every private write puts the same bytes in each party's collection. Fabric validates a write to an
 *   organisation's implicit collection against that organisation's endorsement policy, so each party's peer must
 *   endorse it, and that is how its copy arrives: from its own endorsement, never by gossip to anyone else. A
 *   member that is not a party never endorses, never receives the transient amounts and holds no copy;
 * - a read takes the value from the endorsing peer's own collection and only the hash from the others'. Fabric
 *   records both as the same hashed read (collection, key, version), so every party's endorsement of one transaction
 *   has the same read-write set, and each party computes metrics from its own copy;
 * - the public record next to each value stores its `sha256:` digest, written under the chaincode's endorsement
 *   policy, so a copy that does not match its public digest is refused. Each value carries a client-chosen salt so
 *   that hash cannot be reversed by guessing amounts.
 * The old shared collection `absLoanAmounts` (chaincode/collections.json) is no longer written: Fabric forbids
 * removing a collection from a chaincode definition, so it stays defined.
 */

/** The deal's parties, as far as private data needs them. */
export type PrivateAudience = Pick<DealRecord, 'issuerMspId' | 'investors'>;

/** The implicit collection of an organisation. */
export function implicitCollectionOf(mspId: string): string {
    return `_implicit_org_${mspId}`;
}

/** The collections a deal's private amounts live in: the issuer's and each holder's. */
export function dealCollections(deal: PrivateAudience): string[] {
    return dealParties(deal).map(implicitCollectionOf);
}

/** The transient-map key under which a transaction receives its loan-level amounts. */
export const TRANSIENT_LOANS_KEY = 'loans';

/** `sha256:` digest of a value's canonical JSON: what Fabric hashes for the channel, plus the prefix. */
export function digestOf(value: unknown): string {
    return `sha256:${toHex(sha256(canonicalBytes(value)))}`;
}

/** Writes a private value to every party's collection and returns its digest for the public record. */
export async function writePrivateJson(
    ctx: Context,
    deal: PrivateAudience,
    key: string,
    value: unknown,
): Promise<string> {
    const bytes = canonicalBytes(value);
    for (const collection of dealCollections(deal)) {
        await ctx.stub.putPrivateData(collection, key, bytes);
    }
    return `sha256:${toHex(sha256(bytes))}`;
}

/**
 * Reads a private value from the endorsing peer's own copy and checks it against the digest its public record holds.
 *
 * @throws {@link ChaincodeError} ABS_PRIVATE_DATA_UNAVAILABLE when this peer's organisation is not a party of the
 * deal or does not hold the value, ABS_PRIVATE_DATA_MISMATCH when it differs from the digest.
 */
export async function readPrivateJson<T>(
    ctx: Context,
    deal: PrivateAudience,
    key: string,
    digest: string,
    what: string,
): Promise<T> {
    const own = ownCollection(ctx, what);
    const collections = dealCollections(deal);
    if (!collections.includes(own)) {
        throw unavailable(what, 'this peer belongs to no party of the deal', own);
    }
    let bytes: Uint8Array;
    try {
        for (const collection of collections) {
            // The same hashed read on every party's peer: only the peer's own copy is read in full.
            if (collection !== own) {
                await ctx.stub.getPrivateDataHash(collection, key);
            }
        }
        bytes = await ctx.stub.getPrivateData(own, key);
    } catch (error) {
        throw unavailable(what, (error as Error).message, own);
    }
    if (bytes === undefined || bytes.length === 0) {
        throw unavailable(what, 'no value', own);
    }
    if (`sha256:${toHex(sha256(bytes))}` !== digest) {
        throw new ChaincodeError(ABS_ERRORS.ABS_PRIVATE_DATA_MISMATCH, `private amounts of ${what} do not match`, {
            collection: own,
            expected: digest,
        });
    }
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/** The endorsing peer's own implicit collection (the chaincode server runs for its organisation's peer). */
function ownCollection(ctx: Context, what: string): string {
    try {
        return implicitCollectionOf(ctx.stub.getMspID());
    } catch (error) {
        throw unavailable(what, (error as Error).message, 'unknown');
    }
}

function unavailable(what: string, cause: string, collection: string): ChaincodeError {
    return new ChaincodeError(
        ABS_ERRORS.ABS_PRIVATE_DATA_UNAVAILABLE,
        `this peer does not hold the private amounts of ${what}; evaluate or endorse on a peer of the deal's issuer or holders`,
        { cause, collection },
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
