import { type Acquisition } from './loan.js';
import { type DealStatus } from './deal.js';
import { type DealTransitionRecord } from './period-report.js';

/**
 * Chaincode event names of the ABS area. Fabric keeps one event per transaction, so each write emits exactly one
 * of these. Every member's peer stores the events: they name the deal and what happened, never balances, amounts
 * or metrics, which the deal's readers get from the queries.
 */
export const ABS_EVENTS = Object.freeze({
    dealCreated: 'abs.deal.created',
    dealTransitioned: 'abs.deal.transitioned',
    dealInvestorsChanged: 'abs.deal.investors-changed',
    poolLoansAdded: 'abs.pool.loans-added',
    poolCutOff: 'abs.pool.cut-off',
    poolLoansPurchased: 'abs.pool.loans-purchased',
    periodOpened: 'abs.period.opened',
    periodUpdatesPosted: 'abs.period.updates-posted',
    periodClosed: 'abs.period.closed',
    cashReported: 'abs.period.cash-reported',
    reportAcknowledged: 'abs.report.acknowledged',
} as const);

/** The name of an ABS event. */
export type AbsEventName = (typeof ABS_EVENTS)[keyof typeof ABS_EVENTS];

/** Payload of `abs.deal.created`. */
export interface DealCreatedEventPayload {
    readonly dealId: string;
    readonly issuerMspId: string;
    readonly status: DealStatus;
    readonly txId: string;
}

/** Payload of `abs.deal.investors-changed`: the deal's holders from this transaction on. */
export interface DealInvestorsChangedEventPayload {
    readonly dealId: string;
    readonly investors: readonly string[];
    readonly txId: string;
}

/** Payload of `abs.deal.transitioned`: an issuer's move (a trigger's move is in `abs.period.closed`). */
export interface DealTransitionedEventPayload {
    readonly cause: 'ISSUER';
    readonly dealId: string;
    readonly from: DealStatus;
    readonly to: DealStatus;
    readonly txId: string;
}

/** Payload of `abs.pool.loans-added`: a batch of the cut-off tape. */
export interface PoolLoansAddedEventPayload {
    readonly batchId: string;
    readonly dealId: string;
    readonly loanCount: number;
    readonly tapeSize: number;
    readonly txId: string;
}

/** Payload of `abs.pool.cut-off`. */
export interface PoolCutOffEventPayload {
    readonly dealId: string;
    readonly loanCount: number;
    readonly tapeRoot: string;
    readonly txId: string;
}

/** Payload of `abs.pool.loans-purchased`: a revolving purchase or a substitution batch. */
export interface PoolLoansPurchasedEventPayload {
    readonly dealId: string;
    readonly periodNo: number;
    readonly batchId: string;
    readonly acquisition: Exclude<Acquisition, 'CUT_OFF'>;
    readonly loanCount: number;
    readonly txId: string;
}

/** Payload of `abs.period.opened`. */
export interface PeriodOpenedEventPayload {
    readonly dealId: string;
    readonly periodNo: number;
    readonly startDate: string;
    readonly endDate: string;
    readonly txId: string;
}

/** Payload of `abs.period.updates-posted`: a batch of loan-level rows. */
export interface PeriodUpdatesPostedEventPayload {
    readonly dealId: string;
    readonly periodNo: number;
    readonly batchId: string;
    readonly rowCount: number;
    readonly eventCount: number;
    readonly txId: string;
}

/** Payload of `abs.period.closed`: which triggers broke and the deal move they caused, no figures. */
export interface PeriodClosedEventPayload {
    readonly breachedTriggers: readonly string[];
    readonly dealId: string;
    readonly dealTransition: DealTransitionRecord | null;
    readonly periodNo: number;
    readonly txId: string;
}

/** Payload of `abs.period.cash-reported`: the account bank reported a period's cash (figures in the record only). */
export interface CashReportedEventPayload {
    readonly accountBankMspId: string;
    readonly dealId: string;
    readonly periodNo: number;
    readonly replacedTxId: string | null;
    readonly txId: string;
}

/** Payload of `abs.report.acknowledged`. */
export interface ReportAcknowledgedEventPayload {
    readonly dealId: string;
    readonly investorMspId: string;
    readonly periodNo: number;
    readonly reportDigest: string;
    readonly statementCode: string | null;
    readonly txId: string;
}

/** Every event has a payload type, and every payload names its deal: the gateway streams the event to whoever may read that deal. */
type EveryAbsEvent<T extends Readonly<Record<AbsEventName, { readonly dealId: string; readonly txId: string }>>> = T;

/** The payload type of each ABS event. */
export type AbsEventPayloads = EveryAbsEvent<{
    readonly [ABS_EVENTS.dealCreated]: DealCreatedEventPayload;
    readonly [ABS_EVENTS.dealTransitioned]: DealTransitionedEventPayload;
    readonly [ABS_EVENTS.dealInvestorsChanged]: DealInvestorsChangedEventPayload;
    readonly [ABS_EVENTS.poolLoansAdded]: PoolLoansAddedEventPayload;
    readonly [ABS_EVENTS.poolCutOff]: PoolCutOffEventPayload;
    readonly [ABS_EVENTS.poolLoansPurchased]: PoolLoansPurchasedEventPayload;
    readonly [ABS_EVENTS.periodOpened]: PeriodOpenedEventPayload;
    readonly [ABS_EVENTS.periodUpdatesPosted]: PeriodUpdatesPostedEventPayload;
    readonly [ABS_EVENTS.periodClosed]: PeriodClosedEventPayload;
    readonly [ABS_EVENTS.cashReported]: CashReportedEventPayload;
    readonly [ABS_EVENTS.reportAcknowledged]: ReportAcknowledgedEventPayload;
}>;
