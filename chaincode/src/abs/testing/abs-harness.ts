import { createHash } from 'node:crypto';
import { type Context } from 'fabric-contract-api';

/**
 * Test support for the ABS contracts: identifiers, request builders, and a way to hand a transaction its
 * transient map (the memory ledger's stub answers an empty one). Structural types only, so nothing here pulls
 * the memory ledger into the chaincode build.
 */

/** The memory ledger, as far as these helpers use it. */
export interface LedgerLike {
    invoke(
        contract: object,
        fn: string,
        identity: IdentityLike,
        ...args: string[]
    ): Promise<{
        readonly payload: string;
        readonly txId: string;
        readonly event?: { readonly name: string; readonly payload: unknown };
    }>;
    snapshot(): Map<string, string>;
    privateData(collection: string): Map<string, string>;
    /** Committed value of a key as UTF-8 text, or undefined. */
    read(key: string): string | undefined;
}

/** A test caller. */
export interface IdentityLike {
    readonly mspId: string;
    readonly commonName: string;
}

function hex(label: string): string {
    return createHash('sha256').update(label).digest('hex');
}

/** A loan ID (`ln_` + 64 hex) derived from a short label such as `L1`. */
export function loanId(label: string): string {
    return `ln_${hex(`loan:${label}`)}`;
}

/** An evidence loan reference (`loan:` + 64 hex) derived from a short label such as `L1`. */
export function loanRef(label: string): string {
    return `loan:${hex(`evidence loan:${label}`)}`;
}

/** A `sha256:` fingerprint derived from a label. */
export function fingerprint(label: string): string {
    return `sha256:${hex(`document:${label}`)}`;
}

/** A 64-hex salt derived from a label. */
export function salt(label: string): string {
    return hex(`salt:${label}`);
}

/** Stub members a test replaces, computed from the transaction's real stub. */
export type StubOverrides = (stub: Context['stub']) => Partial<Context['stub']>;

/**
 * Wraps a contract so that each transaction function runs with some stub members replaced (the transient map,
 * a peer without the private data, an event counter...). The functions are the contract's own.
 */
export function withStub<T extends object>(contract: T, overrides: StubOverrides): T {
    return new Proxy(contract, {
        get(target, property, receiver): unknown {
            const member: unknown = Reflect.get(target, property, receiver);
            if (typeof member !== 'function') {
                return member;
            }
            return (ctx: Context, ...args: string[]): unknown => {
                const stub = { ...ctx.stub, ...overrides(ctx.stub) };
                return (member as (...params: unknown[]) => unknown).call(target, { ...ctx, stub }, ...args);
            };
        },
    });
}

/** The transient map of a transaction: values are JSON-encoded unless already strings. */
export function transientMap(transient: Readonly<Record<string, unknown>>): Map<string, Uint8Array> {
    return new Map<string, Uint8Array>(
        Object.entries(transient).map(([key, value]) => [
            key,
            new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)),
        ]),
    );
}

/** Wraps a contract so that each transaction function sees the given transient map. */
export function withTransient<T extends object>(contract: T, transient: Readonly<Record<string, unknown>>): T {
    const map = transientMap(transient);
    return withStub(contract, () => ({ getTransient: () => map }));
}

/** A cut-off or purchased loan as a test describes it. */
export interface TestLoan {
    readonly label: string;
    readonly original: number;
    readonly current: number;
    readonly rateBps: number;
    readonly originalTerm: number;
    readonly remainingTerm: number;
    readonly status?: string;
    readonly daysPastDue?: number;
}

/**
 * Where a test's loan IDs, document fingerprints and salts come from. The unit tests derive them from labels, so
 * runs are reproducible; the integration suites use keyed pseudonyms and random salts, as an issuer would.
 */
export interface TestIds {
    loanId(label: string): string;
    /** The loan's reference in the evidence area, which its pool row names. */
    loanRef(label: string): string;
    /** The fingerprint of a loan's full tape row, the same every time (the tape root is computed from it). */
    tapeFingerprint(label: string): string;
    /** The fingerprint of another document, named by what it is. */
    fingerprint(name: string): string;
    salt(name: string): string;
}

const DERIVED_IDS: TestIds = {
    loanId,
    loanRef,
    tapeFingerprint: (label) => fingerprint(`tape:${label}`),
    fingerprint,
    salt,
};

/** The public row and the transient amounts of a test loan. */
export function loanParts(
    loan: TestLoan,
    ids: TestIds = DERIVED_IDS,
): { row: Record<string, unknown>; amounts: Record<string, unknown> } {
    return {
        row: {
            loanId: ids.loanId(loan.label),
            loanRef: ids.loanRef(loan.label),
            fingerprint: ids.tapeFingerprint(loan.label),
            rateBps: loan.rateBps,
            originalTerm: loan.originalTerm,
            remainingTerm: loan.remainingTerm,
            status: loan.status ?? 'CURRENT',
            daysPastDue: loan.daysPastDue ?? 0,
        },
        amounts: {
            loanId: ids.loanId(loan.label),
            originalPrincipal: loan.original,
            currentPrincipal: loan.current,
            salt: ids.salt(`loan:${loan.label}`),
        },
    };
}

/** A loan's period row as a test describes it; exception amounts get evidence automatically. */
export interface TestRow {
    readonly label: string;
    readonly status: string;
    readonly daysPastDue?: number;
    readonly remainingTerm: number;
    readonly scheduled: number;
    readonly prepaid?: number;
    readonly defaulted?: number;
    readonly repurchased?: number;
    readonly substituted?: number;
    readonly chargedOff?: number;
    readonly recovered?: number;
    readonly closing: number;
    readonly reasonCode?: string;
}

const EVIDENCE_OF = {
    prepaid: 'PREPAYMENT',
    defaulted: 'DEFAULT',
    chargedOff: 'CHARGE_OFF',
    recovered: 'RECOVERY',
    repurchased: 'REPURCHASE',
    substituted: 'SUBSTITUTION_OUT',
} as const;

/** The public row and the transient amounts of a test row in a period. */
export function rowParts(
    row: TestRow,
    periodNo: number,
    ids: TestIds = DERIVED_IDS,
): { row: Record<string, unknown>; amounts: Record<string, unknown> } {
    const evidence = Object.fromEntries(
        Object.entries(EVIDENCE_OF)
            .filter(([field]) => (row[field as keyof typeof EVIDENCE_OF] ?? 0) > 0)
            .map(([, type]) => [type, ids.fingerprint(`${type}:${row.label}:${periodNo}`)]),
    );
    return {
        row: {
            loanId: ids.loanId(row.label),
            status: row.status,
            daysPastDue: row.daysPastDue ?? 0,
            remainingTerm: row.remainingTerm,
            fingerprint: ids.fingerprint(`row:${row.label}:${periodNo}`),
            ...(Object.keys(evidence).length > 0 ? { evidence } : {}),
            ...(row.reasonCode === undefined ? {} : { reasonCode: row.reasonCode }),
        },
        amounts: {
            loanId: ids.loanId(row.label),
            scheduledPrincipal: row.scheduled,
            prepaidPrincipal: row.prepaid ?? 0,
            defaultedPrincipal: row.defaulted ?? 0,
            repurchasedPrincipal: row.repurchased ?? 0,
            substitutedPrincipal: row.substituted ?? 0,
            chargedOffPrincipal: row.chargedOff ?? 0,
            recoveredAmount: row.recovered ?? 0,
            closingBalance: row.closing,
            salt: ids.salt(`row:${row.label}:${periodNo}`),
        },
    };
}

/** A CreateDeal request for tests: a revolving deal with a cumulative-default early-amortisation trigger. */
export function dealRequest(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
    return {
        dealId: 'DEAL-2026-1',
        investors: ['InvestorMSP'],
        // The second bank of the test registries (absLedger) and of the integration instance.
        accountBankMspId: 'Bank2MSP',
        // Names stay off the ledger: the deal and its parties are named by fingerprints of the offering documents.
        nameFingerprint: fingerprint('deal name: LendLedger Consumer Loan ABS 2026-1'),
        revolving: true,
        parties: [
            {
                role: 'ORIGINATOR',
                nameFingerprint: fingerprint('party name: Example Bank Co., Ltd.'),
                mspId: 'BankMSP',
            },
            { role: 'TRUSTEE', nameFingerprint: fingerprint('party name: Example Trust Co., Ltd.') },
            { role: 'NOTARY', nameFingerprint: fingerprint('party name: Example Notary Office'), mspId: 'NotaryMSP' },
        ],
        dates: {
            cutOffDate: '2026-01-31',
            closingDate: '2026-02-10',
            firstPaymentDate: '2026-03-26',
            revolvingEndDate: '2026-08-31',
            legalMaturityDate: '2029-12-26',
        },
        tranches: [
            { trancheId: 'A', originalBalance: 775_000, rank: 1, couponBps: 280, rating: 'AAA' },
            { trancheId: 'B', originalBalance: 75_000, rank: 2, couponBps: 350, rating: 'AA' },
            { trancheId: 'SUB', originalBalance: 150_000, rank: 3, couponBps: 0 },
        ],
        definitions: { defaultDaysPastDue: 91, cumulativeBasis: 'INITIAL_BALANCE', cleanUpThresholdPpm: 100_000 },
        triggers: [
            {
                triggerId: 'CDR_EARLY_AMORTISATION',
                metric: 'CUMULATIVE_DEFAULT_RATE',
                comparator: 'GT',
                thresholds: [
                    { fromPeriod: 1, valuePpm: 50_000 },
                    { fromPeriod: 4, valuePpm: 80_000 },
                ],
                consequence: 'EARLY_AMORTISATION',
            },
            {
                triggerId: 'DQ60_WATCH',
                metric: 'DELINQUENCY_60_PLUS',
                comparator: 'GT',
                thresholds: [{ fromPeriod: 1, valuePpm: 200_000 }],
                consequence: 'REPORT_ONLY',
            },
        ],
        documents: [{ type: 'PROSPECTUS', fingerprint: fingerprint('prospectus') }],
        ...overrides,
    };
}
