import {
    ABS_ERRORS,
    bucketOfDaysPastDue,
    type DealRecord,
    type ErrorDetails,
    type PerformingStatus,
} from '@lendledger/domain';
import { ChaincodeError } from '../core/chaincode-error.js';

/**
 * Checks a performing status against the days past due and the deal's default definition: the status must be
 * the bucket the days fall in, and a loan at or beyond the default threshold must be reported in default.
 *
 * @throws ChaincodeError ABS_STATUS_MISMATCH, ABS_DEFAULT_NOT_RECOGNISED.
 */
export function checkPerformingStatus(
    status: PerformingStatus,
    daysPastDue: number,
    deal: DealRecord,
    where: ErrorDetails,
): void {
    const bucket = bucketOfDaysPastDue(daysPastDue);
    if (bucket !== status) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_STATUS_MISMATCH,
            `status ${status} does not match ${daysPastDue} days past due (${bucket})`,
            { ...where, daysPastDue, expected: bucket, status },
        );
    }
    const threshold = deal.definitions.defaultDaysPastDue;
    if (daysPastDue >= threshold) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_DEFAULT_NOT_RECOGNISED,
            `a loan ${daysPastDue} days past due is in default under deal ${deal.dealId} (${threshold} days)`,
            { ...where, daysPastDue, defaultDaysPastDue: threshold, status },
        );
    }
}

/**
 * Refuses a batch that names a loan twice.
 *
 * @throws ChaincodeError ABS_DUPLICATE_LOAN with the second index.
 */
export function requireDistinctLoans(loanIds: readonly string[], field: string): void {
    const seen = new Set<string>();
    loanIds.forEach((loanId, index) => {
        if (seen.has(loanId)) {
            throw new ChaincodeError(ABS_ERRORS.ABS_DUPLICATE_LOAN, `${field}[${index}] names ${loanId} again`, {
                field,
                index,
                loanId,
            });
        }
        seen.add(loanId);
    });
}
