import { validationCodeName, validationCodeOf, TX_VALID } from '../decode/block-metadata.js';
import { bytesEqual, toHex } from '../encoding/bytes.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/** `transaction-in-block`: entry `index` of the block is the transaction the receipt names, in the block it names. */
export function checkTransactionInBlock(ctx: CheckContext): CheckResult {
    const { receipt, evidence } = ctx;
    if (evidence.block.number !== receipt.block.number) {
        return fail(
            'transaction-in-block',
            `the block is number ${evidence.block.number}, not ${receipt.block.number}`,
        );
    }
    if (evidence.transaction.txId !== receipt.transaction.id) {
        return fail('transaction-in-block', `entry ${evidence.index} is transaction ${evidence.transaction.txId}`);
    }
    return pass(
        'transaction-in-block',
        `entry ${evidence.index} of ${evidence.block.data.length} in block ${evidence.block.number}`,
    );
}

/**
 * `block-data-hash`: SHA-256 over the concatenated data entries equals the header's data hash
 * (`protoutil.ComputeBlockDataHash`), so the signed header covers this transaction byte for byte.
 */
export function checkBlockDataHash(ctx: CheckContext): CheckResult {
    const { block } = ctx.evidence;
    const computed = ctx.sha256(...block.data);
    return bytesEqual(computed, block.dataHash)
        ? pass('block-data-hash', `SHA-256 of the ${block.data.length} entries is the header's ${toHex(computed)}`)
        : fail('block-data-hash', `the entries hash to ${toHex(computed)}, the header says ${toHex(block.dataHash)}`);
}

/**
 * `validation-flag`: the TRANSACTIONS_FILTER metadata says VALID for the transaction. The committing peer writes
 * this flag after validation; no orderer signature covers it.
 */
export function checkValidationFlag(ctx: CheckContext): CheckResult {
    const { block, index } = ctx.evidence;
    const code = validationCodeOf(block, index);
    if (code === undefined) {
        return fail('validation-flag', 'the block has no validation flag for the transaction');
    }
    return code === TX_VALID
        ? pass('validation-flag', 'VALID (flag written by the committing peer, not covered by signatures)')
        : fail('validation-flag', `the committing peer marked it ${validationCodeName(code)} (${code})`);
}
