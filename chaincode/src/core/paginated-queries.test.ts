import { createHash } from 'node:crypto';
import { BOOKMARK_PATTERN, ERROR_CATALOGUE } from '@lendledger/domain';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AbsDealContract } from '../abs/deals/deal-contract.js';
import { ABS_OBJECTS } from '../abs/keys.js';
import { AbsReportContract } from '../abs/periods/report-contract.js';
import { AbsPoolContract } from '../abs/pool/pool-contract.js';
import { loanRef, type TestLoan } from '../abs/testing/abs-harness.js';
import { AbsDriver } from '../abs/testing/abs-driver.js';
import { ConsentContract } from '../consent/consent-contract.js';
import { granteeUseRangeKey } from '../consent/consent-keys.js';
import { AnchorContract } from '../evidence/anchors/anchor-contract.js';
import { CaseContract } from '../evidence/cases/case-contract.js';
import { OBJECT_TYPES } from '../evidence/ledger-keys.js';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { REGISTRY_OBJECT_TYPES } from '../membership/registry-keys.js';
import { RegistryContract } from '../membership/registry-contract.js';
import { TEST_LOAN_PARTIES, USERS, adminOf, createCompositeKey, type TestIdentity } from '../testing/memory-ledger.js';
import { caseFiling, consentRecording, fp } from '../testing/sample-requests.js';
import { ChaincodeError } from './chaincode-error.js';
import { decodeBookmark, encodeBookmark } from './page-reader.js';
import { absLedger } from '../abs/testing/abs-ledger.js';

/**
 * Every paginated and range query of the chaincode, fed arbitrary and adversarial paging (bookmarks, page sizes,
 * time windows): it answers a page whose bookmark stays inside the query's range, or a coded 4xx error. The memory
 * ledger throws PeerPanicError where the real peer would crash, and any uncoded error fails the property too.
 */

// Evidence registration checks consents; these tests are about reads.
vi.mock('../consent/consent-in-force.js', async () =>
    (await import('../testing/consent-seam-stub.js')).passingConsentSeam(),
);

const CRASHING_BOOKMARK = '\u009d\u0093\u00eb';
const LOAN = `loan:${createHash('sha256').update('loan one').digest('hex')}`;
const SUBJECT = `subj:${'a1'.repeat(32)}`;
const DEAL = 'DEAL-2026-1';
const ABS_LOANS: TestLoan[] = [
    { label: 'A', original: 600_000, current: 500_000, rateBps: 1200, originalTerm: 12, remainingTerm: 10 },
    { label: 'B', original: 300_000, current: 300_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
    { label: 'C', original: 200_000, current: 200_000, rateBps: 1800, originalTerm: 6, remainingTerm: 5 },
];

const evidence = new EvidenceContract();
const anchors = new AnchorContract();
const registry = new RegistryContract();
const cases = new CaseContract();
const consent = new ConsentContract();
const absDeal = new AbsDealContract();
const absPool = new AbsPoolContract();
const absReport = new AbsReportContract();

type Request = Readonly<Record<string, unknown>>;

/**
 * A paginated query: who may call it, its fields (valid ones and arbitrary ones), and the key range its bookmarks
 * must stay in, given the request and the answer.
 */
interface PagedQuery {
    readonly name: string;
    readonly contract: object;
    readonly fn: string;
    readonly caller: TestIdentity;
    readonly valid: Request;
    readonly fields: fc.Arbitrary<Request>;
    readonly range: (request: Request, answer: Request) => { start: string; end: string };
}

/** A valid value most of the time, an arbitrary one sometimes. */
const mostly = <T>(valid: T): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 5, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: fc.anything() });

const prefixRange = (objectType: string, attributes: string[]) => {
    const start = createCompositeKey(objectType, attributes);
    return { start, end: `${start}\u{10ffff}` };
};

const isoTime = fc.oneof(
    fc
        .date({ min: new Date('2025-12-01T00:00:00Z'), max: new Date('2026-06-01T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString()),
    fc.constantFrom('2026-03-01T00:00:00Z', '2026-03-01T00:00:00.000Z', '2026-03-31T23:59:59.9Z'),
    fc.string(),
);

const QUERIES: readonly PagedQuery[] = [
    {
        name: 'Anchor:List',
        contract: anchors,
        fn: 'List',
        caller: USERS.court,
        valid: {},
        fields: fc.record({}),
        range: () => prefixRange(OBJECT_TYPES.anchor, []),
    },
    {
        name: 'Evidence:ListByLoan',
        contract: evidence,
        fn: 'ListByLoan',
        caller: USERS.platform,
        valid: { loanRef: LOAN },
        fields: fc.record({ loanRef: mostly(LOAN) }),
        range: (request) => prefixRange(OBJECT_TYPES.evidenceRecord, [String(request.loanRef)]),
    },
    {
        name: 'Case:ListByCourt',
        contract: cases,
        fn: 'ListByCourt',
        caller: USERS.notary,
        valid: { court: 'CourtMSP' },
        fields: fc.record({ court: mostly('CourtMSP') }),
        range: (request) => prefixRange(OBJECT_TYPES.caseByCourt, [String(request.court)]),
    },
    {
        name: 'Consent:ListBySubject',
        contract: consent,
        fn: 'ListBySubject',
        caller: USERS.notary,
        valid: { subject: SUBJECT },
        fields: fc.record({ subject: mostly(SUBJECT) }),
        range: (request) => prefixRange('consent.subject', [String(request.subject)]),
    },
    {
        name: 'Consent:ListUsesByGrantee',
        contract: consent,
        fn: 'ListUsesByGrantee',
        caller: USERS.notary,
        valid: { grantee: 'BankMSP', from: '2026-01-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
        fields: fc.record({ grantee: mostly('BankMSP'), from: isoTime, to: isoTime }, { requiredKeys: ['from', 'to'] }),
        // The answer echoes the grantee and the normalised window.
        range: (_request, answer) => ({
            start: granteeUseRangeKey(String(answer.grantee), String(answer.from)),
            end: granteeUseRangeKey(String(answer.grantee), String(answer.to)),
        }),
    },
    {
        name: 'AbsDeal:ListDeals',
        contract: absDeal,
        fn: 'ListDeals',
        caller: USERS.investor,
        valid: {},
        fields: fc.record({}),
        // A member lists the deals it issued or holds, from its own index.
        range: () => prefixRange(ABS_OBJECTS.memberDeal, [USERS.investor.mspId]),
    },
    {
        name: 'Registry:History',
        contract: registry,
        fn: 'History',
        caller: USERS.investor,
        valid: {},
        fields: fc.record({}),
        range: () => prefixRange(REGISTRY_OBJECT_TYPES.version, []),
    },
    {
        name: 'Registry:Proposals',
        contract: registry,
        fn: 'Proposals',
        caller: USERS.court,
        valid: {},
        fields: fc.record({}),
        range: () => prefixRange(REGISTRY_OBJECT_TYPES.proposal, []),
    },
    {
        name: 'AbsPool:ListLoans',
        contract: absPool,
        fn: 'ListLoans',
        caller: USERS.investor,
        valid: { dealId: DEAL },
        fields: fc.record({ dealId: mostly(DEAL) }),
        range: (request) => prefixRange(ABS_OBJECTS.loan, [String(request.dealId)]),
    },
    {
        name: 'AbsReport:ListPeriodReports',
        contract: absReport,
        fn: 'ListPeriodReports',
        caller: USERS.investor,
        valid: { dealId: DEAL },
        fields: fc.record({ dealId: mostly(DEAL) }),
        range: (request) => prefixRange(ABS_OBJECTS.period, [String(request.dealId)]),
    },
];

describe('every paginated query, under arbitrary paging', () => {
    const ledger = absLedger({ startTime: '2026-03-01T00:00:00.000Z' });
    /** Bookmarks every query issued for its first page of one item: valid for that query, foreign to the others. */
    const issued: string[] = [];

    beforeAll(async () => {
        const call = (contract: object, fn: string, who: TestIdentity, request: object) =>
            ledger.invoke(contract, fn, who, JSON.stringify(request));
        const base = { salted: true, evidenceType: 'DOC', loanRef: LOAN, parties: TEST_LOAN_PARTIES };
        const chain = [
            ['contract', 'CONTRACT_SIGNING', USERS.platform],
            ['credit decision', 'CREDIT_DECISION', USERS.bank],
            ['disbursement', 'DISBURSEMENT', USERS.bank],
            ['notice', 'OVERDUE_NOTICE', USERS.bank],
        ] as const;
        for (const [index, [label, stage, writer]] of chain.entries()) {
            const previous = index === 0 ? {} : { previous: fp(chain[index - 1]![0]) };
            await call(evidence, 'Register', writer, { ...base, fingerprint: fp(label), stage, ...previous });
        }
        for (const batch of ['call log', 'sms log', 'letter']) {
            await call(anchors, 'Create', USERS.bank, { fingerprints: [fp(batch), fp(`${batch} 2`)] });
        }
        const evidencePackage = chain.map(([label]) => fp(label));
        for (const caseId of ['C-0001', 'C-0002', 'C-0003']) {
            await call(cases, 'File', USERS.bank, caseFiling(caseId, LOAN, evidencePackage));
        }
        for (const consentId of ['CN-2026-0001', 'CN-2026-0002', 'CN-2026-0003']) {
            await call(
                consent,
                'Record',
                USERS.platform,
                // A purpose whose uses name no loan: this suite pages uses, the loan rules have their own tests.
                consentRecording(consentId, SUBJECT, {
                    purpose: 'RISK_ASSESSMENT',
                    dataScope: ['CREDIT_REPORT'],
                    validFrom: '2026-03-01T00:00:00.000Z',
                    validUntil: '2026-04-01T00:00:00.000Z',
                }),
            );
            await call(consent, 'Use', USERS.bank, {
                consentId,
                purpose: 'RISK_ASSESSMENT',
                dataScope: ['CREDIT_REPORT'],
            });
        }
        // The pool loans' contracts and disbursements. This suite stubs the consent seam, under which an authorization
        // binds no subject, so the driver's chains (consent, authorization, inquiry) cannot be built here; the stub
        // lets a disbursement through without the inquiry, and the pool-entry check needs the evidence only.
        const poolLoans = ABS_LOANS.map((loan) => loanRef(loan.label));
        const poolRecord = (ref: string, stage: string, previous: string | null) => ({
            fingerprint: fp(`${stage} of ${ref}`),
            salted: true,
            evidenceType: 'DOC',
            stage,
            loanRef: ref,
            previous: previous === null ? null : fp(`${previous} of ${ref}`),
        });
        await call(evidence, 'RegisterBatch', USERS.platform, {
            items: poolLoans.map((ref) => ({
                ...poolRecord(ref, 'CONTRACT_SIGNING', null),
                parties: TEST_LOAN_PARTIES,
            })),
        });
        await call(evidence, 'RegisterBatch', USERS.bank, {
            items: poolLoans.flatMap((ref) => [
                poolRecord(ref, 'CREDIT_DECISION', 'CONTRACT_SIGNING'),
                poolRecord(ref, 'DISBURSEMENT', 'CREDIT_DECISION'),
            ]),
        });
        const abs = new AbsDriver(ledger, USERS.bank, DEAL);
        await abs.createDeal();
        await abs.addCutOffLoans('tape-1', ABS_LOANS);
        await new AbsDriver(ledger, USERS.bank, 'DEAL-2026-2').createDeal();
        // A second registry version (a change applied by four of the six admins: the five and the deals' account
        // bank) and two open proposals.
        const change = (mspId: string) => ({ kind: 'CHANGE_ROLES', mspId, roles: ['court', 'arbitration'] });
        await call(registry, 'Propose', adminOf('BankMSP'), { proposalId: 'P-APPLIED', change: change('CourtMSP') });
        for (const approver of ['NotaryMSP', 'CourtMSP', 'InvestorMSP']) {
            await call(registry, 'Approve', adminOf(approver), { proposalId: 'P-APPLIED' });
        }
        for (const [proposalId, mspId] of [
            ['P-OPEN-1', 'InvestorMSP'],
            ['P-OPEN-2', 'NotaryMSP'],
        ] as const) {
            await call(registry, 'Propose', adminOf('BankMSP'), { proposalId, change: change(mspId) });
        }

        for (const query of QUERIES) {
            const request = JSON.stringify({ ...query.valid, pageSize: 1 });
            const { payload } = await ledger.invoke(query.contract, query.fn, query.caller, request);
            issued.push((JSON.parse(payload) as { bookmark: string }).bookmark);
        }
    });

    it('has data behind every query, so the property also sees pages that continue', () => {
        expect(issued.filter((bookmark) => bookmark !== '')).toHaveLength(QUERIES.length - 1);
    });

    /** Bookmarks: raw and encoded keys of every record on the ledger and just beside them, issued ones, garbage. */
    const bookmarks = (): fc.Arbitrary<unknown> => {
        const stored = fc.constantFrom(...ledger.keys());
        const keyLike = fc.oneof(
            fc.constant(CRASHING_BOOKMARK),
            fc.string({ unit: 'binary' }),
            stored,
            stored.map((key) => key.slice(0, -1)),
            stored.map((key) => `${key}\u{10ffff}`),
        );
        return fc.oneof(
            fc.constant(undefined),
            fc.constant(''),
            fc.constant('%C2%9D%C2%93%C3%AB'),
            fc.string(),
            fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/),
            keyLike,
            keyLike.map(encodeBookmark),
            fc.constantFrom(...issued),
            fc.anything(),
        );
    };
    const pageSize = fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: -2, max: 1002 }),
        fc.integer(),
        fc.double(),
        fc.constantFrom('1', '0x10', null),
    );

    it.each(QUERIES.map((query) => [query.name, query] as const))(
        '%s answers a page inside its range or a coded 4xx error',
        async (_name, query) => {
            await fc.assert(
                fc.asyncProperty(
                    query.fields,
                    fc.record({ bookmark: bookmarks(), pageSize }, { requiredKeys: [] }),
                    async (fields, paging) => {
                        // What the chaincode receives: JSON turns non-finite numbers into null.
                        const text = JSON.stringify({ ...fields, ...paging });
                        const request = JSON.parse(text) as Record<string, unknown>;
                        const outcome = await ledger.invoke(query.contract, query.fn, query.caller, text).then(
                            ({ payload }) => ({ page: JSON.parse(payload) as Record<string, unknown> }),
                            (error: unknown) => ({ error }),
                        );
                        if ('error' in outcome) {
                            expect(outcome.error).toBeInstanceOf(ChaincodeError);
                            const spec = ERROR_CATALOGUE[(outcome.error as ChaincodeError).code];
                            expect(spec?.status).toBeGreaterThanOrEqual(400);
                            expect(spec?.status).toBeLessThan(500);
                            return;
                        }
                        const { items, bookmark: next } = outcome.page;
                        expect(Array.isArray(items)).toBe(true);
                        expect((items as unknown[]).length).toBeLessThanOrEqual(
                            typeof request.pageSize === 'number' ? request.pageSize : 100,
                        );
                        expect(next).toMatch(BOOKMARK_PATTERN);
                        const { start, end } = query.range(request, outcome.page);
                        expect(() => decodeBookmark(next as string, start, end)).not.toThrow();
                    },
                ),
                { numRuns: 300 },
            );
        },
    );
});
