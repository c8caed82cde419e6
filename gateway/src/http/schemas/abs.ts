import {
    BATCH_ID_PATTERN,
    COMPARATORS,
    CUMULATIVE_BASES,
    DEAL_ID_PATTERN,
    DEAL_STATUSES,
    FINGERPRINT_PATTERN,
    LOAN_ID_PATTERN,
    LOAN_STATUSES,
    MAX_LOANS_PER_BATCH,
    MAX_PERIOD_NO,
    MSP_IDS,
    ORGANISATIONS,
    PARTY_ROLES,
    PERFORMING_STATUSES,
    REMOVAL_REASONS,
    ROLL_FORWARD_LINES,
    ROW_EVENT_TYPES,
    SALT_PATTERN,
    TRIGGER_CONSEQUENCES,
    TRIGGER_METRICS,
    MAX_DAYS_PAST_DUE,
    MAX_RATE_BPS,
    MAX_TERM_MONTHS,
    RATING_PATTERN,
    REPORT_DIGEST_PATTERN,
} from '@lendledger/domain';
import { Type, type TArray, type TSchema } from 'typebox';
import { AbsCode, Amount, closed, FingerprintString, Hex64, IsoDate, IsoTime, oneOf, Open } from './common.js';

/** Request and answer schemas of the ABS area (chaincode/docs/abs-api.md). */

/** Highest rate the chaincode accepts: 100% a year in basis points. */
/** Longest term the chaincode accepts: 50 years in months. */
const PPM = Type.Integer({ minimum: 0, maximum: 1_000_000 });
/** A principal amount or balance that cannot be zero, in integer minor units. */
const PositiveAmount = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const DaysPastDue = Type.Integer({ minimum: 0, maximum: MAX_DAYS_PAST_DUE });
const RemainingTerm = Type.Integer({ minimum: 0, maximum: MAX_TERM_MONTHS });

export const DealId = Type.String({ pattern: DEAL_ID_PATTERN.source, examples: ['ANYIHUA-2026-1'] });
export const LoanId = Type.String({
    pattern: LOAN_ID_PATTERN.source,
    description: '`ln_` + 64 hex: the per-deal loan pseudonym',
});
export const BatchId = Type.String({
    pattern: BATCH_ID_PATTERN.source,
    description: 'Unique within the deal and period',
});
export const PeriodNo = Type.Integer({ minimum: 1, maximum: MAX_PERIOD_NO });
const Salt = Type.String({
    pattern: SALT_PATTERN.source,
    description: '32-128 hex: a fresh random salt per private record',
});
const Batch = <Item extends TSchema>(item: Item): TArray<Item> =>
    Type.Array(item, { minItems: 1, maxItems: MAX_LOANS_PER_BATCH });

// Requests -------------------------------------------------------------------------------------------------------

/** Names are free text and stay off the ledger: a deal and its parties are named by fingerprints of their names. */
const NameFingerprint = Type.String({
    pattern: FINGERPRINT_PATTERN.source,
    description: 'Fingerprint of the name as the offering documents write it; the name itself stays off the ledger',
});

const Party = closed({
    role: oneOf(PARTY_ROLES),
    nameFingerprint: NameFingerprint,
    mspId: Type.Optional(oneOf(ORGANISATIONS.map((org) => MSP_IDS[org]))),
});

const DealDates = closed({
    cutOffDate: IsoDate,
    closingDate: IsoDate,
    firstPaymentDate: IsoDate,
    revolvingEndDate: Type.Optional(IsoDate),
    legalMaturityDate: IsoDate,
});

const Tranche = closed({
    trancheId: AbsCode,
    originalBalance: PositiveAmount,
    rank: Type.Integer({ minimum: 1, maximum: 20 }),
    couponBps: Type.Integer({ minimum: 0, maximum: MAX_RATE_BPS }),
    rating: Type.Optional(Type.String({ pattern: RATING_PATTERN.source, maxLength: 16, examples: ['AAA', 'AA+'] })),
});

const Trigger = closed({
    triggerId: AbsCode,
    metric: oneOf(TRIGGER_METRICS),
    comparator: oneOf(COMPARATORS),
    thresholds: Type.Array(closed({ fromPeriod: PeriodNo, valuePpm: PPM }), { minItems: 1, maxItems: 120 }),
    consequence: oneOf(TRIGGER_CONSEQUENCES),
});

export const CreateDeal = Type.Object(
    {
        dealId: DealId,
        nameFingerprint: NameFingerprint,
        revolving: Type.Boolean(),
        parties: Type.Array(Party, { minItems: 1, maxItems: 30 }),
        dates: DealDates,
        tranches: Type.Array(Tranche, { minItems: 1, maxItems: 20 }),
        definitions: closed({
            defaultDaysPastDue: Type.Integer({ minimum: 1, maximum: 3650 }),
            cumulativeBasis: oneOf(CUMULATIVE_BASES),
            cleanUpThresholdPpm: PPM,
        }),
        triggers: Type.Array(Trigger, { maxItems: 20 }),
        documents: Type.Optional(
            Type.Array(closed({ type: AbsCode, fingerprint: FingerprintString }), { maxItems: 20 }),
        ),
    },
    {
        additionalProperties: false,
        description: '`revolvingEndDate` is required exactly for revolving deals; dates must be in order',
    },
);

export const TransitionDeal = closed({
    to: oneOf(DEAL_STATUSES),
    reasonCode: Type.Optional(AbsCode),
    evidence: Type.Optional(FingerprintString),
});

const loanRowMembers = {
    loanId: LoanId,
    fingerprint: FingerprintString,
    rateBps: Type.Integer({ minimum: 0, maximum: MAX_RATE_BPS }),
    originalTerm: Type.Integer({ minimum: 1, maximum: MAX_TERM_MONTHS }),
    remainingTerm: RemainingTerm,
    status: oneOf(PERFORMING_STATUSES),
    daysPastDue: DaysPastDue,
};

const LoanAmounts = closed({
    loanId: LoanId,
    originalPrincipal: PositiveAmount,
    currentPrincipal: PositiveAmount,
    salt: Salt,
});

const AMOUNTS_DESCRIPTION =
    'Private loan amounts, one entry per loan: sent to the chaincode as transient data, never written to the block';

/** The private amounts of a batch, one `item` per loan. */
const Amounts = <Item extends TSchema>(item: Item): TArray<Item> =>
    Type.Array(item, { minItems: 1, maxItems: MAX_LOANS_PER_BATCH, description: AMOUNTS_DESCRIPTION });

export const AddCutOffLoans = closed({
    batchId: BatchId,
    loans: Batch(closed(loanRowMembers)),
    amounts: Amounts(LoanAmounts),
});

export const CutOffPool = Type.Object(
    { expectedLoanCount: Type.Integer({ minimum: 1 }), expectedTapeRoot: Hex64, tapeFingerprint: FingerprintString },
    { additionalProperties: false, description: 'The tape the issuer sent; the ledger checks count and root' },
);

export const PurchaseLoans = Type.Object(
    {
        periodNo: PeriodNo,
        batchId: BatchId,
        acquisition: oneOf(['REVOLVING_PURCHASE', 'SUBSTITUTION']),
        loans: Batch(
            closed({
                ...loanRowMembers,
                evidence: FingerprintString,
                replacesLoanId: Type.Optional(LoanId),
            }),
        ),
        amounts: Amounts(LoanAmounts),
    },
    { additionalProperties: false, description: 'A SUBSTITUTION names the replaced loan in each `replacesLoanId`' },
);

export const OpenPeriod = closed({ periodNo: PeriodNo, startDate: IsoDate, endDate: IsoDate });

const PeriodRow = closed({
    loanId: LoanId,
    status: oneOf(LOAN_STATUSES),
    daysPastDue: DaysPastDue,
    remainingTerm: RemainingTerm,
    fingerprint: FingerprintString,
    evidence: Type.Optional(
        Type.Object(Object.fromEntries(ROW_EVENT_TYPES.map((type) => [type, Type.Optional(FingerprintString)])), {
            additionalProperties: false,
            description: 'Evidence fingerprint of each event the row carries',
        }),
    ),
    reasonCode: Type.Optional(oneOf(REMOVAL_REASONS)),
});

const RowAmounts = closed({
    loanId: LoanId,
    salt: Salt,
    scheduledPrincipal: Amount,
    closingBalance: Amount,
    prepaidPrincipal: Type.Optional(Amount),
    defaultedPrincipal: Type.Optional(Amount),
    repurchasedPrincipal: Type.Optional(Amount),
    substitutedPrincipal: Type.Optional(Amount),
    chargedOffPrincipal: Type.Optional(Amount),
    recoveredAmount: Type.Optional(Amount),
});

export const PostPeriodUpdates = closed({
    batchId: BatchId,
    rows: Batch(PeriodRow),
    amounts: Amounts(RowAmounts),
});

export const ClosePeriod = Type.Object(
    {
        reportFingerprint: FingerprintString,
        servicerReport: closed(Object.fromEntries(ROLL_FORWARD_LINES.map((line) => [line, Amount]))),
    },
    { additionalProperties: false, description: "The servicer's roll-forward, all nine lines" },
);

export const AcknowledgeReport = closed({
    statementCode: Type.Optional(AbsCode),
    reportDigest: Type.Optional(
        Type.String({ pattern: REPORT_DIGEST_PATTERN.source, description: 'The digest GetPeriodReport answered' }),
    ),
});

// Answers --------------------------------------------------------------------------------------------------------

const DealStatus = oneOf(DEAL_STATUSES);

export const DealRecord = Open(
    {
        dealId: DealId,
        nameFingerprint: FingerprintString,
        revolving: Type.Boolean(),
        status: DealStatus,
        issuerMspId: Type.String(),
        statusHistory: Type.Array(
            Open({ from: Type.Union([DealStatus, Type.Null()]), to: DealStatus, cause: Type.String() }),
        ),
        createdAt: IsoTime,
        updatedAt: IsoTime,
        txId: Type.String(),
    },
    'A deal as the ledger holds it',
);

export const CutOffRecord = Open({
    dealId: DealId,
    cutOffDate: IsoDate,
    loanCount: Type.Integer(),
    initialBalance: Type.Integer(),
    tapeRoot: Hex64,
    tapeSize: Type.Integer(),
    tapeFingerprint: FingerprintString,
    batchIds: Type.Array(Type.String()),
    txId: Type.String(),
    time: IsoTime,
});

export const PoolView = Open({
    pool: Open({
        dealId: DealId,
        phase: oneOf(['OPEN', 'CUT_OFF']),
        activeLoanCount: Type.Integer(),
        currentBalance: Type.Integer(),
        openPeriod: Type.Integer(),
        lastClosedPeriod: Type.Integer(),
    }),
    cutOff: Type.Union([CutOffRecord, Type.Null()]),
});

export const LoanRecord = Open(
    {
        dealId: DealId,
        loanId: LoanId,
        fingerprint: FingerprintString,
        status: oneOf(LOAN_STATUSES),
        acquisition: Type.String(),
        amountsDigest: Type.String(),
    },
    'Public loan fields: no amounts, only their salted digest',
);

export const LoanView = Open({
    loan: LoanRecord,
    rows: Type.Array(Open({ periodNo: Type.Integer(), status: Type.String(), amountsDigest: Type.String() })),
    events: Type.Array(Open({ periodNo: Type.Integer(), type: Type.String(), evidence: FingerprintString })),
    history: Type.Array(Open({ txId: Type.String(), time: Type.String(), isDelete: Type.Boolean() })),
});

export const LoanAmountsView = Open(
    { dealId: DealId, loanId: LoanId, amounts: Open({}), rows: Type.Array(Open({ periodNo: Type.Integer() })) },
    'Private amounts, from the private data collection of the peer that answers',
);

export const LoanProof = Open({
    dealId: DealId,
    loanId: LoanId,
    fingerprint: FingerprintString,
    tapeIndex: Type.Integer(),
    tapeSize: Type.Integer(),
    leafHash: Hex64,
    proof: Type.Array(Hex64),
    tapeRoot: Hex64,
});

export const TapeBatchResult = Open({
    dealId: DealId,
    batchId: BatchId,
    loanCount: Type.Integer(),
    tapeSize: Type.Integer(),
    firstTapeIndex: Type.Integer(),
});

export const PurchaseResult = Open({
    dealId: DealId,
    periodNo: Type.Integer(),
    batchId: BatchId,
    acquisition: Type.String(),
    loanCount: Type.Integer(),
});

export const PeriodUpdatesResult = Open({
    dealId: DealId,
    periodNo: Type.Integer(),
    batchId: BatchId,
    rowCount: Type.Integer(),
    eventCount: Type.Integer(),
});

export const PeriodRecord = Open({
    dealId: DealId,
    periodNo: Type.Integer(),
    startDate: IsoDate,
    endDate: IsoDate,
    status: oneOf(['OPEN', 'CLOSED']),
    openedAt: IsoTime,
    closedAt: Type.Union([IsoTime, Type.Null()]),
    report: Type.Union([
        Open({ reportFingerprint: FingerprintString, rollForward: Open({}), metrics: Open({}) }),
        Type.Null(),
    ]),
});

export const PeriodView = Open({ period: PeriodRecord, reportDigest: Type.String() });

export const MetricsSeries = Open({
    dealId: DealId,
    series: Type.Array(
        Open({
            periodNo: Type.Integer(),
            closingBalance: Type.Integer(),
            metrics: Open({}),
            breachedTriggers: Type.Array(Type.String()),
        }),
    ),
});

export const AcknowledgementRecord = Open({
    dealId: DealId,
    periodNo: Type.Integer(),
    reportDigest: Type.String(),
    investorMspId: Type.String(),
    investorSubject: Type.String(),
    statementCode: Type.Union([Type.String(), Type.Null()]),
    txId: Type.String(),
    time: IsoTime,
});
