/** Test support: reading verification results. */
import { type CheckName, type CheckResult } from '../checks/check-result.js';
import { type VerificationResult } from '../verify-receipt.js';

/** Names of the failed checks, sorted. */
export function failedChecks(result: VerificationResult): CheckName[] {
    return result.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.name)
        .sort();
}

/** One check of a result. */
export function check(result: VerificationResult, name: CheckName): CheckResult {
    const found = result.checks.find((c) => c.name === name);
    if (found === undefined) {
        throw new Error(`no check ${name} in the result`);
    }
    return found;
}
