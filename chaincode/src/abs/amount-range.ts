import { ABS_ERRORS, AbsAmountRangeError } from '@lendledger/domain';
import { ChaincodeError } from '../core/chaincode-error.js';

/**
 * Runs a totals computation and turns an overflow of the safe-integer range into a coded error.
 *
 * @throws ChaincodeError ABS_AMOUNT_OUT_OF_RANGE naming the total.
 */
export function withAmountRange<T>(compute: () => T): T {
    try {
        return compute();
    } catch (error) {
        if (error instanceof AbsAmountRangeError) {
            throw new ChaincodeError(ABS_ERRORS.ABS_AMOUNT_OUT_OF_RANGE, error.message, { field: error.field });
        }
        throw error;
    }
}
