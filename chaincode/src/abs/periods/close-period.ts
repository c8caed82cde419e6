import {
    ABS_ERRORS,
    ABS_EVENTS,
    addCumulative,
    addPeriodTotals,
    type BatchRecord,
    computePeriodMetrics,
    type DealRecord,
    type DealTransitionRecord,
    emptyPeriodTotals,
    evaluateTriggers,
    type LoanBatchTotals,
    type MetricBasis,
    type PeriodRecord,
    type PeriodReport,
    type PeriodTotals,
    PERFORMING_STATUSES,
    type PoolRecord,
    recordOf,
    ROLL_FORWARD_LINES,
    type RollForward,
    rollForwardOf,
    rolledForwardClosing,
    type RowBatchTotals,
    type TriggerResult,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { txTime } from '../../core/ledger-state.js';
import { emitAbsEvent } from '../events.js';
import { asFields, type Fields } from '../../core/request-fields.js';
import { requireIssuerOf } from '../access.js';
import { touchDealGuard } from '../deals/deal-guard.js';
import { withAmountRange } from '../amount-range.js';
import { readBatches, readBatchTotals } from '../batches.js';
import { readDeal, writeDeal } from '../deals/deal-store.js';
import { movedDeal } from '../deals/deal-status.js';
import { amountOf, dealIdOf, fingerprintOf, periodNoOf } from '../fields.js';
import { writePoolRoot } from '../pool/pool-roots.js';
import { readPool, writePool } from '../pool/pool-store.js';
import { requireReconciledCollections } from './cash-report.js';
import { readOpenPeriod, writePeriod } from './period-store.js';
import { closingWaterfall } from './period-waterfall.js';
import { writeWaterfall } from './waterfall-store.js';

/** The request of `AbsReport:ClosePeriod`: the servicer's roll-forward, which the ledger recomputes. */
export interface ClosePeriodRequest {
    readonly dealId: string;
    readonly periodNo: number;
    /** Salted fingerprint of the servicer / trustee report document. */
    readonly reportFingerprint: string;
    readonly servicerReport: RollForward;
    /**
     * The servicer's interest collections of the period, minor units: the waterfall's interest funds. `null` when
     * absent: the close then stores no waterfall rather than one funded with zero.
     */
    readonly interestCollections: number | null;
}

/** Deal states a trigger breach moves to EARLY_AMORTISATION. */
const TRIGGERABLE_STATES = ['REVOLVING', 'AMORTISING'] as const;

/** Parses a ClosePeriod request. */
export function parseClosePeriod(fields: Fields): ClosePeriodRequest {
    const report = asFields(fields.servicerReport, 'servicerReport');
    const servicerReport = recordOf(ROLL_FORWARD_LINES, (line) => amountOf(report, line, { path: 'servicerReport' }));
    return {
        dealId: dealIdOf(fields),
        periodNo: periodNoOf(fields),
        reportFingerprint: fingerprintOf(fields, 'reportFingerprint'),
        servicerReport,
        interestCollections: fields.interestCollections === undefined ? null : amountOf(fields, 'interestCollections'),
    };
}

/**
 * Closes a period: sums the private totals of its row batches, checks that every pool loan has a row and that
 * the rows roll the pool balance forward, checks the servicer's figures against them and its collections against
 * the account bank's cash report (`AbsReport:SubmitCashReport`), computes the metrics,
 * tests the triggers and, on a breach with consequence EARLY_AMORTISATION, moves the deal in this same
 * transaction. It then runs the deal's payment waterfall over the period's collections and stores it beside the
 * period with the tranche balances after it, when the request states `interestCollections` and the deal's
 * waterfall chain is intact (its first period, or the previous one has a waterfall); otherwise the period closes
 * without one and the answer says why (docs/abs-waterfall.md). It records the pool root: the size and root of the
 * pool's log, cut-off tape plus the period's purchases (`abs.poolroot`). The report is then immutable.
 *
 * @throws ChaincodeError ABS_PERIOD_CLOSED (closed twice), ABS_PERIOD_INCOMPLETE, ABS_ROLL_FORWARD_MISMATCH,
 * ABS_REPORT_DOES_NOT_RECONCILE, ABS_COLLECTIONS_UNRECONCILED, ABS_PRIVATE_DATA_UNAVAILABLE / _MISMATCH.
 */
export async function closePeriod(ctx: Context, request: ClosePeriodRequest): Promise<PeriodRecord> {
    const deal = await readDeal(ctx, request.dealId);
    await requireIssuerOf(ctx, deal, 'close an ABS period');
    const period = await readOpenPeriod(ctx, deal.dealId, request.periodNo);
    const pool = await readPool(ctx, deal.dealId);
    const batches = await readBatches(ctx, deal.dealId, request.periodNo);
    const { totals, purchased } = await sumBatches(ctx, deal, batches);
    checkCoverage(deal, request.periodNo, pool, totals, purchased);
    const rollForward = checkRollForward(deal, request.periodNo, pool, totals, purchased);
    checkServicerReport(deal, request, rollForward);
    await requireReconciledCollections(ctx, deal, request.periodNo, totals, request.interestCollections);
    const cumulative = withAmountRange(() => addCumulative(pool.cumulative, totals));
    const basis: MetricBasis = {
        initialBalance: pool.initialBalance,
        cumulativeBasis: deal.definitions.cumulativeBasis,
        basisBalance:
            deal.definitions.cumulativeBasis === 'INITIAL_PLUS_REVOLVING'
                ? pool.initialBalance + cumulative.revolvingPurchasedPrincipal
                : pool.initialBalance,
    };
    const metrics = computePeriodMetrics(totals, cumulative, basis);
    const triggers = evaluateTriggers(deal.triggers, metrics, request.periodNo);
    const transition = triggeredTransition(deal, triggers);
    const report: PeriodReport = {
        reportFingerprint: request.reportFingerprint,
        rollForward,
        totals,
        cumulative,
        basis,
        metrics,
        triggers,
        dealTransition: transition,
        activeLoanCount: PERFORMING_STATUSES.reduce((sum, status) => sum + totals.delinquency[status].count, 0),
        batchIds: batches.map((batch) => batch.batchId),
    };
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const closed: PeriodRecord = { ...period, status: 'CLOSED', closedAt: time, closedTxId: txId, report };
    await touchDealGuard(ctx, deal);
    await writePeriod(ctx, closed);
    await writePool(ctx, closedPool(pool, closed, report, { time, txId }));
    await writePoolRoot(ctx, pool, request.periodNo, { time, txId });
    const waterfall = await closingWaterfall(ctx, {
        deal,
        period: closed,
        report,
        request,
        previousPeriodNo: pool.lastClosedPeriod,
    });
    if (waterfall.written) {
        await writeWaterfall(ctx, waterfall.record);
    }
    if (transition !== null) {
        const details = { triggerId: transition.triggerId, periodNo: request.periodNo };
        await writeDeal(ctx, movedDeal(ctx, deal, transition.to, 'TRIGGER', details));
    }
    // Every member's peer stores the event: it names the deal and what happened, never balances or metrics,
    // which the deal's readers get from AbsReport:GetPeriodReport.
    emitAbsEvent(ctx, ABS_EVENTS.periodClosed, {
        breachedTriggers: triggers.filter((trigger) => trigger.breached).map((trigger) => trigger.triggerId),
        dealId: deal.dealId,
        dealTransition: transition,
        periodNo: request.periodNo,
        txId,
    });
    // The answer is the period as stored, as readers get it: whether a waterfall was written (and why not) is
    // AbsReport:GetPeriodWaterfall's to say.
    return closed;
}

/** Sums of a period's batches. */
export interface BatchSums {
    readonly totals: PeriodTotals;
    /** Loans and principal bought during the period, from the purchase batches. */
    readonly purchased: Readonly<{ loanCount: number; principal: number }>;
}

async function sumBatches(ctx: Context, deal: DealRecord, batches: readonly BatchRecord[]): Promise<BatchSums> {
    let totals = emptyPeriodTotals();
    let loanCount = 0;
    let principal = 0;
    for (const batch of batches) {
        if (batch.kind === 'ROWS') {
            // addPeriodTotals builds its result field by field, so the batch's salt does not reach the report.
            const batchTotals = await readBatchTotals<RowBatchTotals>(ctx, deal, batch);
            totals = withAmountRange(() => addPeriodTotals(totals, batchTotals));
        } else {
            const purchase = await readBatchTotals<LoanBatchTotals>(ctx, deal, batch);
            loanCount += purchase.loanCount;
            principal += purchase.currentPrincipal;
        }
    }
    return { totals, purchased: { loanCount, principal } };
}

function checkCoverage(
    deal: DealRecord,
    periodNo: number,
    pool: PoolRecord,
    totals: PeriodTotals,
    purchased: BatchSums['purchased'],
): void {
    const expected = pool.activeLoanCount + purchased.loanCount;
    if (totals.inPoolRows !== expected) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_PERIOD_INCOMPLETE,
            `period ${periodNo} of deal ${deal.dealId} has rows for ${totals.inPoolRows} of the ${expected} pool loans`,
            { dealId: deal.dealId, expected, periodNo, reported: totals.inPoolRows },
        );
    }
}

/**
 * Checks that the rows roll the pool forward: their openings add up to the pool's balance after the last close,
 * their additions to what the purchase batches bought, and the flows to the closing balance. Each row was
 * reconciled when posted, so this guards against missing rows and inconsistent state, not arithmetic.
 *
 * @throws ChaincodeError ABS_ROLL_FORWARD_MISMATCH naming the line.
 */
export function checkRollForward(
    deal: DealRecord,
    periodNo: number,
    pool: PoolRecord,
    totals: PeriodTotals,
    purchased: BatchSums['purchased'],
): RollForward {
    const roll = rollForwardOf(totals);
    const mismatch = (line: string, expected: string, actual: string): ChaincodeError =>
        new ChaincodeError(
            ABS_ERRORS.ABS_ROLL_FORWARD_MISMATCH,
            `period ${periodNo} of deal ${deal.dealId}: ${line} is ${actual}, the roll-forward needs ${expected}`,
            { actual, dealId: deal.dealId, expected, line, periodNo },
        );
    if (roll.openingBalance !== pool.currentBalance) {
        throw mismatch('openingBalance', String(pool.currentBalance), String(roll.openingBalance));
    }
    const added = roll.revolvingPurchasedPrincipal + roll.substitutionInPrincipal;
    if (added !== purchased.principal) {
        throw mismatch('addedPrincipal', String(purchased.principal), String(added));
    }
    const closing = rolledForwardClosing(roll);
    if (closing !== BigInt(roll.closingBalance)) {
        throw mismatch('closingBalance', closing.toString(), String(roll.closingBalance));
    }
    return roll;
}

function checkServicerReport(deal: DealRecord, request: ClosePeriodRequest, computed: RollForward): void {
    const differences = ROLL_FORWARD_LINES.filter((line) => request.servicerReport[line] !== computed[line]);
    if (differences.length > 0) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_REPORT_DOES_NOT_RECONCILE,
            `the servicer report of period ${request.periodNo} differs from the loan-level figures in ${differences.join(', ')}`,
            {
                computed: differences.map((line) => computed[line]),
                dealId: deal.dealId,
                lines: differences,
                periodNo: request.periodNo,
                reported: differences.map((line) => request.servicerReport[line]),
            },
        );
    }
}

/** The first breached early-amortisation trigger moves a REVOLVING or AMORTISING deal; otherwise nothing moves. */
function triggeredTransition(deal: DealRecord, triggers: readonly TriggerResult[]): DealTransitionRecord | null {
    const breach = triggers.find((trigger) => trigger.breached && trigger.consequence === 'EARLY_AMORTISATION');
    if (breach === undefined || !(TRIGGERABLE_STATES as readonly string[]).includes(deal.status)) {
        return null;
    }
    return { from: deal.status, to: 'EARLY_AMORTISATION', triggerId: breach.triggerId };
}

function closedPool(
    pool: PoolRecord,
    period: PeriodRecord,
    report: PeriodReport,
    at: Readonly<{ time: string; txId: string }>,
): PoolRecord {
    return {
        ...pool,
        activeLoanCount: report.activeLoanCount,
        currentBalance: report.rollForward.closingBalance,
        cumulative: report.cumulative,
        latestPoolFactorPpm: report.metrics.poolFactorPpm,
        openPeriod: 0,
        lastClosedPeriod: period.periodNo,
        lastPeriodEndDate: period.endDate,
        updatedAt: at.time,
        txId: at.txId,
    };
}
