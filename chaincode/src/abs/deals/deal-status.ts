import { type DealRecord, type DealStatus, type StatusChange } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { txTime } from '../../core/ledger-state.js';

/** What a status change records beyond the states, the cause and the transaction. */
export type StatusChangeDetails = Pick<StatusChange, 'reasonCode' | 'evidence' | 'triggerId' | 'periodNo'>;

/**
 * The deal moved to `to`, with the change appended to its history. Does not write: the caller writes the deal
 * once, together with whatever else the transaction changes.
 */
export function movedDeal(
    ctx: Context,
    deal: DealRecord,
    to: DealStatus,
    cause: StatusChange['cause'],
    details: StatusChangeDetails = {},
): DealRecord {
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const change: StatusChange = { from: deal.status, to, cause, time, txId, ...details };
    return { ...deal, status: to, statusHistory: [...deal.statusHistory, change], updatedAt: time, txId };
}
