import { type LoanRecord } from '@lendledger/domain';
import { renderCsv, type CsvCell } from './csv.ts';
import { type MetricsPoint } from './metrics-series.ts';

/**
 * The dashboard's CSV exports: the chaincode's integers as they are (money in cents, ratios in ppm, rates in basis
 * points), the unit in each column name, so that a spreadsheet holds the ledger's exact figures. Column names are
 * fixed English identifiers, the same in either language of the page, so that scripts can read them.
 */

const METRIC_COLUMNS: readonly (readonly [string, (point: MetricsPoint) => CsvCell])[] = [
    ['period_no', (p) => p.periodNo],
    ['start_date', (p) => p.startDate],
    ['end_date', (p) => p.endDate],
    ['closing_balance_cents', (p) => p.closingBalance],
    ['active_loan_count', (p) => p.activeLoanCount],
    ['pool_factor_ppm', (p) => p.metrics.poolFactorPpm],
    ['smm_ppm', (p) => p.metrics.smmPpm],
    ['cpr_annualised_ppm', (p) => p.metrics.cprPpm],
    ['mdr_ppm', (p) => p.metrics.mdrPpm],
    ['cdr_annualised_ppm', (p) => p.metrics.cdrPpm],
    ['dpd_1_30_balance_ppm', (p) => p.metrics.delinquency.DPD_1_30.balancePpm],
    ['dpd_31_60_balance_ppm', (p) => p.metrics.delinquency.DPD_31_60.balancePpm],
    ['dpd_61_90_balance_ppm', (p) => p.metrics.delinquency.DPD_61_90.balancePpm],
    ['dpd_90_plus_balance_ppm', (p) => p.metrics.delinquency.DPD_90_PLUS.balancePpm],
    ['delinquent_60_plus_ppm', (p) => p.metrics.delinquent60PlusPpm],
    ['delinquent_90_plus_ppm', (p) => p.metrics.delinquent90PlusPpm],
    ['cumulative_default_rate_ppm', (p) => p.metrics.cumulativeDefaultRatePpm],
    ['cumulative_net_loss_ppm', (p) => p.metrics.cumulativeNetLossPpm],
    ['wac_bps', (p) => p.metrics.wacBps],
    ['warm_months_x100', (p) => p.metrics.warmMonthsX100],
    ['breached_triggers', (p) => p.breachedTriggers.join(' ')],
];

/** The metrics series as CSV, one record per closed period in period order. */
export function metricsCsv(series: readonly MetricsPoint[]): string {
    const points = [...series].sort((a, b) => a.periodNo - b.periodNo);
    return renderCsv([
        METRIC_COLUMNS.map(([name]) => name),
        ...points.map((point) => METRIC_COLUMNS.map(([, cell]) => cell(point))),
    ]);
}

const LOAN_COLUMNS: readonly (readonly [string, (loan: LoanRecord) => CsvCell])[] = [
    ['loan_id', (l) => l.loanId],
    ['status', (l) => l.status],
    ['days_past_due', (l) => l.daysPastDue],
    ['rate_bps', (l) => l.rateBps],
    ['original_term_months', (l) => l.originalTerm],
    ['remaining_term_months', (l) => l.remainingTerm],
    ['acquisition', (l) => l.acquisition],
    ['tape_index', (l) => l.tapeIndex ?? ''],
    ['added_in_period', (l) => l.addedInPeriod],
    ['last_reported_period', (l) => l.lastReportedPeriod],
    ['fingerprint', (l) => l.fingerprint],
    ['amounts_digest', (l) => l.amountsDigest],
];

/**
 * The pool's loans as CSV, public fields only: the ledger's loan records carry no amounts (only their salted
 * digest), and the private amounts are one read per loan on the holder's own peer.
 */
export function loansCsv(loans: readonly LoanRecord[]): string {
    return renderCsv([
        LOAN_COLUMNS.map(([name]) => name),
        ...loans.map((loan) => LOAN_COLUMNS.map(([, cell]) => cell(loan))),
    ]);
}
