/** Deal records of the ABS area: the securitisation, its parties, dates, tranches, definitions and triggers. */
import { type WaterfallTerms } from './waterfall/terms.js';

/** The states of a deal, in lifecycle order. */
export const DEAL_STATUSES = [
    'STRUCTURING',
    'CUT_OFF',
    'ISSUED',
    'REVOLVING',
    'AMORTISING',
    'EARLY_AMORTISATION',
    'CLEAN_UP',
    'CLOSED',
] as const;

/** A deal state. */
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** Roles a party plays in a deal. */
export const PARTY_ROLES = [
    'ORIGINATOR',
    'SERVICER',
    'TRUSTEE',
    'CUSTODIAN',
    'UNDERWRITER',
    'RATING_AGENCY',
    'AUDITOR',
    'NOTARY',
    'INVESTOR_REPRESENTATIVE',
] as const;

/** A party role. */
export type PartyRole = (typeof PARTY_ROLES)[number];

/** An institution taking part in the deal (never a natural person). */
export interface DealParty {
    readonly role: PartyRole;
    /**
     * Fingerprint of the party's name as the offering documents write it. The name itself stays off the ledger:
     * free text can carry personal data, and every member's peer keeps every block for good.
     */
    readonly nameFingerprint: string;
    /** The consortium MSP the party acts through, when it is a member. */
    readonly mspId?: string;
}

/** The deal's key dates, calendar dates `YYYY-MM-DD`. */
export interface DealDates {
    readonly cutOffDate: string;
    readonly closingDate: string;
    readonly firstPaymentDate: string;
    /** End of the revolving (持续购买) period; present exactly for revolving deals. */
    readonly revolvingEndDate?: string;
    readonly legalMaturityDate: string;
}

/** A class of notes. */
export interface Tranche {
    readonly trancheId: string;
    /** Original principal in minor units. */
    readonly originalBalance: number;
    /** Payment priority, 1 = most senior. */
    readonly rank: number;
    /** Coupon in basis points a year (0 for a subordinated class). */
    readonly couponBps: number;
    readonly rating?: string;
}

/** How the cumulative default rate and cumulative net loss are based. */
export const CUMULATIVE_BASES = ['INITIAL_BALANCE', 'INITIAL_PLUS_REVOLVING'] as const;

/** A cumulative basis. */
export type CumulativeBasis = (typeof CUMULATIVE_BASES)[number];

/** One delinquency bucket: days past due from `fromDays` up to `toDays` (inclusive), `null` for open-ended. */
export interface DelinquencyBucket {
    readonly status: 'DPD_1_30' | 'DPD_31_60' | 'DPD_61_90' | 'DPD_90_PLUS';
    readonly fromDays: number;
    readonly toDays: number | null;
}

/** The delinquency buckets every deal uses: 30-day increments (Reg AB), M1-M3 and 90+ in Chinese trustee reports. */
export const DELINQUENCY_BUCKETS: readonly DelinquencyBucket[] = [
    { status: 'DPD_1_30', fromDays: 1, toDays: 30 },
    { status: 'DPD_31_60', fromDays: 31, toDays: 60 },
    { status: 'DPD_61_90', fromDays: 61, toDays: 90 },
    { status: 'DPD_90_PLUS', fromDays: 91, toDays: null },
];

/** The deal's definitions, fixed when the deal is created. */
export interface DealDefinitions {
    /** The buckets delinquency is reported in (always {@link DELINQUENCY_BUCKETS}, recorded so readers see them). */
    readonly delinquencyBuckets: readonly DelinquencyBucket[];
    /**
     * Default definition: a loan at this many days past due or more is in default and must be reported DEFAULTED
     * (or CHARGED_OFF); the issuer may declare a default earlier (insolvency, fraud, acceleration).
     */
    readonly defaultDaysPastDue: number;
    /** Basis of the cumulative default rate and cumulative net loss. */
    readonly cumulativeBasis: CumulativeBasis;
    /** The deal may enter CLEAN_UP only when the latest pool factor is at or below this (parts per million). */
    readonly cleanUpThresholdPpm: number;
}

/** Metrics a trigger can test; all are parts-per-million integers. */
export const TRIGGER_METRICS = [
    'CUMULATIVE_DEFAULT_RATE',
    'CUMULATIVE_NET_LOSS',
    'DELINQUENCY_60_PLUS',
    'DELINQUENCY_90_PLUS',
    'POOL_FACTOR',
    'CPR',
    'CDR',
] as const;

/** A trigger metric. */
export type TriggerMetric = (typeof TRIGGER_METRICS)[number];

/** How a metric is compared with its threshold; the trigger is breached when `value <comparator> threshold`. */
export const COMPARATORS = ['GT', 'GTE', 'LT', 'LTE'] as const;

/** A comparator. */
export type Comparator = (typeof COMPARATORS)[number];

/**
 * What a breach does: move the deal to EARLY_AMORTISATION (which also switches principal to sequential pay), switch
 * principal to sequential pay from this close on without moving the deal, or only record the breach in the report.
 */
export const TRIGGER_CONSEQUENCES = ['EARLY_AMORTISATION', 'SEQUENTIAL_PAY', 'REPORT_ONLY'] as const;

/** A trigger consequence. */
export type TriggerConsequence = (typeof TRIGGER_CONSEQUENCES)[number];

/** One step of a threshold schedule: from this period on, the threshold is `valuePpm`. */
export interface ThresholdStep {
    readonly fromPeriod: number;
    readonly valuePpm: number;
}

/** A trigger (加速清偿事件 and similar): a predicate over a computed metric, evaluated at every period close. */
export interface TriggerDefinition {
    readonly triggerId: string;
    readonly metric: TriggerMetric;
    readonly comparator: Comparator;
    /** Threshold schedule, strictly increasing `fromPeriod`, the first step from period 1. */
    readonly thresholds: readonly ThresholdStep[];
    readonly consequence: TriggerConsequence;
}

/** A document of the deal (prospectus, trust deed, servicing agreement...) by salted fingerprint. */
export interface DealDocument {
    readonly type: string;
    readonly fingerprint: string;
}

/** What moved a deal: the issuer, the pool cut-off transaction, or a computed trigger breach. */
export type StatusCause = 'ISSUER' | 'POOL_CUT_OFF' | 'TRIGGER';

/** One entry of a deal's status history. */
export interface StatusChange {
    readonly from: DealStatus | null;
    readonly to: DealStatus;
    readonly cause: StatusCause;
    readonly time: string;
    readonly txId: string;
    readonly reasonCode?: string;
    readonly evidence?: string;
    readonly triggerId?: string;
    readonly periodNo?: number;
}

/** The request of `AbsDeal:CreateDeal`. */
export interface CreateDealRequest {
    readonly dealId: string;
    /**
     * MSP IDs of the members holding the deal's notes (role investor), sorted and distinct, at least one: they read
     * the deal, its pool, its reports and its loans' evidence, and receive its private amounts.
     */
    readonly investors: readonly string[];
    /**
     * MSP ID of the deal's account bank (资金保管机构): a member holding role bank that is not the issuer. Only it
     * submits the per-period cash reports a period's close reconciles with the servicer's collections.
     */
    readonly accountBankMspId: string;
    /** Fingerprint of the deal's name (e.g. the prospectus title); the name stays off the ledger, like party names. */
    readonly nameFingerprint: string;
    readonly revolving: boolean;
    readonly parties: readonly DealParty[];
    readonly dates: DealDates;
    readonly tranches: readonly Tranche[];
    readonly definitions: Omit<DealDefinitions, 'delinquencyBuckets'>;
    readonly triggers: readonly TriggerDefinition[];
    readonly documents: readonly DealDocument[];
    /** Fees and principal mode of the payment waterfall; absent: no fees, pro rata (docs/abs-waterfall.md). */
    readonly waterfall?: WaterfallTerms;
}

/** One change of a deal's holders: the list in force from this transaction on. */
export interface InvestorChange {
    readonly investors: readonly string[];
    readonly time: string;
    readonly txId: string;
    readonly reasonCode?: string;
}

/** A deal as the ledger holds it (public state). */
export interface DealRecord extends Omit<CreateDealRequest, 'definitions'> {
    readonly definitions: DealDefinitions;
    /** Every list of holders the deal has had, oldest first; the last is `investors`. */
    readonly investorHistory: readonly InvestorChange[];
    readonly issuerMspId: string;
    readonly issuerSubject: string;
    readonly status: DealStatus;
    readonly statusHistory: readonly StatusChange[];
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly txId: string;
}

/** The request of `AbsDeal:TransitionDeal`. */
export interface TransitionDealRequest {
    readonly dealId: string;
    readonly to: DealStatus;
    readonly reasonCode?: string;
    readonly evidence?: string;
}

/** The request of `AbsDeal:SetInvestors`: the deal's holders from now on. */
export interface SetInvestorsRequest {
    readonly dealId: string;
    readonly investors: readonly string[];
    readonly reasonCode?: string;
}
