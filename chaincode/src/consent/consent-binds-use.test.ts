import { DEFAULT_FOUNDING_MEMBERS, type ConsentUse, type ConsentView } from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { authorizeAndInquire } from '../testing/credit-inquiry.js';
import {
    MemoryLedger,
    MORE_MEMBERS,
    MORE_USERS,
    TEST_LOAN_PARTIES,
    USERS,
    type TestIdentity,
} from '../testing/memory-ledger.js';
import { failureOf } from '../testing/refusals.js';
import {
    consentRecording,
    creditAuthorization,
    creditInquiry,
    fp,
    type JsonObject,
} from '../testing/sample-requests.js';
import { ConsentContract } from './consent-contract.js';

// The consent rules of issue 16 item 4 with the real consent and evidence contracts on the stub ledger: a consent
// binds its subject to the loan, every later consent on the loan must match the loan's subject, platform and bank,
// a use reads only what the consent covers, and a disbursement needs the bank's logged credit inquiry.

const evidence = new EvidenceContract();
const consents = new ConsentContract();
const LOAN = `loan:${'7a'.repeat(32)}`;
const SUBJECTS = [`subj:${'11'.repeat(32)}`, `subj:${'22'.repeat(32)}`] as const;
const PRODUCT = TEST_LOAN_PARTIES.product;
const COLLECTORS = { PlatformMSP: USERS.platform, Platform2MSP: MORE_USERS.platform2 } as const;
const GRANTEES = { BankMSP: USERS.bank, Bank2MSP: MORE_USERS.bank2 } as const;

/** Two banks and two platforms, each bank admitting each platform, so consents of every pairing can be recorded. */
function ledgerOfTwoPairs(): MemoryLedger {
    const pairs = ['PlatformMSP', 'Platform2MSP'].flatMap((platform) =>
        ['BankMSP', 'Bank2MSP'].map((bank) => ({ platform, bank, product: PRODUCT })),
    );
    return new MemoryLedger({
        startTime: '2026-03-10T00:00:00.000Z',
        registry: [...DEFAULT_FOUNDING_MEMBERS, ...MORE_MEMBERS],
        admissions: pairs,
    });
}

interface ConsentShape {
    readonly subject: (typeof SUBJECTS)[number];
    readonly collector: keyof typeof COLLECTORS;
    readonly grantee: keyof typeof GRANTEES;
    readonly purpose: 'CREDIT_INQUIRY' | 'RISK_ASSESSMENT';
}

const MATCHING: ConsentShape = {
    subject: SUBJECTS[0],
    collector: 'PlatformMSP',
    grantee: 'BankMSP',
    purpose: 'CREDIT_INQUIRY',
};

const shapes: fc.Arbitrary<ConsentShape> = fc.record({
    subject: fc.constantFrom(...SUBJECTS),
    collector: fc.constantFrom('PlatformMSP', 'Platform2MSP'),
    grantee: fc.constantFrom('BankMSP', 'Bank2MSP'),
    purpose: fc.constantFrom('CREDIT_INQUIRY', 'RISK_ASSESSMENT'),
}) as fc.Arbitrary<ConsentShape>;

async function recordConsent(ledger: MemoryLedger, consentId: string, shape: ConsentShape): Promise<void> {
    const request = consentRecording(consentId, shape.subject, { grantee: shape.grantee, purpose: shape.purpose });
    await ledger.invoke(consents, 'Record', COLLECTORS[shape.collector], JSON.stringify(request));
}

/** The code the first failing rule refuses a consent of `shape` with on LOAN (bound to MATCHING), or undefined. */
function expectedRefusal(shape: ConsentShape): string | undefined {
    if (shape.grantee !== MATCHING.grantee) return 'CONSENT_GRANTEE_MISMATCH';
    if (shape.collector !== MATCHING.collector) return 'CONSENT_COLLECTOR_MISMATCH';
    if (shape.subject !== MATCHING.subject) return 'CONSENT_SUBJECT_MISMATCH';
    if (shape.purpose !== MATCHING.purpose) return 'CONSENT_PURPOSE_MISMATCH';
    return undefined;
}

/** A ledger where LOAN's first record, an authorization citing CN-BOUND (of MATCHING's shape), bound its subject. */
async function boundLoan(): Promise<MemoryLedger> {
    const ledger = ledgerOfTwoPairs();
    await recordConsent(ledger, 'CN-BOUND', MATCHING);
    await ledger.invoke(evidence, 'Register', USERS.platform, JSON.stringify(creditAuthorization(LOAN, 'CN-BOUND')));
    return ledger;
}

const view = (ledger: MemoryLedger, consentId: string) =>
    ledger.invokeJson<ConsentView>(consents, 'Get', USERS.court, JSON.stringify({ consentId }));

/** A later record of LOAN, after `previous`, of the given stage and writer. */
function next(label: string, stage: string, previous: string): JsonObject {
    return { fingerprint: fp(label), salted: true, evidenceType: 'DOC', stage, loanRef: LOAN, previous };
}

describe('a consent bound to its loan', () => {
    it('binds the subject with the first authorization, logging a binding that spends no use', async () => {
        const ledger = await boundLoan();
        const bound = await view(ledger, 'CN-BOUND');
        expect(bound.consent.usesCount).toBe(0);
        expect(bound.usesLeft).toBe(bound.consent.maxUses);
        expect(bound.bindings).toEqual([
            expect.objectContaining({
                consentId: 'CN-BOUND',
                loanRef: LOAN,
                subject: SUBJECTS[0],
                recordId: fp('authorization CN-BOUND ' + LOAN),
                boundBy: expect.objectContaining({ mspId: 'PlatformMSP' }),
            }),
        ]);
    });

    it('accepts a later authorization only with a consent of the loan’s subject, platform, bank and purpose', async () => {
        await fc.assert(
            fc.asyncProperty(shapes, async (shape) => {
                const ledger = await boundLoan();
                await recordConsent(ledger, 'CN-LATER', shape);
                const request = creditAuthorization(LOAN, 'CN-LATER', {
                    previous: fp('authorization CN-BOUND ' + LOAN),
                });
                const expected = expectedRefusal(shape);
                const before = ledger.snapshot();
                const call = ledger.invoke(evidence, 'Register', USERS.platform, JSON.stringify(request));
                if (expected === undefined) {
                    await call;
                    expect((await view(ledger, 'CN-LATER')).bindings).toHaveLength(1);
                } else {
                    const refusal = await failureOf(call);
                    expect(refusal.code).toBe(expected);
                    expect(refusal.details).toMatchObject({ field: 'request.consentId', consentId: 'CN-LATER' });
                    expect(ledger.snapshot()).toEqual(before);
                }
            }),
            { numRuns: 32 },
        );
    });

    it('checks a correction of the authorization the same way', async () => {
        await fc.assert(
            fc.asyncProperty(shapes, async (shape) => {
                const ledger = await boundLoan();
                await recordConsent(ledger, 'CN-FIX', shape);
                const target = fp('authorization CN-BOUND ' + LOAN);
                const correction = {
                    target,
                    fingerprint: fp('authorization v2'),
                    salted: true,
                    consentId: 'CN-FIX',
                    reasonCode: 'WRONG_FILE',
                    previous: target,
                };
                const expected = expectedRefusal(shape);
                const before = ledger.snapshot();
                const call = ledger.invoke(evidence, 'Correct', USERS.platform, JSON.stringify(correction));
                if (expected === undefined) {
                    await call;
                    expect((await view(ledger, 'CN-FIX')).bindings.map((b) => b.recordId)).toEqual([
                        fp('authorization v2'),
                    ]);
                } else {
                    expect((await failureOf(call)).code).toBe(expected);
                    expect(ledger.snapshot()).toEqual(before);
                }
            }),
            { numRuns: 24 },
        );
    });

    it('refuses the first authorization with a consent of another bank, platform or purpose', async () => {
        await fc.assert(
            fc.asyncProperty(shapes, async (shape) => {
                const ledger = ledgerOfTwoPairs();
                await recordConsent(ledger, 'CN-FIRST', shape);
                const expected = expectedRefusal({ ...shape, subject: MATCHING.subject });
                const call = ledger.invoke(
                    evidence,
                    'Register',
                    USERS.platform,
                    JSON.stringify(creditAuthorization(LOAN, 'CN-FIRST')),
                );
                if (expected === undefined) {
                    await call;
                } else {
                    expect((await failureOf(call)).code).toBe(expected);
                    expect(ledger.lastRefusal?.writes).toEqual([]);
                }
            }),
            { numRuns: 24 },
        );
    });

    it('names the refused item of a batch, also for two authorizations of one new loan with two subjects', async () => {
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 0, max: 4 }), async (before) => {
                const ledger = ledgerOfTwoPairs();
                await recordConsent(ledger, 'CN-A', MATCHING);
                await recordConsent(ledger, 'CN-B', { ...MATCHING, subject: SUBJECTS[1] });
                const others = Array.from({ length: before }, (_, i) => ({
                    ...creditAuthorization(`loan:${String(i).repeat(64)}`, 'CN-A'),
                    fingerprint: fp(`other ${i}`),
                }));
                const first = creditAuthorization(LOAN, 'CN-A');
                const second = {
                    ...creditAuthorization(LOAN, 'CN-B', { previous: first.fingerprint as string }),
                    fingerprint: fp('second authorization'),
                };
                const written = ledger.keysWritten().length;
                const refusal = await failureOf(
                    ledger.invoke(
                        evidence,
                        'RegisterBatch',
                        USERS.platform,
                        JSON.stringify({ items: [...others, first, second] }),
                    ),
                );
                expect(refusal).toMatchObject({
                    code: 'CONSENT_SUBJECT_MISMATCH',
                    details: { item: `items[${before + 1}]`, field: `items[${before + 1}].consentId` },
                });
                expect(ledger.keysWritten()).toHaveLength(written);
            }),
            { numRuns: 10 },
        );
    });
});

describe('a use checked against its loan and the consent’s data scope', () => {
    const use = (ledger: MemoryLedger, consentId: string, extra: JsonObject = {}, who: TestIdentity = USERS.bank) =>
        ledger.invokeJson<{ use: ConsentUse }>(
            consents,
            'Use',
            who,
            JSON.stringify(creditInquiry(consentId, LOAN, extra)),
        );

    it('logs an inquiry naming the loan with what a reconciliation line needs', async () => {
        const ledger = await boundLoan();
        const { use: logged } = await use(ledger, 'CN-BOUND', { dataScope: ['CREDIT_REPORT', 'IDENTITY_BASIC'] });
        expect(logged).toMatchObject({
            consentId: 'CN-BOUND',
            loanRef: LOAN,
            purpose: 'CREDIT_INQUIRY',
            dataScope: ['CREDIT_REPORT', 'IDENTITY_BASIC'],
            subject: SUBJECTS[0],
            validFrom: '2026-01-01T00:00:00.000Z',
            validUntil: '2026-12-31T00:00:00.000Z',
            consentStatus: 'ACTIVE',
        });
    });

    it('refuses a use of another subject’s, platform’s or bank’s consent on the loan and writes nothing', async () => {
        await fc.assert(
            fc.asyncProperty(shapes, async (drawn) => {
                const shape = { ...drawn, purpose: 'CREDIT_INQUIRY' } as const;
                const ledger = await boundLoan();
                await recordConsent(ledger, 'CN-USE', shape);
                const expected = expectedRefusal(shape);
                const before = ledger.snapshot();
                const call = use(ledger, 'CN-USE', {}, GRANTEES[shape.grantee]);
                if (expected === undefined) {
                    expect((await call).use.useNo).toBe(1);
                } else {
                    const refusal = await failureOf(call);
                    expect(refusal).toMatchObject({ code: expected, details: { field: 'loanRef', loanRef: LOAN } });
                    expect(ledger.snapshot()).toEqual(before);
                }
            }),
            { numRuns: 32 },
        );
    });

    it('refuses data items outside the consent’s scope, naming each of them, and accepts any inside it', async () => {
        const covered = ['CREDIT_REPORT', 'IDENTITY_BASIC'];
        await fc.assert(
            fc.asyncProperty(
                fc.uniqueArray(fc.constantFrom(...covered, 'INCOME_PROOF', 'ASSET_RECORDS'), { minLength: 1 }),
                async (dataScope) => {
                    const ledger = await boundLoan();
                    const outside = dataScope.filter((item) => !covered.includes(item));
                    const before = ledger.snapshot();
                    const call = use(ledger, 'CN-BOUND', { dataScope });
                    if (outside.length === 0) {
                        expect((await call).use.dataScope).toEqual(dataScope);
                    } else {
                        const refusal = await failureOf(call);
                        expect(refusal).toMatchObject({ code: 'CONSENT_SCOPE_EXCEEDED', details: { outside } });
                        expect(ledger.snapshot()).toEqual(before);
                    }
                },
            ),
            { numRuns: 30 },
        );
    });

    it('refuses a credit inquiry naming no loan, an unknown loan, or a loan no authorization bound', async () => {
        const ledger = await boundLoan();
        const noLoan = { consentId: 'CN-BOUND', purpose: 'CREDIT_INQUIRY', dataScope: ['CREDIT_REPORT'] };
        expect(await failureOf(ledger.invoke(consents, 'Use', USERS.bank, JSON.stringify(noLoan)))).toMatchObject({
            code: 'INVALID_ARGUMENT',
            details: { field: 'loanRef' },
        });
        const unknown = creditInquiry('CN-BOUND', `loan:${'0'.repeat(64)}`);
        expect((await failureOf(ledger.invoke(consents, 'Use', USERS.bank, JSON.stringify(unknown)))).code).toBe(
            'LOAN_NOT_FOUND',
        );
        const unbound = `loan:${'9'.repeat(64)}`;
        await ledger.invoke(
            evidence,
            'Register',
            USERS.platform,
            JSON.stringify({
                ...next('id check', 'IDENTITY_VERIFICATION', ''),
                loanRef: unbound,
                previous: null,
                parties: TEST_LOAN_PARTIES,
            }),
        );
        const refusal = await failureOf(
            ledger.invoke(consents, 'Use', USERS.bank, JSON.stringify(creditInquiry('CN-BOUND', unbound))),
        );
        expect(refusal.code).toBe('CONSENT_LOAN_UNBOUND');
        const empty = { ...creditInquiry('CN-BOUND', LOAN), dataScope: [] };
        expect((await failureOf(ledger.invoke(consents, 'Use', USERS.bank, JSON.stringify(empty)))).code).toBe(
            'BATCH_EMPTY',
        );
    });
});

describe('a disbursement after the bank’s logged credit inquiry', () => {
    /** LOAN with authorization, contract and credit decision: all a disbursement needs but the inquiry. */
    async function readyLoan(inquire: boolean): Promise<{ ledger: MemoryLedger; head: string }> {
        const ledger = ledgerOfTwoPairs();
        let authorization: string;
        if (inquire) {
            ({ authorization } = await authorizeAndInquire(ledger, { loanRef: LOAN, consentId: 'CN-LOAN' }));
        } else {
            await recordConsent(ledger, 'CN-LOAN', MATCHING);
            const request = creditAuthorization(LOAN, 'CN-LOAN');
            await ledger.invoke(evidence, 'Register', USERS.platform, JSON.stringify(request));
            authorization = request.fingerprint as string;
        }
        await ledger.invoke(
            evidence,
            'Register',
            USERS.platform,
            JSON.stringify(next('contract', 'CONTRACT_SIGNING', authorization)),
        );
        await ledger.invoke(
            evidence,
            'Register',
            USERS.bank,
            JSON.stringify(next('decision', 'CREDIT_DECISION', fp('contract'))),
        );
        return { ledger, head: fp('decision') };
    }
    const disburse = (ledger: MemoryLedger, head: string) =>
        ledger.invokeJson<{ record: { stage: string } }>(
            evidence,
            'Register',
            USERS.bank,
            JSON.stringify(next('disbursement', 'DISBURSEMENT', head)),
        );

    it('is refused without the inquiry, naming the loan and the bank, and writes nothing', async () => {
        const { ledger, head } = await readyLoan(false);
        const before = ledger.snapshot();
        expect(await failureOf(disburse(ledger, head))).toMatchObject({
            code: 'CREDIT_INQUIRY_REQUIRED',
            details: { loanRef: LOAN, bank: 'BankMSP', field: 'request.stage' },
        });
        expect(ledger.snapshot()).toEqual(before);
    });

    it('is accepted after the inquiry, and still after the subject withdrew the consent', async () => {
        const { ledger, head } = await readyLoan(true);
        await ledger.invoke(
            consents,
            'Withdraw',
            USERS.platform,
            JSON.stringify({ consentId: 'CN-LOAN', reasonCode: 'SUBJECT_REQUEST' }),
        );
        expect(
            (
                await failureOf(
                    ledger.invoke(consents, 'Use', USERS.bank, JSON.stringify(creditInquiry('CN-LOAN', LOAN))),
                )
            ).code,
        ).toBe('CONSENT_WITHDRAWN');
        expect((await disburse(ledger, head)).record.stage).toBe('DISBURSEMENT');
    });

    it('names the refused disbursement of a batch in details.item', async () => {
        const { ledger, head } = await readyLoan(false);
        const refusal = await failureOf(
            ledger.invoke(
                evidence,
                'RegisterBatch',
                USERS.bank,
                JSON.stringify({ items: [next('disbursement', 'DISBURSEMENT', head)] }),
            ),
        );
        expect(refusal).toMatchObject({ code: 'CREDIT_INQUIRY_REQUIRED', details: { item: 'items[0]' } });
    });
});
