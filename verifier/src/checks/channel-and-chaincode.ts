import { channelHeaderOfEnvelope } from '../decode/transaction.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/**
 * `channel`: the transaction's channel header, the block's channel (that of its first entry, as Fabric's
 * `protoutil.GetChannelIDFromBlock` reads it) and the receipt all name the consortium's channel.
 */
export function checkChannel(ctx: CheckContext): CheckResult {
    const expected = ctx.policy.channel;
    const named = [
        ['the receipt', ctx.receipt.channel],
        ['the transaction', ctx.evidence.transaction.channelId],
        ['the block', blockChannelOf(ctx)],
    ] as const;
    const wrong = named.filter(([, channel]) => channel !== expected);
    return wrong.length === 0
        ? pass('channel', `receipt, transaction and block are on channel ${expected}`)
        : fail('channel', wrong.map(([who, channel]) => `${who} names channel ${channel}, not ${expected}`).join('; '));
}

function blockChannelOf(ctx: CheckContext): string {
    const { block, index, transaction } = ctx.evidence;
    if (index === 0) {
        return transaction.channelId;
    }
    try {
        return channelHeaderOfEnvelope(block.data[0]!).channelId;
    } catch {
        return '(unreadable first entry)';
    }
}

/**
 * `chaincode`: the consortium's chaincode was invoked (channel header extension) and produced the endorsed result
 * (ChaincodeAction), and the receipt names it.
 */
export function checkChaincode(ctx: CheckContext): CheckResult {
    const expected = ctx.policy.chaincode;
    const named = [
        ['the receipt', ctx.receipt.chaincode],
        ['the invocation', ctx.evidence.transaction.chaincodeName ?? '(none)'],
        ['the endorsed action', ctx.evidence.action.chaincodeName],
    ] as const;
    const wrong = named.filter(([, chaincode]) => chaincode !== expected);
    return wrong.length === 0
        ? pass('chaincode', `invoked and executed chaincode ${expected}`)
        : fail('chaincode', wrong.map(([who, name]) => `${who} names chaincode ${name}, not ${expected}`).join('; '));
}
