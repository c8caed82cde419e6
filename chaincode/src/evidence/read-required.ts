import { type CanonicalValue, type ErrorCodeSpec } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { readJson } from '../core/ledger-state.js';

/**
 * Reads a value that must exist, failing with an area-specific not-found code. (core's `readRequired` types its
 * code parameter as the literal NOT_FOUND spec, so it accepts no other code.)
 *
 * @throws {@link ChaincodeError} with `notFound`, the message "<what> does not exist" and the details.
 */
export async function readRequiredAs<T>(
    ctx: Context,
    key: string,
    notFound: ErrorCodeSpec,
    what: string,
    details: Readonly<Record<string, CanonicalValue>>,
): Promise<T> {
    const value = await readJson<T>(ctx, key);
    if (value === undefined) {
        throw new ChaincodeError(notFound, `${what} does not exist`, details);
    }
    return value;
}
