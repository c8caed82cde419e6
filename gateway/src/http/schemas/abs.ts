import {
    BATCH_ID_PATTERN,
    COMPARATORS,
    CUMULATIVE_BASES,
    DEAL_ID_PATTERN,
    DEAL_STATUSES,
    FINGERPRINT_PATTERN,
    LOAN_ID_PATTERN,
    LOAN_STATUSES,
    MAX_DEAL_INVESTORS,
    MAX_LOANS_PER_BATCH,
    MAX_PERIOD_NO,
    PARTY_ROLES,
    PERFORMING_STATUSES,
    REMOVAL_REASONS,
    ROLL_FORWARD_LINES,
    ROW_EVENT_TYPES,
    SALT_PATTERN,
    TRIGGER_CONSEQUENCES,
    TRIGGER_METRICS,
    MAX_FIXED_FEES,
    MAX_SERVICER_FEE_BPS,
    PRINCIPAL_PAYMENTS,
    MAX_DAYS_PAST_DUE,
    MAX_RATE_BPS,
    MAX_TERM_MONTHS,
    RATING_PATTERN,
    REPORT_DIGEST_PATTERN,
    ROW_AMOUNT_FIELDS,
    DEFAULT_TAPE_PAGE_SIZE,
    TAPE_PAGE_SIZES,
} from '@lendledger/domain';
import { Type, type TArray, type TSchema } from 'typebox';
import {
    AbsCode,
    Amount,
    closed,
    FingerprintString,
    Hex64,
    IsoDate,
    IsoTime,
    LoanRef,
    MspId,
    oneOf,
    Open,
} from './common.js';

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
    mspId: Type.Optional(MspId),
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

const WaterfallTerms = Type.Object(
    {
        servicerFeeBps: Type.Integer({
            minimum: 0,
            maximum: MAX_SERVICER_FEE_BPS,
            description: "Basis points a year of the pool's opening balance, accrued over the period's days",
        }),
        fees: Type.Array(closed({ feeId: AbsCode, amount: Amount }), {
            maxItems: MAX_FIXED_FEES,
            description: 'Fixed fees a period (trustee, custodian...), paid after the servicer fee in this order',
        }),
        principalPayment: oneOf(PRINCIPAL_PAYMENTS),
    },
    {
        additionalProperties: false,
        description:
            'Fees and principal mode of the payment waterfall (docs/abs-waterfall.md); absent: no fees, pro rata',
    },
);

/** A deal's holders: MSP IDs of members holding role investor, distinct. */
const Investors = Type.Array(MspId, {
    minItems: 1,
    maxItems: MAX_DEAL_INVESTORS,
    uniqueItems: true,
    description: "The deal's holders (members with role investor): they read the deal and receive its amounts",
});

export const CreateDeal = Type.Object(
    {
        dealId: DealId,
        investors: Investors,
        // The deal's account bank (资金保管机构): a member holding role bank that is not the issuer; only it submits
        // the cash reports a period close reconciles (422 ABS_NOT_AN_ACCOUNT_BANK otherwise).
        accountBankMspId: MspId,
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
        waterfall: Type.Optional(WaterfallTerms),
    },
    {
        additionalProperties: false,
        description: '`revolvingEndDate` is required exactly for revolving deals; dates must be in order',
    },
);

export const SetInvestors = closed({ investors: Investors, reasonCode: Type.Optional(AbsCode) });

export const TransitionDeal = closed({
    to: oneOf(DEAL_STATUSES),
    reasonCode: Type.Optional(AbsCode),
    evidence: Type.Optional(FingerprintString),
});

const loanRowMembers = {
    loanId: LoanId,
    loanRef: LoanRef,
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
        interestCollections: Type.Optional(
            Type.Integer({
                minimum: 0,
                maximum: Number.MAX_SAFE_INTEGER,
                description:
                    "The servicer's interest collections of the period, the waterfall's interest funds; without it the close stores no waterfall (docs/abs-waterfall.md)",
            }),
        ),
    },
    { additionalProperties: false, description: "The servicer's roll-forward, all nine lines" },
);

/** Request of `AbsReport:SubmitCashReport`: the cash the deal's collection account received in the period. */
export const SubmitCashReport = closed({
    principal: Amount,
    interest: Amount,
    recoveries: Amount,
    statementFingerprint: FingerprintString,
});

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
        parties: Type.Array(Open({}, 'A party as `parties` of the request names it')),
        dates: Open({}, 'The dates of the request'),
        tranches: Type.Array(Open({}, 'A tranche as the request defines it')),
        definitions: Open({}, 'The definitions of the request, with the delinquency buckets the deal uses'),
        triggers: Type.Array(Open({}, 'A trigger as the request defines it')),
        documents: Type.Array(Open({}, 'A deal document as the request lists it')),
        issuerMspId: Type.String(),
        issuerSubject: Type.String(),
        accountBankMspId: Type.Optional(Type.String({ description: 'Absent on a deal created before account banks' })),
        investors: Type.Array(Type.String()),
        investorHistory: Type.Array(
            Open({
                investors: Type.Array(Type.String()),
                time: IsoTime,
                txId: Type.String(),
                reasonCode: Type.Optional(Type.String()),
            }),
        ),
        statusHistory: Type.Array(
            Open({
                from: Type.Union([DealStatus, Type.Null()]),
                to: DealStatus,
                cause: Type.String(),
                time: IsoTime,
                txId: Type.String(),
                reasonCode: Type.Optional(Type.String()),
                evidence: Type.Optional(FingerprintString),
                triggerId: Type.Optional(Type.String()),
                periodNo: Type.Optional(Type.Integer()),
            }),
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
    originalPrincipal: Type.Integer(),
    weightedRateSum: Type.String({ description: 'Sum of balance × rate, a decimal integer that may exceed 2^53' }),
    weightedTermSum: Type.String({ description: 'Sum of balance × term, a decimal integer that may exceed 2^53' }),
    wacBps: Type.Integer(),
    warmMonthsX100: Type.Integer(),
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
        tape: Open({ size: Type.Integer(), frontier: Type.Array(Hex64) }),
        activeLoanCount: Type.Integer(),
        currentBalance: Type.Integer(),
        initialBalance: Type.Integer(),
        cumulative: Open({}, 'Cumulative totals since the cut-off'),
        latestPoolFactorPpm: Type.Integer(),
        openPeriod: Type.Integer(),
        lastClosedPeriod: Type.Integer(),
        lastPeriodEndDate: Type.Union([IsoDate, Type.Null()]),
        updatedAt: IsoTime,
        txId: Type.String(),
    }),
    cutOff: Type.Union([CutOffRecord, Type.Null()]),
});

export const LoanRecord = Open(
    {
        dealId: DealId,
        loanId: LoanId,
        loanRef: LoanRef,
        fingerprint: FingerprintString,
        rateBps: Type.Integer(),
        originalTerm: Type.Integer(),
        remainingTerm: Type.Integer(),
        status: oneOf(LOAN_STATUSES),
        daysPastDue: Type.Integer(),
        acquisition: Type.String(),
        tapeIndex: Type.Optional(Type.Integer({ description: 'Position in the cut-off tape' })),
        addedInPeriod: Type.Integer(),
        acquisitionEvidence: Type.Optional(FingerprintString),
        replaces: Type.Optional(LoanId),
        replacedBy: Type.Optional(LoanId),
        lastReportedPeriod: Type.Integer(),
        amountsDigest: Type.String(),
        batchId: BatchId,
        updatedAt: IsoTime,
        txId: Type.String(),
    },
    'Public loan fields: no amounts, only their salted digest',
);

export const LoanView = Open({
    loan: LoanRecord,
    rows: Type.Array(
        Open({
            dealId: DealId,
            periodNo: Type.Integer(),
            loanId: LoanId,
            priorStatus: Type.String(),
            status: Type.String(),
            daysPastDue: Type.Integer(),
            remainingTerm: Type.Integer(),
            fingerprint: FingerprintString,
            evidence: Open({}, 'Evidence fingerprint of each event of the row, by event type'),
            reasonCode: Type.Optional(Type.String()),
            amountsDigest: Type.String(),
            batchId: BatchId,
            txId: Type.String(),
            time: IsoTime,
        }),
    ),
    events: Type.Array(Open({ periodNo: Type.Integer(), type: Type.String(), evidence: FingerprintString })),
    history: Type.Array(
        Open({ txId: Type.String(), time: Type.String(), isDelete: Type.Boolean(), value: Type.Unknown() }),
    ),
});

/** The private amounts of one period row of a loan. */
const RowAmountsRecord = Open({
    dealId: DealId,
    periodNo: Type.Integer(),
    loanId: LoanId,
    salt: Type.String(),
    ...Object.fromEntries(ROW_AMOUNT_FIELDS.map((field) => [field, Type.Integer()])),
});

export const LoanAmountsView = Open(
    {
        dealId: DealId,
        loanId: LoanId,
        amounts: Open({}),
        rows: Type.Array(RowAmountsRecord),
    },
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

/** A period's pool root or the cut-off's (period 0): the size and RFC 9162 root of the pool's log. */
const PoolRootFields = {
    periodNo: Type.Integer({ minimum: 0, maximum: MAX_PERIOD_NO, description: '0: the cut-off tape' }),
    size: Type.Integer({ minimum: 0 }),
    root: Hex64,
};

/** Answer of `AbsPool:GetPoolRoot`. */
export const PoolRootRecord = Open({ dealId: DealId, ...PoolRootFields });

/** Answer of `AbsPool:GetPoolRootConsistency`: both roots and the RFC 9162 consistency proof between them. */
export const PoolRootConsistency = Open({
    dealId: DealId,
    from: Open(PoolRootFields),
    to: Open(PoolRootFields),
    proof: Type.Array(Hex64),
});

/** A period number where 0 names the cut-off. */
export const PoolPeriodNo = Type.Integer({ minimum: 0, maximum: MAX_PERIOD_NO });

/** Query of a tape export page: where it starts and how large it is (pages are aligned subtrees of the tape). */
export const TapePageQuery = closed({
    fromIndex: Type.Optional(
        Type.Integer({
            minimum: 0,
            maximum: Number.MAX_SAFE_INTEGER,
            default: 0,
            description:
                'The cursor: `nextIndex` of the previous page, 0 or absent for the first. Not a multiple of pageSize, ' +
                'or beyond the tape: 400 `INVALID_ARGUMENT` (field `fromIndex`).',
        }),
    ),
    pageSize: Type.Optional(
        Type.Unsafe<number>({
            type: 'integer',
            enum: [...TAPE_PAGE_SIZES],
            default: DEFAULT_TAPE_PAGE_SIZE,
            description: 'Loans a page: 128, 256, 512 or 1024',
        }),
    ),
    withAmounts: Type.Optional(
        Type.Boolean({
            default: true,
            description: "Join each loan's private amounts from this organisation's peer (its own copy)",
        }),
    ),
});

/** A page of the cut-off tape with its proof (chaincode/docs/abs-api.md, `AbsPool:ExportTape`). */
export const TapePage = Open(
    {
        dealId: DealId,
        tapeRoot: Hex64,
        tapeSize: Type.Integer(),
        pageSize: Type.Integer(),
        fromIndex: Type.Integer(),
        withAmounts: Type.Boolean(),
        entries: Type.Array(
            Open({
                loan: LoanRecord,
                amounts: Type.Optional(Open({}, 'Private amounts; their canonical JSON hashes to loan.amountsDigest')),
            }),
        ),
        proof: Type.Array(Hex64, {
            description: 'Inclusion proof of the page root as leaf fromIndex / pageSize of the tree of pages',
        }),
        nextIndex: Type.Union([Type.Integer(), Type.Null()], { description: 'fromIndex of the next page; null last' }),
    },
    'One page of the cut-off tape in tape order; verify offline with verifyTapePage of @lendledger/verifier',
);

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
    openedTxId: Type.String(),
    closedAt: Type.Union([IsoTime, Type.Null()]),
    closedTxId: Type.Union([Type.String(), Type.Null()]),
    report: Type.Union([
        Open({
            reportFingerprint: FingerprintString,
            rollForward: Open({}),
            totals: Open({}, "The period's totals of the loan-level rows"),
            cumulative: Open({}, 'Cumulative totals since the cut-off'),
            basis: Open({}, 'The balances the metrics divide by'),
            metrics: Open({}),
            triggers: Type.Array(Open({}, 'One trigger tested at the close')),
            dealTransition: Type.Union([Open({}, 'The status change the close caused'), Type.Null()]),
            activeLoanCount: Type.Integer(),
            batchIds: Type.Array(Type.String()),
        }),
        Type.Null(),
    ]),
});

export const PeriodView = Open({ period: PeriodRecord, reportDigest: Type.String() });

export const MetricsSeries = Open({
    dealId: DealId,
    series: Type.Array(
        Open({
            periodNo: Type.Integer(),
            startDate: IsoDate,
            endDate: IsoDate,
            closingBalance: Type.Integer(),
            activeLoanCount: Type.Integer(),
            metrics: Open({}),
            breachedTriggers: Type.Array(Type.String()),
            dealTransition: Type.Union([Open({}), Type.Null()]),
        }),
    ),
});

const WaterfallStep = Open({
    step: Type.String(),
    account: oneOf(['INTEREST', 'PRINCIPAL']),
    kind: oneOf(['FEE', 'INTEREST', 'DEFAULT_COVER', 'PRINCIPAL', 'RESIDUAL']),
    payee: Type.Union([Type.String(), Type.Null()]),
    due: Type.Integer(),
    paid: Type.Integer(),
});

export const WaterfallRecord = Open(
    {
        dealId: DealId,
        periodNo: Type.Integer(),
        startDate: IsoDate,
        endDate: IsoDate,
        days: Type.Integer(),
        principalPayment: oneOf(PRINCIPAL_PAYMENTS),
        sequentialSince: Type.Union([Open({ periodNo: Type.Integer(), triggerId: Type.String() }), Type.Null()]),
        funds: Open({
            interestCollections: Type.Integer(),
            principalCollections: Type.Integer(),
            purchasesFunded: Type.Integer(),
            principalAvailable: Type.Integer(),
            defaultedPrincipal: Type.Integer(),
            poolBalance: Type.Integer(),
        }),
        available: Open({ interest: Type.Integer(), principal: Type.Integer(), total: Type.Integer() }),
        fees: Type.Array(Open({ feeId: Type.String(), due: Type.Integer(), paid: Type.Integer() })),
        tranches: Type.Array(
            Open({
                trancheId: Type.String(),
                rank: Type.Integer(),
                subordinated: Type.Boolean(),
                openingBalance: Type.Integer(),
                interestDue: Type.Integer(),
                interestPaid: Type.Integer(),
                interestShortfall: Type.Integer(),
                principalPaid: Type.Integer(),
                closingBalance: Type.Integer(),
            }),
        ),
        defaultCover: Type.Integer(),
        residual: Type.Integer(),
        steps: Type.Array(WaterfallStep),
        txId: Type.String(),
        time: IsoTime,
    },
    "A period's payment waterfall (docs/abs-waterfall.md): fees, each tranche's interest and principal, the residual",
);

/** Answer of `AbsReport:SubmitCashReport` and `GetCashReport`. */
export const CashReportRecord = Open({
    dealId: DealId,
    periodNo: Type.Integer(),
    principal: Type.Integer(),
    interest: Type.Integer(),
    recoveries: Type.Integer(),
    statementFingerprint: Type.String(),
    accountBankMspId: Type.String(),
    accountBankSubject: Type.String(),
    txId: Type.String(),
    time: IsoTime,
    replacedTxId: Type.Union([Type.String(), Type.Null()]),
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
