import {
    type CodedErrorBody,
    decodeCodedError,
    ROLL_FORWARD_LINES,
    type RollForward,
    tapeLeaf,
    toHex,
    zeroAmounts,
} from '@lendledger/domain';
import { merkleRoot } from '@lendledger/domain/node';
import { AbsDealContract } from '../deals/deal-contract.js';
import { AbsReportContract } from '../periods/report-contract.js';
import { AbsPoolContract } from '../pool/pool-contract.js';
import { implicitCollectionOf } from '../private-data.js';
import {
    dealRequest,
    fingerprint,
    type IdentityLike,
    type LedgerLike,
    loanId,
    loanParts,
    rowParts,
    type TestLoan,
    type StubOverrides,
    type TestRow,
    transientMap,
    withStub,
} from './abs-harness.js';
import { ACCOUNT_BANK } from './abs-ledger.js';
import { registerLoanChains } from './loan-evidence-chains.js';

/** The cash figures of a period's account-bank report, as `AbsReport:SubmitCashReport` takes them. */
export interface CashFigures {
    readonly principal: number;
    readonly interest: number;
    readonly recoveries: number;
}

/** A committed call's parsed result, its event, and how many times the function set an event. */
export interface Called<T> {
    readonly result: T;
    /** The ID of the transaction that committed the call. */
    readonly txId: string;
    readonly event?: { readonly name: string; readonly payload: unknown };
    readonly setEventCalls: number;
}

/** A refused call: the coded error and whether the ledger (public and private) is unchanged. */
export interface Refusal extends CodedErrorBody {
    readonly unchanged: boolean;
}

/** The functions that put loans into a pool: the driver registers their loans' evidence chains first. */
const POOL_ENTRIES = ['AddCutOffLoans', 'PurchaseLoans'];

/** The loanRefs a pool-entry request names (none for a request that is not an object with a loans list). */
function loanRefsOf(request: unknown): string[] {
    const parsed: unknown = typeof request === 'string' ? safeParse(request) : request;
    const loans = (parsed as { loans?: unknown } | undefined)?.loans;
    if (!Array.isArray(loans)) {
        return [];
    }
    return loans
        .map((loan) => (loan as { loanRef?: unknown } | null)?.loanRef)
        .filter((loanRef): loanRef is string => typeof loanRef === 'string' && /^loan:[0-9a-f]{64}$/.test(loanRef));
}

function safeParse(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/**
 * Drives the three ABS contracts through a deal's life in tests, as the issuer unless told otherwise. Each
 * method is one transaction.
 */
export class AbsDriver {
    readonly deal = new AbsDealContract();
    readonly pool = new AbsPoolContract();
    readonly report = new AbsReportContract();
    /** The cash each open period's posted rows collected, and the interest last reported. */
    readonly #cash = new Map<number, CashFigures>();

    constructor(
        readonly ledger: LedgerLike,
        readonly issuer: IdentityLike,
        readonly dealId = 'DEAL-2026-1',
    ) {}

    /** Invokes a transaction function with a JSON request and an optional transient map. */
    async call<T>(
        contract: object,
        fn: string,
        request: unknown,
        options: Readonly<{
            as?: IdentityLike;
            transient?: Readonly<Record<string, unknown>>;
            stub?: StubOverrides;
            /** False to put loans into the pool without registering their evidence chains first. */
            evidence?: boolean;
        }> = {},
    ): Promise<Called<T>> {
        if (options.evidence !== false && POOL_ENTRIES.includes(fn)) {
            await registerLoanChains(this.ledger, loanRefsOf(request));
        }
        let setEventCalls = 0;
        const transient = transientMap(options.transient ?? {});
        const target = withStub(contract, (stub) => ({
            getTransient: () => transient,
            setEvent: (name: string, payload: Uint8Array): void => {
                setEventCalls += 1;
                stub.setEvent(name, payload);
            },
            ...options.stub?.(stub),
        }));
        const text = typeof request === 'string' ? request : JSON.stringify(request);
        const { payload, event, txId } = await this.ledger.invoke(target, fn, options.as ?? this.issuer, text);
        return { result: JSON.parse(payload) as T, txId, ...(event === undefined ? {} : { event }), setEventCalls };
    }

    /** Runs a call that must be refused; reports its coded error and whether anything was written. */
    async refusal(action: () => Promise<unknown>): Promise<Refusal> {
        const before = this.#state();
        let caught: unknown;
        try {
            await action();
        } catch (error) {
            caught = error;
        }
        if (caught === undefined) {
            throw new Error('expected the call to be refused, it committed');
        }
        const body = decodeCodedError((caught as Error).message);
        if (body === undefined) {
            throw caught as Error;
        }
        return { ...body, unchanged: this.#state() === before };
    }

    /**
     * The ABS area's committed state: what a refused ABS call must leave as it was. The evidence chains the driver
     * registers for a batch's loans before the call are not part of the call.
     */
    #state(): string {
        const entries = (map: Map<string, string>): string[][] => [...map].sort(([a], [b]) => (a < b ? -1 : 1));
        const abs = new Map([...this.ledger.snapshot()].filter(([key]) => key.startsWith('\u0000abs.')));
        return JSON.stringify([
            entries(abs),
            entries(this.ledger.privateData(implicitCollectionOf('BankMSP'))),
            entries(this.ledger.privateData(implicitCollectionOf('InvestorMSP'))),
        ]);
    }

    /** AbsDeal:CreateDeal. */
    createDeal<T = unknown>(overrides: Readonly<Record<string, unknown>> = {}): Promise<Called<T>> {
        return this.call<T>(this.deal, 'CreateDeal', dealRequest({ dealId: this.dealId, ...overrides }));
    }

    /** AbsDeal:TransitionDeal. */
    transition<T = unknown>(to: string, extra: Readonly<Record<string, unknown>> = {}): Promise<Called<T>> {
        return this.call<T>(this.deal, 'TransitionDeal', { dealId: this.dealId, to, ...extra });
    }

    /** AbsPool:AddCutOffLoans with the loans' amounts in the transient field. */
    addCutOffLoans<T = unknown>(
        batchId: string,
        loans: readonly TestLoan[],
        options: Readonly<{ evidence?: boolean }> = {},
    ): Promise<Called<T>> {
        const parts = loans.map((loan) => loanParts(loan));
        return this.call<T>(
            this.pool,
            'AddCutOffLoans',
            { dealId: this.dealId, batchId, loans: parts.map((part) => part.row) },
            { transient: { loans: parts.map((part) => part.amounts) }, ...options },
        );
    }

    /** The tape root the issuer computes off-chain for loans in tape order. */
    static tapeRootOf(loans: readonly TestLoan[]): string {
        return toHex(merkleRoot(loans.map((loan) => tapeLeaf(loanId(loan.label), fingerprint(`tape:${loan.label}`)))));
    }

    /** AbsPool:CutOffPool stating the tape of `loans`. */
    cutOff<T = unknown>(loans: readonly TestLoan[]): Promise<Called<T>> {
        return this.call<T>(this.pool, 'CutOffPool', {
            dealId: this.dealId,
            expectedLoanCount: loans.length,
            expectedTapeRoot: AbsDriver.tapeRootOf(loans),
            tapeFingerprint: fingerprint('tape-document'),
        });
    }

    /** AbsPool:PurchaseLoans; `replaces` maps a new loan label to the label it substitutes. */
    purchase<T = unknown>(
        periodNo: number,
        batchId: string,
        acquisition: 'REVOLVING_PURCHASE' | 'SUBSTITUTION',
        loans: readonly TestLoan[],
        replaces: Readonly<Record<string, string>> = {},
        options: Readonly<{ evidence?: boolean }> = {},
    ): Promise<Called<T>> {
        const parts = loans.map((loan) => loanParts(loan));
        const rows = loans.map((loan, i) => ({
            ...parts[i]!.row,
            evidence: fingerprint(`${acquisition}:${loan.label}`),
            ...(replaces[loan.label] === undefined ? {} : { replacesLoanId: loanId(replaces[loan.label]!) }),
        }));
        return this.call<T>(
            this.pool,
            'PurchaseLoans',
            { dealId: this.dealId, periodNo, batchId, acquisition, loans: rows },
            { transient: { loans: parts.map((part) => part.amounts) }, ...options },
        );
    }

    /** AbsReport:OpenPeriod. */
    openPeriod<T = unknown>(periodNo: number, startDate: string, endDate: string): Promise<Called<T>> {
        return this.call<T>(this.report, 'OpenPeriod', { dealId: this.dealId, periodNo, startDate, endDate });
    }

    /**
     * AbsReport:PostPeriodUpdates with the rows' amounts in the transient field. Once the rows are posted, the
     * account bank reports (replaces) the period's cash as the rows posted so far collected it, in its own
     * transaction, so that a close reconciles unless a test says otherwise ({@link submitCashReport}).
     */
    async postRows<T = unknown>(periodNo: number, batchId: string, rows: readonly TestRow[]): Promise<Called<T>> {
        const parts = rows.map((row) => rowParts(row, periodNo));
        const posted = await this.call<T>(
            this.report,
            'PostPeriodUpdates',
            { dealId: this.dealId, periodNo, batchId, rows: parts.map((part) => part.row) },
            { transient: { loans: parts.map((part) => part.amounts) } },
        );
        const cash = this.#cash.get(periodNo) ?? { principal: 0, interest: 0, recoveries: 0 };
        const collected = rows.reduce(
            (sum, row) => ({
                ...sum,
                principal: sum.principal + row.scheduled + (row.prepaid ?? 0) + (row.repurchased ?? 0),
                recoveries: sum.recoveries + (row.recovered ?? 0),
            }),
            cash,
        );
        await this.submitCashReport(periodNo, collected);
        return posted;
    }

    /** AbsReport:SubmitCashReport as the deal's account bank (or `as`). */
    async submitCashReport<T = unknown>(
        periodNo: number,
        figures: CashFigures,
        as: IdentityLike = ACCOUNT_BANK,
    ): Promise<Called<T>> {
        const called = await this.call<T>(
            this.report,
            'SubmitCashReport',
            {
                dealId: this.dealId,
                periodNo,
                ...figures,
                statementFingerprint: fingerprint(`account statement:${periodNo}`),
            },
            { as },
        );
        this.#cash.set(periodNo, figures);
        return called;
    }

    /** The cash figures the driver last reported for a period (zeros before any). */
    cashOf(periodNo: number): CashFigures {
        return this.#cash.get(periodNo) ?? { principal: 0, interest: 0, recoveries: 0 };
    }

    /**
     * AbsReport:ClosePeriod with the servicer's roll-forward (and, in `extra`, e.g. its interest collections). When
     * `extra.interestCollections` is a valid figure other than the interest the account bank last reported, the
     * account bank first reports it, in its own transaction.
     */
    async close<T = unknown>(
        periodNo: number,
        servicerReport: RollForward,
        extra: Readonly<Record<string, unknown>> = {},
    ): Promise<Called<T>> {
        const cash = this.cashOf(periodNo);
        const { interestCollections: interest } = extra;
        // Only a figure the chaincode takes: a malformed one must reach the close's own refusal.
        if (
            typeof interest === 'number' &&
            Number.isSafeInteger(interest) &&
            interest >= 0 &&
            interest !== cash.interest
        ) {
            await this.submitCashReport(periodNo, { ...cash, interest });
        }
        return this.call<T>(this.report, 'ClosePeriod', {
            dealId: this.dealId,
            periodNo,
            reportFingerprint: fingerprint(`servicer-report:${periodNo}`),
            servicerReport,
            ...extra,
        });
    }
}

/** A roll-forward with every line 0 except those given. */
export function rollForward(lines: Partial<RollForward>): RollForward {
    return { ...zeroAmounts(ROLL_FORWARD_LINES), ...lines };
}
