import { fromHex } from '../bytes.js';
import { canonicalBytes } from '../canonical-json.js';
import { verifyConsistency } from '../merkle/rfc9162.js';
import { type Digest, rfc9162Hasher } from '../merkle/tree-hasher.js';

/**
 * The pool's append-only log and its root per period.
 *
 * The log is the tape's RFC 9162 tree continued past cut-off: leaves [0, tapeSize) are the cut-off tape
 * (`tapeLeaf`, unchanged), and every loan a revolving purchase or a substitution brings in appends one
 * {@link purchaseLeaf}, in request order, in the transaction that buys it. A purchase leaf always has the key
 * `acquisition`, which a tape leaf never has, so the two kinds cannot be mistaken for each other.
 *
 * Each `ClosePeriod` stores the log's size and root as the period's {@link PoolRootRecord}; period 0 stands for the
 * cut-off (its root is the cut-off record's `tapeRoot`). Between any two of them `AbsPool:GetPoolRootConsistency`
 * answers an RFC 9162 §2.1.4 consistency proof: the later pool is the earlier one plus appended loans, nothing
 * removed, replaced or reordered. A substituted loan stays in the log (its substitute's leaf names it in
 * `replacesLoanId`); the log records who entered the pool, the period rows record who left.
 */

/** How a loan joined the pool after cut-off. */
export type PurchaseAcquisition = 'REVOLVING_PURCHASE' | 'SUBSTITUTION';

/** What a purchase leaf holds: public fields of the purchased loan and of its purchase. */
export interface PurchaseLeafInput {
    readonly acquisition: PurchaseAcquisition;
    /** Salted fingerprint of the purchase evidence (the loan event's `evidence`). */
    readonly evidence: string;
    /** The loan record's salted fingerprint of its full off-chain row, as a tape leaf holds it. */
    readonly fingerprint: string;
    readonly loanId: string;
    readonly periodNo: number;
    /** For a substitution: the pool loan it replaces. */
    readonly replacesLoanId?: string;
}

/**
 * The leaf bytes of a loan bought after cut-off: the canonical (sorted-key) JSON of {@link PurchaseLeafInput},
 * `replacesLoanId` present exactly for substitutions.
 *
 * @example purchaseLeaf({ acquisition: 'REVOLVING_PURCHASE', evidence, fingerprint, loanId: 'L-9', periodNo: 2 })
 */
export function purchaseLeaf(input: PurchaseLeafInput): Uint8Array {
    const { replacesLoanId, ...fields } = input;
    return canonicalBytes(replacesLoanId === undefined ? fields : { ...fields, replacesLoanId });
}

/** The size and root of the pool's log at a period's close (period 0: at cut-off). */
export interface PoolRoot {
    readonly periodNo: number;
    readonly size: number;
    /** RFC 9162 SHA-256 Merkle root, lowercase hex. */
    readonly root: string;
}

/** `abs.poolroot/<dealId>/<period>`: the pool root a period's close stored. */
export interface PoolRootRecord extends PoolRoot {
    readonly dealId: string;
    readonly txId: string;
    readonly time: string;
}

/** What `AbsPool:GetPoolRootConsistency` answers: both roots and the RFC 9162 consistency proof between them. */
export interface PoolRootConsistency {
    readonly dealId: string;
    readonly from: PoolRoot;
    readonly to: PoolRoot;
    /** The proof's hashes, lowercase hex, in RFC 9162 order. */
    readonly proof: readonly string[];
}

/** The roots a reader trusts before checking a proof: read from the ledger (`GetPoolRoot`, `GetPool`'s cut-off). */
export interface PoolRootAnchor {
    readonly dealId: string;
    readonly from: PoolRoot;
    readonly to: PoolRoot;
}

/** A consistency check that failed. */
export type PoolRootFailureCode = 'POOL_ROOT_SHAPE' | 'POOL_ROOT_ANCHOR' | 'POOL_ROOT_PROOF';

/** One failed check. */
export interface PoolRootFailure {
    readonly code: PoolRootFailureCode;
    readonly message: string;
}

/** The outcome of checking a consistency answer. */
export interface PoolRootVerification {
    readonly ok: boolean;
    readonly failures: readonly PoolRootFailure[];
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Checks a consistency answer offline, with the hash injected (the verifier brings a browser-safe SHA-256): its
 * deal, periods, sizes and roots must be those of the anchor, and its proof must be the RFC 9162 proof between them
 * (exactly as many hashes as the sizes take). The sizes and periods are checked against the anchor because hashes
 * cannot bind them (see `verifyConsistency`): the anchor's records are the ledger's word for them.
 */
export function checkPoolRootConsistency(
    answer: PoolRootConsistency,
    anchor: PoolRootAnchor,
    digest: Digest,
): PoolRootVerification {
    const failures: PoolRootFailure[] = [];
    const fail = (code: PoolRootFailureCode, message: string): PoolRootVerification => {
        failures.push({ code, message });
        return { ok: false, failures };
    };
    if (!isShaped(answer)) {
        return fail(
            'POOL_ROOT_SHAPE',
            'the answer is not {dealId, from, to, proof} with sizes, periods and hex hashes',
        );
    }
    if (answer.dealId !== anchor.dealId) {
        return fail('POOL_ROOT_ANCHOR', `the answer is for deal ${answer.dealId}, not ${anchor.dealId}`);
    }
    for (const side of ['from', 'to'] as const) {
        const [got, want] = [answer[side], anchor[side]];
        if (got.periodNo !== want.periodNo || got.size !== want.size || got.root !== want.root) {
            return fail(
                'POOL_ROOT_ANCHOR',
                `${side}: the answer names period ${got.periodNo}, size ${got.size}, root ${got.root}; ` +
                    `the trusted root is period ${want.periodNo}, size ${want.size}, root ${want.root}`,
            );
        }
    }
    if (answer.from.periodNo > answer.to.periodNo) {
        return fail('POOL_ROOT_ANCHOR', 'the first period comes after the second');
    }
    const ok = verifyConsistency(
        rfc9162Hasher(digest),
        answer.from.size,
        answer.to.size,
        fromHex(answer.from.root),
        fromHex(answer.to.root),
        answer.proof.map(fromHex),
    );
    if (!ok) {
        return fail(
            'POOL_ROOT_PROOF',
            `the proof does not show the pool of ${answer.to.size} loans extending the pool of ${answer.from.size}`,
        );
    }
    return { ok: true, failures };
}

function isShaped(answer: PoolRootConsistency): boolean {
    const rootShaped = (root: PoolRoot | undefined): boolean =>
        typeof root === 'object' &&
        root !== null &&
        Number.isSafeInteger(root.periodNo) &&
        root.periodNo >= 0 &&
        Number.isSafeInteger(root.size) &&
        root.size >= 0 &&
        typeof root.root === 'string' &&
        HEX_HASH.test(root.root);
    return (
        typeof answer === 'object' &&
        answer !== null &&
        typeof answer.dealId === 'string' &&
        rootShaped(answer.from) &&
        rootShaped(answer.to) &&
        Array.isArray(answer.proof) &&
        answer.proof.every((hash) => typeof hash === 'string' && HEX_HASH.test(hash))
    );
}
