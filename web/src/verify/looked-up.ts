import { type CheckName, type CheckResult, type VerificationResult } from '@lendledger/verifier/verify';

/** The page's own check: the receipt is of the fingerprint the visitor looked up (typed, or computed from the file). */
export const LOOKED_UP_CHECK = 'looked-up-fingerprint';

/** A check as the page lists it: one of the verifier's, or the page's own {@link LOOKED_UP_CHECK}. */
export type PageCheckName = CheckName | typeof LOOKED_UP_CHECK;

/** A check result the page shows: the verifier's shape, with the page's own check name allowed. */
export interface PageCheck extends Omit<CheckResult, 'name'> {
    readonly name: PageCheckName;
}

/** A verification result with the page's checks added; `ok` only when none of them failed. */
export interface PageResult extends Omit<VerificationResult, 'checks'> {
    readonly checks: readonly PageCheck[];
}

/**
 * Ties the receipt to what the visitor asked about. The verifier proves a receipt genuine, not that it is the one
 * looked up: a gateway could answer with a genuine receipt of another fingerprint. So, when the visitor looked a
 * fingerprint up, the receipt's own fingerprint must be exactly that one, or the page's check fails and with it the
 * verdict. A receipt dropped offline was looked up by nobody: then there is nothing to compare and no check is added.
 */
export function withLookedUpFingerprint(result: VerificationResult, expected: string | undefined): PageResult {
    if (expected === undefined) {
        return result;
    }
    const actual = result.fingerprint;
    const same = actual !== undefined && actual === expected;
    const check: PageCheck = {
        name: LOOKED_UP_CHECK,
        status: same ? 'pass' : 'fail',
        title: 'The receipt is of the fingerprint looked up',
        reason: same
            ? `the receipt is of ${expected}, the fingerprint looked up`
            : `the receipt is of ${String(actual)}, not of ${expected}, the fingerprint looked up`,
    };
    const checks: readonly PageCheck[] = [check, ...result.checks];
    return { ...result, checks, ok: result.ok && same };
}
