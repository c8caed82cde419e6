import { periodTag } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';

/**
 * Composite keys of the ABS area. The same keys address the public records and, inside the implicit collections of
 * the deal's parties, their private amounts. Period numbers are zero-padded so that periods iterate in order; loan rows
 * and events are keyed loan first so that one loan's history is a single range.
 */
export const ABS_OBJECTS = {
    deal: 'abs.deal',
    pool: 'abs.pool',
    cutOff: 'abs.cutoff',
    loan: 'abs.loan',
    batch: 'abs.batch',
    period: 'abs.period',
    waterfall: 'abs.waterfall',
    row: 'abs.row',
    event: 'abs.event',
    ack: 'abs.ack',
    memberDeal: 'abs.memberdeal',
    loanDeal: 'abs.loandeal',
    tapeBlock: 'abs.tapeblock',
    tapeNode: 'abs.tapenode',
    poolRoot: 'abs.poolroot',
    guard: 'abs.guard',
    cashReport: 'abs.cashreport',
} as const;

/** `abs.memberdeal/<mspId>/<dealId>`: the deals an organisation is a party of, so it lists only its own. */
export function memberDealKey(ctx: Context, mspId: string, dealId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.memberDeal, [mspId, dealId]);
}

/** `abs.loandeal/<loanRef>/<dealId>`: the deals whose pools hold an evidence loan, for its holders' evidence reads. */
export function loanDealKey(ctx: Context, loanRef: string, dealId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.loanDeal, [loanRef, dealId]);
}

/** `abs.deal/<dealId>`: the deal. */
export function dealKey(ctx: Context, dealId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.deal, [dealId]);
}

/** `abs.pool/<dealId>`: the pool's running state. */
export function poolKey(ctx: Context, dealId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.pool, [dealId]);
}

/** `abs.cutoff/<dealId>`: the immutable cut-off snapshot. */
export function cutOffKey(ctx: Context, dealId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.cutOff, [dealId]);
}

/** `abs.loan/<dealId>/<loanId>`: a loan (public) and its amounts (private). */
export function loanKey(ctx: Context, dealId: string, loanId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.loan, [dealId, loanId]);
}

/** `abs.batch/<dealId>/<period>/<batchId>`: a batch (public) and its totals (private); period 0 = cut-off. */
export function batchKey(ctx: Context, dealId: string, periodNo: number, batchId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.batch, [dealId, periodTag(periodNo), batchId]);
}

/** `abs.period/<dealId>/<period>`: a period and, once closed, its report. */
export function periodKey(ctx: Context, dealId: string, periodNo: number): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.period, [dealId, periodTag(periodNo)]);
}

/** `abs.waterfall/<dealId>/<period>`: the payment waterfall a period's close ran, with the tranche balances after it. */
export function waterfallKey(ctx: Context, dealId: string, periodNo: number): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.waterfall, [dealId, periodTag(periodNo)]);
}

/** `abs.row/<dealId>/<loanId>/<period>`: a loan's row for a period (public) and its amounts (private). */
export function rowKey(ctx: Context, dealId: string, loanId: string, periodNo: number): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.row, [dealId, loanId, periodTag(periodNo)]);
}

/** `abs.event/<dealId>/<loanId>/<period>/<type>`: a loan event. */
export function eventKey(ctx: Context, dealId: string, loanId: string, periodNo: number, type: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.event, [dealId, loanId, periodTag(periodNo), type]);
}

/** `abs.ack/<dealId>/<period>/<txId>`: an investor's acknowledgement of a report. */
export function ackKey(ctx: Context, dealId: string, periodNo: number, txId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.ack, [dealId, periodTag(periodNo), txId]);
}

/** `abs.tapeblock/<dealId>/<block>`: the leaf hashes of one block of the cut-off tape (see `pool/tape-index.ts`). */
export function tapeBlockKey(ctx: Context, dealId: string, block: number): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.tapeBlock, [dealId, String(block).padStart(10, '0')]);
}

/** `abs.tapenode/<dealId>/<level>/<index>`: the root of one perfect subtree of the cut-off tape. */
export function tapeNodeKey(ctx: Context, dealId: string, level: number, index: number): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.tapeNode, [
        dealId,
        String(level).padStart(2, '0'),
        String(index).padStart(10, '0'),
    ]);
}

/** `abs.poolroot/<dealId>/<period>`: the size and root of the pool's log at a period's close (`domain/src/abs/pool-root.ts`). */
export function poolRootKey(ctx: Context, dealId: string, periodNo: number): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.poolRoot, [dealId, periodTag(periodNo)]);
}

/**
 * `abs.guard/<dealId>`: the deal's endorsement guard, whose key-level policy names the deal's issuer and every holder
 * (see `deals/deal-guard.ts`).
 */
export function dealGuardKey(ctx: Context, dealId: string): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.guard, [dealId]);
}

/** `abs.cashreport/<dealId>/<period>`: the account bank's cash report of a period (`domain/src/abs/cash-report.ts`). */
export function cashReportKey(ctx: Context, dealId: string, periodNo: number): string {
    return ctx.stub.createCompositeKey(ABS_OBJECTS.cashReport, [dealId, periodTag(periodNo)]);
}
