import { canonicalJson } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';

const DEAL = 'ANYIHUA-2026-1';
const FP = `sha256:${'a'.repeat(64)}`;
const ROOT = 'c'.repeat(64);
const SALT = 'd'.repeat(32);
const LOAN_A = `ln_${'1'.repeat(64)}`;
const LOAN_B = `ln_${'2'.repeat(64)}`;
/** The deal's parties as AbsDeal:GetDeal answers them, and the endorsers they make: the issuer, then each holder. */
const PARTIES = { dealId: DEAL, issuerMspId: 'BankMSP', investors: ['Investor2MSP', 'InvestorMSP'] };
const ENDORSERS = ['BankMSP', 'Investor2MSP', 'InvestorMSP'];
const LOAN_REF = `loan:${'9'.repeat(64)}`;

const loanRow = (loanId: string): Record<string, unknown> => ({
    loanId,
    loanRef: LOAN_REF,
    fingerprint: FP,
    rateBps: 480,
    originalTerm: 36,
    remainingTerm: 30,
    status: 'CURRENT',
    daysPastDue: 0,
});
const loanAmounts = (loanId: string): Record<string, unknown> => ({
    loanId,
    originalPrincipal: 1_000_000,
    currentPrincipal: 850_000,
    salt: SALT,
});

const tapeBatch = {
    batchId: 'TAPE-1',
    loans: [loanRow(LOAN_A), loanRow(LOAN_B)],
    amounts: [loanAmounts(LOAN_A), loanAmounts(LOAN_B)],
};
const purchase = {
    periodNo: 2,
    batchId: 'BUY-2',
    acquisition: 'SUBSTITUTION',
    loans: [{ ...loanRow(LOAN_B), evidence: FP, replacesLoanId: LOAN_A }],
    amounts: [loanAmounts(LOAN_B)],
};
const rowAmounts = { loanId: LOAN_A, salt: SALT, scheduledPrincipal: 20_000, closingBalance: 830_000 };
const rowBatch = {
    batchId: 'ROWS-1',
    rows: [{ loanId: LOAN_A, status: 'CURRENT', daysPastDue: 0, remainingTerm: 29, fingerprint: FP }],
    amounts: [rowAmounts],
};
const servicerReport = {
    openingBalance: 850_000,
    revolvingPurchasedPrincipal: 0,
    substitutionInPrincipal: 0,
    scheduledPrincipal: 20_000,
    prepaidPrincipal: 0,
    defaultedPrincipal: 0,
    repurchasedPrincipal: 0,
    substitutedPrincipal: 0,
    closingBalance: 830_000,
};
const deal = {
    dealId: DEAL,
    investors: ['InvestorMSP'],
    accountBankMspId: 'Bank2MSP',
    nameFingerprint: `sha256:${'e'.repeat(64)}`,
    revolving: false,
    parties: [{ role: 'ORIGINATOR', nameFingerprint: `sha256:${'f'.repeat(64)}`, mspId: 'BankMSP' }],
    dates: {
        cutOffDate: '2026-01-31',
        closingDate: '2026-02-10',
        firstPaymentDate: '2026-03-26',
        legalMaturityDate: '2029-12-26',
    },
    tranches: [{ trancheId: 'A', originalBalance: 775_000_000, rank: 1, couponBps: 280, rating: 'AAA' }],
    definitions: { defaultDaysPastDue: 91, cumulativeBasis: 'INITIAL_BALANCE', cleanUpThresholdPpm: 100_000 },
    triggers: [
        {
            triggerId: 'CDR_EA',
            metric: 'CUMULATIVE_DEFAULT_RATE',
            comparator: 'GT',
            thresholds: [{ fromPeriod: 1, valuePpm: 20_000 }],
            consequence: 'EARLY_AMORTISATION',
        },
    ],
};

describe('ABS routes', () => {
    const suite = routeSuite();
    const send = suite.send;
    const answerParties = (): void => {
        suite.gateway.ledger.on('AbsDeal:GetDeal', () => canonicalJson(PARTIES));
    };

    describe.each([
        ['POST', '/v1/abs/deals', deal, 'AbsDeal:CreateDeal', deal],
        [
            'POST',
            `/v1/abs/deals/${DEAL}/transitions`,
            { to: 'ISSUED' },
            'AbsDeal:TransitionDeal',
            { dealId: DEAL, to: 'ISSUED' },
        ],
        [
            'POST',
            `/v1/abs/deals/${DEAL}/periods`,
            { periodNo: 1, startDate: '2026-02-01', endDate: '2026-02-28' },
            'AbsReport:OpenPeriod',
            { dealId: DEAL, periodNo: 1, startDate: '2026-02-01', endDate: '2026-02-28' },
        ],
        [
            'PUT',
            `/v1/abs/deals/${DEAL}/periods/3/cash-report`,
            { principal: 80_000, interest: 7_500, recoveries: 0, statementFingerprint: `sha256:${'c'.repeat(64)}` },
            'AbsReport:SubmitCashReport',
            {
                dealId: DEAL,
                periodNo: 3,
                principal: 80_000,
                interest: 7_500,
                recoveries: 0,
                statementFingerprint: `sha256:${'c'.repeat(64)}`,
            },
        ],
        [
            'POST',
            `/v1/abs/deals/${DEAL}/periods/3/acknowledgements`,
            { statementCode: 'RECOMPUTED_OK' },
            'AbsReport:AcknowledgeReport',
            { dealId: DEAL, periodNo: 3, statementCode: 'RECOMPUTED_OK' },
        ],
    ] as const)('%s %s (public write)', (method, url, body, transaction, request) => {
        it(`submits ${transaction} with the request as its one argument, endorsed by the default policy`, async () => {
            const response = await send(method, url, body);
            expect(response.statusCode).toBe(200);
            expect(suite.gateway.ledger.endorsed).toHaveLength(1);
            const call = suite.gateway.ledger.endorsed[0]!;
            expect(call).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
            expect(call.transient).toBeUndefined();
            expect(call.endorsingOrganizations).toBeUndefined();
        });
    });

    describe.each([
        [
            `/v1/abs/deals/${DEAL}/pool/tape-batches`,
            tapeBatch,
            'AbsPool:AddCutOffLoans',
            { dealId: DEAL, batchId: 'TAPE-1', loans: tapeBatch.loans },
        ],
        [
            `/v1/abs/deals/${DEAL}/pool/purchases`,
            purchase,
            'AbsPool:PurchaseLoans',
            { dealId: DEAL, periodNo: 2, batchId: 'BUY-2', acquisition: 'SUBSTITUTION', loans: purchase.loans },
        ],
        [
            `/v1/abs/deals/${DEAL}/periods/2/row-batches`,
            rowBatch,
            'AbsReport:PostPeriodUpdates',
            { dealId: DEAL, periodNo: 2, batchId: 'ROWS-1', rows: rowBatch.rows },
        ],
    ] as const)('POST %s (private amounts)', (url, body, transaction, request) => {
        it(`moves the amounts to transient "loans" and endorses ${transaction} on the deal's parties`, async () => {
            answerParties();
            const response = await send('POST', url, body);
            expect(response.statusCode).toBe(200);
            const call = suite.gateway.ledger.endorsed[0]!;
            expect(call).toMatchObject({
                name: transaction,
                args: [canonicalJson(request)],
                endorsingOrganizations: ENDORSERS,
            });
            expect(call.transient).toEqual({ loans: canonicalJson(body.amounts) });
        });

        it('keeps every amount and salt out of the argument written to the block', async () => {
            answerParties();
            await send('POST', url, body);
            const argument = suite.gateway.ledger.endorsed[0]!.args.join('\n');
            for (const secret of ['amounts', 'Principal', 'closingBalance', SALT, '850000', '20000']) {
                expect(argument).not.toContain(secret);
            }
        });
    });

    it("endorses SetInvestors on the deal's current parties, whose guard policy the change is held to", async () => {
        answerParties();
        const body = { investors: ['InvestorMSP'], reasonCode: 'NOTES_SOLD' };
        const response = await send('PUT', `/v1/abs/deals/${DEAL}/investors`, body);
        expect(response.statusCode).toBe(200);
        const [call] = suite.gateway.ledger.endorsed;
        expect(call).toMatchObject({
            name: 'AbsDeal:SetInvestors',
            args: [canonicalJson({ ...body, dealId: DEAL })],
            // Investor2MSP leaves, and still endorses: the committed guard names it.
            endorsingOrganizations: ENDORSERS,
        });
        expect(call?.transient).toBeUndefined();
    });

    it.each([
        [
            `/v1/abs/deals/${DEAL}/pool/cut-off`,
            { expectedLoanCount: 2, expectedTapeRoot: ROOT, tapeFingerprint: FP },
            'AbsPool:CutOffPool',
        ],
        [`/v1/abs/deals/${DEAL}/periods/2/close`, { reportFingerprint: FP, servicerReport }, 'AbsReport:ClosePeriod'],
    ])(
        "endorses %s, which reads private totals, on the deal's parties without transient data",
        async (url, body, transaction) => {
            answerParties();
            const response = await send('POST', url, body);
            expect(response.statusCode).toBe(200);
            const [call] = suite.gateway.ledger.endorsed;
            const periodNo = url.includes('/periods/') ? { periodNo: 2 } : {};
            expect(call).toMatchObject({
                name: transaction,
                args: [canonicalJson({ ...body, dealId: DEAL, ...periodNo })],
                endorsingOrganizations: ENDORSERS,
            });
            expect(call?.transient).toBeUndefined();
        },
    );

    it.each([
        ['/v1/abs/deals?pageSize=5', 'AbsDeal:ListDeals', { pageSize: 5 }],
        [`/v1/abs/deals/${DEAL}`, 'AbsDeal:GetDeal', { dealId: DEAL }],
        [`/v1/abs/deals/${DEAL}/pool`, 'AbsPool:GetPool', { dealId: DEAL }],
        [
            `/v1/abs/deals/${DEAL}/pool/loans?bookmark=b1`,
            'AbsPool:ListLoans',
            { bookmark: 'b1', dealId: DEAL, pageSize: 100 },
        ],
        [`/v1/abs/deals/${DEAL}/pool/loans/${LOAN_A}`, 'AbsPool:GetLoan', { dealId: DEAL, loanId: LOAN_A }],
        [
            `/v1/abs/deals/${DEAL}/pool/loans/${LOAN_A}/amounts`,
            'AbsPool:GetLoanAmounts',
            { dealId: DEAL, loanId: LOAN_A },
        ],
        [`/v1/abs/deals/${DEAL}/pool/loans/${LOAN_A}/proof`, 'AbsPool:GetLoanProof', { dealId: DEAL, loanId: LOAN_A }],
        [
            `/v1/abs/deals/${DEAL}/pool/tape`,
            'AbsPool:ExportTape',
            { dealId: DEAL, fromIndex: 0, pageSize: 512, withAmounts: true },
        ],
        [
            `/v1/abs/deals/${DEAL}/pool/tape?fromIndex=1024&pageSize=256&withAmounts=false`,
            'AbsPool:ExportTape',
            { dealId: DEAL, fromIndex: 1024, pageSize: 256, withAmounts: false },
        ],
        [`/v1/abs/deals/${DEAL}/pool/roots/0`, 'AbsPool:GetPoolRoot', { dealId: DEAL, periodNo: 0 }],
        [`/v1/abs/deals/${DEAL}/periods/4/cash-report`, 'AbsReport:GetCashReport', { dealId: DEAL, periodNo: 4 }],
        [
            `/v1/abs/deals/${DEAL}/pool/consistency?fromPeriod=0&toPeriod=3`,
            'AbsPool:GetPoolRootConsistency',
            { dealId: DEAL, fromPeriod: 0, toPeriod: 3 },
        ],
        [`/v1/abs/deals/${DEAL}/periods`, 'AbsReport:ListPeriodReports', { dealId: DEAL, pageSize: 100 }],
        [`/v1/abs/deals/${DEAL}/periods/4`, 'AbsReport:GetPeriodReport', { dealId: DEAL, periodNo: 4 }],
        [`/v1/abs/deals/${DEAL}/periods/4/waterfall`, 'AbsReport:GetPeriodWaterfall', { dealId: DEAL, periodNo: 4 }],
        [
            `/v1/abs/deals/${DEAL}/periods/4/acknowledgements`,
            'AbsReport:ListAcknowledgements',
            { dealId: DEAL, periodNo: 4 },
        ],
        [
            `/v1/abs/deals/${DEAL}/metrics?fromPeriod=2&toPeriod=6`,
            'AbsReport:GetMetricsSeries',
            { dealId: DEAL, fromPeriod: 2, toPeriod: 6 },
        ],
    ])('GET %s evaluates %s for an auditor', async (url, transaction, request) => {
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.evaluated[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        '',
        'fromPeriod=1',
        'fromPeriod=-1&toPeriod=2',
        'fromPeriod=1&toPeriod=x',
        'fromPeriod=0&toPeriod=1&extra=1',
    ])('refuses a consistency query %s with 400 before reading the ledger', async (query) => {
        const response = await send('GET', `/v1/abs/deals/${DEAL}/pool/consistency?${query}`, undefined, ['auditor']);
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toMatch(/problem\+json/);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
        expect(suite.gateway.ledger.evaluated).toHaveLength(0);
    });

    it.each([
        { principal: -1, interest: 0, recoveries: 0 },
        { principal: 1.5, interest: 0, recoveries: 0 },
        { principal: 1, interest: 0 },
        { principal: 1, interest: 0, recoveries: 0, extra: 1 },
    ])('refuses a malformed cash report %o with 400 before calling the ledger', async (figures) => {
        const body = { ...figures, statementFingerprint: `sha256:${'c'.repeat(64)}` };
        const response = await send('PUT', `/v1/abs/deals/${DEAL}/periods/3/cash-report`, body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        'pageSize=100',
        'pageSize=2048',
        'pageSize=many',
        'fromIndex=-128',
        'fromIndex=1.5',
        'fromIndex=next',
        'withAmounts=maybe',
        'bookmark=abc',
    ])('refuses a tape page query %s with 400 VALIDATION_FAILED before reading the ledger', async (query) => {
        const response = await send('GET', `/v1/abs/deals/${DEAL}/pool/tape?${query}`, undefined, ['auditor']);
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
        expect(suite.gateway.ledger.evaluated).toHaveLength(0);
    });

    it('answers a cursor that is no page start with the chaincode refusal as 400 INVALID_ARGUMENT', async () => {
        suite.gateway.ledger.on('AbsPool:ExportTape', () => {
            throw rejection('INVALID_ARGUMENT', 'fromIndex 64 is not the start of a page', { field: 'fromIndex' });
        });
        const response = await send('GET', `/v1/abs/deals/${DEAL}/pool/tape?fromIndex=64`, undefined, ['auditor']);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'fromIndex' } });
    });

    it.each([
        [
            'an amount entry with a short salt',
            `/v1/abs/deals/${DEAL}/pool/tape-batches`,
            { ...tapeBatch, amounts: [{ ...loanAmounts(LOAN_A), salt: 'abc' }] },
        ],
        [
            'a negative amount',
            `/v1/abs/deals/${DEAL}/periods/2/row-batches`,
            { ...rowBatch, amounts: [{ ...rowAmounts, scheduledPrincipal: -1 }] },
        ],
        [
            'an amount inside a loan row',
            `/v1/abs/deals/${DEAL}/pool/tape-batches`,
            { ...tapeBatch, loans: [{ ...loanRow(LOAN_A), currentPrincipal: 1 }] },
        ],
        [
            'more than 500 loans',
            `/v1/abs/deals/${DEAL}/pool/tape-batches`,
            { ...tapeBatch, loans: Array.from({ length: 501 }, () => loanRow(LOAN_A)) },
        ],
        [
            'an unknown event type',
            `/v1/abs/deals/${DEAL}/periods/2/row-batches`,
            { ...rowBatch, rows: [{ ...rowBatch.rows[0], evidence: { REFINANCE: FP } }] },
        ],
        [
            'a servicer report without a line',
            `/v1/abs/deals/${DEAL}/periods/2/close`,
            { reportFingerprint: FP, servicerReport: { ...servicerReport, closingBalance: undefined } },
        ],
        ['period 0', `/v1/abs/deals/${DEAL}/periods/0/close`, { reportFingerprint: FP, servicerReport }],
        ['a deal ID with a space', '/v1/abs/deals/BAD%20DEAL/transitions', { to: 'ISSUED' }],
        ['an unknown deal state', `/v1/abs/deals/${DEAL}/transitions`, { to: 'DEFAULTED' }],
    ])('refuses %s with 400 VALIDATION_FAILED before calling the chaincode', async (_case, url, body) => {
        const response = await send('POST', url, body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it('refuses a private write to an auditor with 403 ROLE_REQUIRED and endorses nothing', async () => {
        const response = await send('POST', `/v1/abs/deals/${DEAL}/pool/tape-batches`, tapeBatch, ['auditor']);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ROLE_REQUIRED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        ['AbsPool:AddCutOffLoans', `/v1/abs/deals/${DEAL}/pool/tape-batches`, tapeBatch, 'ABS_AMOUNTS_MISMATCH', 400],
        [
            'AbsReport:OpenPeriod',
            `/v1/abs/deals/${DEAL}/periods`,
            { periodNo: 3, startDate: '2026-04-01', endDate: '2026-04-30' },
            'ABS_PERIOD_SEQUENCE',
            409,
        ],
        [
            'AbsPool:CutOffPool',
            `/v1/abs/deals/${DEAL}/pool/cut-off`,
            { expectedLoanCount: 3, expectedTapeRoot: ROOT, tapeFingerprint: FP },
            'ABS_TAPE_MISMATCH',
            422,
        ],
        ['AbsDeal:TransitionDeal', `/v1/abs/deals/${DEAL}/transitions`, { to: 'CLOSED' }, 'ABS_TRANSITION_GUARD', 409],
    ])('answers a %s refusal with its catalogue status', async (transaction, url, body, code, status) => {
        answerParties();
        suite.gateway.ledger.on(transaction, () => {
            throw rejection(code, `${code} from the chaincode`, { field: 'periodNo' });
        });
        const response = await send('POST', url, body);
        expect(response.statusCode).toBe(status);
        expect(response.json()).toMatchObject({
            code,
            status,
            detail: `${code} from the chaincode`,
            details: { field: 'periodNo' },
        });
    });

    it('reads the deal as the caller before a private write, and endorses nothing for a deal it is no party of', async () => {
        suite.gateway.ledger.on('AbsDeal:GetDeal', () => {
            throw rejection('ABS_NOT_DEAL_PARTY', 'Bank2MSP is neither the issuer nor a holder', { dealId: DEAL });
        });
        const response = await send('POST', `/v1/abs/deals/${DEAL}/pool/tape-batches`, tapeBatch);
        expect(response.statusCode).toBe(403);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json()).toMatchObject({ code: 'ABS_NOT_DEAL_PARTY', status: 403 });
        expect(suite.gateway.ledger.evaluated.map((call) => call.name)).toEqual(['AbsDeal:GetDeal']);
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        `/v1/abs/deals/${DEAL}`,
        `/v1/abs/deals/${DEAL}/periods/1`,
        `/v1/abs/deals/${DEAL}/pool/loans/${LOAN_A}/amounts`,
    ])('answers GET %s on a deal the investor does not hold with 403 ABS_NOT_DEAL_PARTY', async (url) => {
        suite.gateway.ledger.handlers.clear();
        for (const name of ['AbsDeal:GetDeal', 'AbsReport:GetPeriodReport', 'AbsPool:GetLoanAmounts']) {
            suite.gateway.ledger.on(name, () => {
                throw rejection('ABS_NOT_DEAL_PARTY', 'not a party', { dealId: DEAL });
            });
        }
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ABS_NOT_DEAL_PARTY', status: 403 });
    });

    it('answers an unknown deal with 404 ABS_DEAL_NOT_FOUND', async () => {
        suite.gateway.ledger.on('AbsDeal:GetDeal', () => {
            throw rejection('ABS_DEAL_NOT_FOUND');
        });
        const response = await send('GET', `/v1/abs/deals/${DEAL}`);
        expect(response.statusCode).toBe(404);
        expect(response.json()).toMatchObject({ code: 'ABS_DEAL_NOT_FOUND' });
    });
});
