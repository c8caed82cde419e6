import { toHex } from '../encoding/bytes.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/**
 * `transaction-id`: the channel header's ID is SHA-256(nonce ‖ serialized creator), as Fabric's
 * `protoutil.CheckTxID` requires, and is the ID the receipt names.
 */
export function checkTransactionId(ctx: CheckContext): CheckResult {
    const { transaction } = ctx.evidence;
    const computed = toHex(ctx.sha256(transaction.nonce, transaction.creator.bytes));
    if (transaction.txId !== computed) {
        return fail('transaction-id', `the header says ${transaction.txId}, the nonce and creator give ${computed}`);
    }
    if (transaction.txId !== ctx.receipt.transaction.id) {
        return fail(
            'transaction-id',
            `the receipt names ${ctx.receipt.transaction.id}, the transaction is ${computed}`,
        );
    }
    return pass('transaction-id', `${computed} = SHA-256(nonce ‖ creator)`);
}
