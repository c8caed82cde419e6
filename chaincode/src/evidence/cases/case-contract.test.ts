import { createHash } from 'node:crypto';
import {
    type CaseBatchResult,
    type CaseEvidenceView,
    type CaseHistory,
    type CaseRecord,
    type CaseTransitionResult,
    type CaseView,
    type CaseWriteResult,
    type ChainView,
    type PageResult,
} from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS, type TestIdentity } from '../../testing/memory-ledger.js';
import { AdmissionContract } from '../../membership/admissions/admission-contract.js';
import { AnchorContract } from '../anchors/anchor-contract.js';
import { EvidenceContract } from '../records/evidence-contract.js';
import { CaseContract } from './case-contract.js';
import { failureOf } from '../../testing/refusals.js';
import { caseFiling, fp, type JsonObject } from '../../testing/sample-requests.js';

vi.mock('../../consent/consent-in-force.js', async () =>
    (await import('../../testing/consent-seam-stub.js')).passingConsentSeam(),
);

const evidence = new EvidenceContract();
const anchors = new AnchorContract();
const cases = new CaseContract();
const loanOf = (label: string): string => `loan:${createHash('sha256').update(`loan ${label}`).digest('hex')}`;
const LOAN = loanOf('one');
const OTHER_LOAN = loanOf('two');

function filing(caseId: string, fingerprints: string[], extra: JsonObject = {}): JsonObject {
    return caseFiling(caseId, LOAN, fingerprints, extra);
}

const PACKAGE = [fp('contract'), fp('disbursement'), fp('notice'), fp('call log')];

describe('Case contract', () => {
    let ledger: MemoryLedger;

    const file = (request: object, user: TestIdentity = USERS.bank) =>
        ledger.invokeJson<CaseWriteResult>(cases, 'File', user, JSON.stringify(request));
    const move = (fn: string, request: object, user: TestIdentity = USERS.court) =>
        ledger.invokeJson<CaseTransitionResult>(cases, fn, user, JSON.stringify(request));
    const get = (caseId: string, user: TestIdentity = USERS.court) =>
        ledger.invokeJson<CaseView>(cases, 'Get', user, JSON.stringify({ caseId }));

    beforeEach(async () => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
        const base = { salted: true, evidenceType: 'DOC', loanRef: LOAN, parties: TEST_LOAN_PARTIES };
        await ledger.invoke(
            evidence,
            'Register',
            USERS.platform,
            JSON.stringify({ ...base, fingerprint: fp('contract'), stage: 'CONTRACT_SIGNING' }),
        );
        await ledger.invoke(
            evidence,
            'RegisterBatch',
            USERS.bank,
            JSON.stringify({
                items: [
                    { ...base, fingerprint: fp('credit decision'), stage: 'CREDIT_DECISION', previous: fp('contract') },
                    {
                        ...base,
                        fingerprint: fp('disbursement'),
                        stage: 'DISBURSEMENT',
                        previous: fp('credit decision'),
                    },
                    { ...base, fingerprint: fp('notice'), stage: 'OVERDUE_NOTICE', previous: fp('disbursement') },
                ],
            }),
        );
        await ledger.invoke(
            evidence,
            'Register',
            USERS.bank,
            JSON.stringify({ ...base, loanRef: OTHER_LOAN, fingerprint: fp('foreign'), stage: 'OTHER' }),
        );
        await ledger.invoke(
            anchors,
            'Create',
            USERS.bank,
            JSON.stringify({ fingerprints: [fp('call log'), fp('sms log')] }),
        );
    });

    describe('File', () => {
        it("files on a loan whose bank withdrew the platform's admission since: the dispute outlives it", async () => {
            await ledger.invoke(
                new AdmissionContract(),
                'Withdraw',
                USERS.bank,
                JSON.stringify({ platform: 'PlatformMSP', product: 'CONSUMER_LOAN', reasonCode: 'PARTNERSHIP_ENDED' }),
            );
            // Evidence on the loan is refused now, which shows the admission is no longer in force...
            const evidenceAfter = await failureOf(
                ledger.invoke(
                    evidence,
                    'Register',
                    USERS.bank,
                    JSON.stringify({
                        salted: true,
                        evidenceType: 'DOC',
                        loanRef: LOAN,
                        fingerprint: fp('late notice'),
                        stage: 'COLLECTION',
                        previous: fp('notice'),
                    }),
                ),
            );
            expect(evidenceAfter.code).toBe('PARTNER_NOT_ADMITTED');
            // ...while the loan's bank still files its case.
            const { created, case: record } = await file(filing('BK-2026-0009', PACKAGE));
            expect([created, record.status, record.filer.mspId]).toEqual([true, 'FILED', 'BankMSP']);
        });

        it('files a case with its package, its first step and a place in its court list', async () => {
            const { created, case: record } = await file(filing('BK-2026-0001', PACKAGE));
            expect(created).toBe(true);
            expect(record).toEqual({
                caseId: 'BK-2026-0001',
                loanRef: LOAN,
                court: 'CourtMSP',
                forumRole: 'court',
                status: 'FILED',
                claimCode: 'LOAN_DEFAULT',
                package: { root: fingerprintTreeRoot(PACKAGE), size: 4 },
                filer: {
                    mspId: 'BankMSP',
                    subject: '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@bank.lendledger.test',
                },
                filedAt: '2026-03-01T00:00:04.000Z',
                steps: 1,
                updatedAt: '2026-03-01T00:00:04.000Z',
                lastTxId: 'tx000005',
            });
            const view = await get('BK-2026-0001');
            expect(view.package).toEqual({
                caseId: 'BK-2026-0001',
                root: record.package.root,
                size: 4,
                fingerprints: PACKAGE,
            });
            expect(view.steps).toEqual([
                {
                    caseId: 'BK-2026-0001',
                    seq: 1,
                    from: null,
                    to: 'FILED',
                    documentFingerprint: fp('complaint BK-2026-0001'),
                    actor: record.filer,
                    txId: 'tx000005',
                    time: record.filedAt,
                },
            ]);
            const listed = await ledger.invokeJson<PageResult<CaseRecord>>(cases, 'ListByCourt', USERS.court, '{}');
            expect(listed.items).toEqual([record]);
        });

        it('emits one case.filed event', async () => {
            const { event } = await ledger.invoke(cases, 'File', USERS.bank, JSON.stringify(filing('C-0001', PACKAGE)));
            expect(event).toEqual({
                name: 'case.filed',
                payload: {
                    mspId: 'BankMSP',
                    txId: 'tx000005',
                    items: [
                        {
                            caseId: 'C-0001',
                            loanRef: LOAN,
                            court: 'CourtMSP',
                            forumRole: 'court',
                            packageRoot: fingerprintTreeRoot(PACKAGE),
                            packageSize: 4,
                        },
                    ],
                },
            });
        });

        it('opens the loan evidence to the court the case is filed to', async () => {
            const before = await failureOf(
                ledger.invoke(evidence, 'GetChain', USERS.court, JSON.stringify({ loanRef: LOAN })),
            );
            expect(before.code).toBe('ACCESS_DENIED');
            await file(filing('C-0001', PACKAGE));
            const chain = await ledger.invokeJson<ChainView>(
                evidence,
                'GetChain',
                USERS.court,
                JSON.stringify({ loanRef: LOAN }),
            );
            expect(chain.loan.length).toBe(4);
            const other = await failureOf(
                ledger.invoke(evidence, 'GetChain', USERS.court, JSON.stringify({ loanRef: OTHER_LOAN })),
            );
            expect(other.code).toBe('ACCESS_DENIED');
        });

        it('answers GetEvidence with every package item resolved and the checked chain', async () => {
            await file(filing('C-0001', PACKAGE));
            const view = await ledger.invokeJson<CaseEvidenceView>(
                cases,
                'GetEvidence',
                USERS.court,
                JSON.stringify({ caseId: 'C-0001' }),
            );
            expect(
                view.items.map((entry) => [entry.evidence?.stage ?? null, entry.anchors.map((anchor) => anchor.index)]),
            ).toEqual([
                ['CONTRACT_SIGNING', []],
                ['DISBURSEMENT', []],
                ['OVERDUE_NOTICE', []],
                [null, [0]],
            ]);
            expect(view.packageRoot).toBe(fingerprintTreeRoot(PACKAGE));
            expect(view.chain).toMatchObject({
                intact: true,
                missingStages: ['IDENTITY_VERIFICATION', 'CREDIT_AUTHORIZATION'],
            });
        });

        it('returns an identical refiling without writing, and refuses other content as CONFLICT', async () => {
            const first = await file(filing('C-0001', PACKAGE));
            const before = ledger.snapshot();
            expect(await file(filing('C-0001', PACKAGE))).toEqual({ created: false, case: first.case });
            expect(ledger.snapshot()).toEqual(before);
            const changed = await failureOf(
                file(filing('C-0001', PACKAGE, { documentFingerprint: fp('other complaint') })),
            );
            expect(changed).toMatchObject({ code: 'CONFLICT', details: { caseId: 'C-0001' } });
        });

        it('refuses a package whose root is not the root of its fingerprints', async () => {
            const error = await failureOf(
                file({
                    ...filing('C-0001', PACKAGE),
                    package: { fingerprints: PACKAGE, root: fingerprintTreeRoot([...PACKAGE].reverse()) },
                }),
            );
            expect(error).toMatchObject({
                code: 'PACKAGE_ROOT_MISMATCH',
                details: { field: 'request.package.root', expected: fingerprintTreeRoot(PACKAGE) },
            });
            expect(ledger.snapshot().has(`\u0000case\u0000C-0001\u0000`)).toBe(false);
        });

        it('refuses fingerprints neither registered nor anchored, listing them', async () => {
            const error = await failureOf(file(filing('C-0001', [...PACKAGE, fp('unknown 1'), fp('unknown 2')])));
            expect(error).toMatchObject({
                code: 'PACKAGE_FINGERPRINT_UNKNOWN',
                details: { count: 2, unknown: [fp('unknown 1'), fp('unknown 2')] },
            });
        });

        it('refuses evidence of another loan in the package', async () => {
            const error = await failureOf(file(filing('C-0001', [fp('contract'), fp('foreign')])));
            expect(error).toMatchObject({
                code: 'PACKAGE_FOREIGN_EVIDENCE',
                details: { field: 'request.package.fingerprints[1]' },
            });
        });

        it('refuses a loan without evidence, a forum without a forum role and a repeated package item', async () => {
            const loan = await failureOf(file(filing('C-0001', [fp('sms log')], { loanRef: loanOf('nothing') })));
            expect(loan.code).toBe('LOAN_NOT_FOUND');
            const court = await failureOf(file(filing('C-0001', PACKAGE, { court: 'NotaryMSP' })));
            expect(court).toMatchObject({
                code: 'CASE_FORUM_INVALID',
                details: { field: 'request.court', forum: 'NotaryMSP', forumRoles: [] },
            });
            const malformed = await failureOf(file(filing('C-0001', PACKAGE, { court: 'Court MSP' })));
            expect(malformed).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'court' } });
            const repeated = await failureOf(file(filing('C-0001', [fp('contract'), fp('contract')])));
            expect(repeated).toMatchObject({
                code: 'DUPLICATE_IN_BATCH',
                details: { field: 'package.fingerprints[1]' },
            });
        });

        it('refuses malformed case identifiers and claim codes', async () => {
            const changes: JsonObject[] = [{ caseId: 'c 1' }, { claimCode: 'borrower Li Si' }];
            for (const change of changes) {
                expect((await failureOf(file(filing('C-0001', PACKAGE, change)))).code).toBe('INVALID_ARGUMENT');
            }
        });
    });

    describe('FileBatch', () => {
        it('files several cases in one transaction with one event', async () => {
            const { payload, event } = await ledger.invoke(
                cases,
                'FileBatch',
                USERS.bank,
                JSON.stringify({ cases: [filing('C-0001', PACKAGE), filing('C-0002', [fp('notice')])] }),
            );
            const result = JSON.parse(payload) as CaseBatchResult;
            expect(result.created).toBe(2);
            expect((event?.payload as { items: { caseId: string }[] }).items.map((entry) => entry.caseId)).toEqual([
                'C-0001',
                'C-0002',
            ]);
        });

        it('writes nothing when one case fails, naming it', async () => {
            const before = ledger.snapshot();
            const error = await failureOf(
                ledger.invoke(
                    cases,
                    'FileBatch',
                    USERS.bank,
                    JSON.stringify({ cases: [filing('C-0001', PACKAGE), filing('C-0002', [fp('nope')])] }),
                ),
            );
            expect(error).toMatchObject({
                code: 'PACKAGE_FINGERPRINT_UNKNOWN',
                details: { field: 'cases[1].package.fingerprints' },
            });
            expect(ledger.snapshot()).toEqual(before);
        });

        it('refuses a case twice in one batch, more than 100 cases and more than 10,000 package items', async () => {
            const twice = await failureOf(
                ledger.invoke(
                    cases,
                    'FileBatch',
                    USERS.bank,
                    JSON.stringify({ cases: [filing('C-0001', PACKAGE), filing('C-0001', PACKAGE)] }),
                ),
            );
            expect(twice).toMatchObject({ code: 'DUPLICATE_IN_BATCH', details: { field: 'cases[1].caseId' } });
            const many = Array.from({ length: 101 }, (_, i) => filing(`C-${1000 + i}`, PACKAGE));
            const tooMany = await failureOf(
                ledger.invoke(cases, 'FileBatch', USERS.bank, JSON.stringify({ cases: many })),
            );
            expect(tooMany).toMatchObject({ code: 'BATCH_TOO_LARGE', details: { max: 100 } });
            const big = Array.from({ length: 6 }, (_, c) =>
                filing(
                    `C-${1000 + c}`,
                    Array.from({ length: 2000 }, (_, i) => fp(`${c}-${i}`)),
                ),
            );
            const tooBig = await failureOf(
                ledger.invoke(cases, 'FileBatch', USERS.bank, JSON.stringify({ cases: big })),
            );
            expect(tooBig).toMatchObject({ code: 'BATCH_TOO_LARGE', details: { max: 10_000, size: 12_000 } });
        });
    });

    describe('court moves', () => {
        beforeEach(async () => {
            await file(filing('C-0001', PACKAGE));
        });

        it('moves a case FILED → ACCEPTED → JUDGED → ENFORCED → CLOSED, each step a record', async () => {
            const moves = [
                ['Accept', 'ACCEPTED'],
                ['Judge', 'JUDGED'],
                ['Enforce', 'ENFORCED'],
                ['Close', 'CLOSED'],
            ] as const;
            for (const [fn, status] of moves) {
                const { case: record, step } = await move(fn, {
                    caseId: 'C-0001',
                    documentFingerprint: fp(`${fn} doc`),
                });
                expect(record.status).toBe(status);
                expect(step).toMatchObject({
                    to: status,
                    documentFingerprint: fp(`${fn} doc`),
                    actor: { mspId: 'CourtMSP' },
                });
            }
            const view = await get('C-0001', USERS.bank);
            expect(view.steps.map((step) => [step.seq, step.from, step.to])).toEqual([
                [1, null, 'FILED'],
                [2, 'FILED', 'ACCEPTED'],
                [3, 'ACCEPTED', 'JUDGED'],
                [4, 'JUDGED', 'ENFORCED'],
                [5, 'ENFORCED', 'CLOSED'],
            ]);
            const history = await ledger.invokeJson<CaseHistory>(
                cases,
                'History',
                USERS.notary,
                JSON.stringify({ caseId: 'C-0001' }),
            );
            expect(history.versions.map((version) => version.value?.status)).toEqual([
                'CLOSED',
                'ENFORCED',
                'JUDGED',
                'ACCEPTED',
                'FILED',
            ]);
        });

        it('emits case.transitioned', async () => {
            const { event } = await ledger.invoke(
                cases,
                'Accept',
                USERS.court,
                JSON.stringify({ caseId: 'C-0001', documentFingerprint: fp('notice of acceptance') }),
            );
            expect(event).toEqual({
                name: 'case.transitioned',
                payload: {
                    caseId: 'C-0001',
                    court: 'CourtMSP',
                    forumRole: 'court',
                    from: 'FILED',
                    to: 'ACCEPTED',
                    seq: 2,
                    documentFingerprint: fp('notice of acceptance'),
                    mspId: 'CourtMSP',
                    txId: 'tx000006',
                },
            });
        });

        it('rejects with a reason code only, and rejection is final', async () => {
            const missing = await failureOf(move('Reject', { caseId: 'C-0001', documentFingerprint: fp('r') }));
            expect(missing).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'reasonCode' } });
            const { case: record } = await move('Reject', {
                caseId: 'C-0001',
                documentFingerprint: fp('r'),
                reasonCode: 'NO_JURISDICTION',
            });
            expect(record.status).toBe('REJECTED');
            const after = await failureOf(move('Accept', { caseId: 'C-0001', documentFingerprint: fp('a') }));
            expect(after).toMatchObject({
                code: 'INVALID_STATE',
                details: { status: 'REJECTED', to: 'ACCEPTED', allowed: [] },
            });
        });

        it('refuses moves the state machine does not allow', async () => {
            const before = ledger.snapshot();
            for (const fn of ['Judge', 'Enforce', 'Close']) {
                expect((await failureOf(move(fn, { caseId: 'C-0001', documentFingerprint: fp('x') }))).code).toBe(
                    'INVALID_STATE',
                );
            }
            expect(ledger.snapshot()).toEqual(before);
        });

        it('answers a repeated move with the same document from the ledger, another as INVALID_STATE', async () => {
            const first = await move('Accept', { caseId: 'C-0001', documentFingerprint: fp('a') });
            const before = ledger.snapshot();
            expect(await move('Accept', { caseId: 'C-0001', documentFingerprint: fp('a') })).toEqual(first);
            expect(ledger.snapshot()).toEqual(before);
            expect((await failureOf(move('Accept', { caseId: 'C-0001', documentFingerprint: fp('b') }))).code).toBe(
                'INVALID_STATE',
            );
        });

        it('answers CASE_NOT_FOUND for an unknown case', async () => {
            expect((await failureOf(move('Accept', { caseId: 'C-9999', documentFingerprint: fp('a') }))).code).toBe(
                'CASE_NOT_FOUND',
            );
            expect((await failureOf(get('C-9999'))).code).toBe('CASE_NOT_FOUND');
        });
    });

    describe('ListByCourt', () => {
        it('pages through the cases of a court', async () => {
            for (const id of ['C-0003', 'C-0001', 'C-0002']) {
                await file(filing(id, PACKAGE));
            }
            const first = await ledger.invokeJson<PageResult<CaseRecord>>(
                cases,
                'ListByCourt',
                USERS.court,
                JSON.stringify({ pageSize: 2 }),
            );
            const second = await ledger.invokeJson<PageResult<CaseRecord>>(
                cases,
                'ListByCourt',
                USERS.notary,
                JSON.stringify({ court: 'CourtMSP', pageSize: 2, bookmark: first.bookmark }),
            );
            expect([...first.items, ...second.items].map((record) => record.caseId)).toEqual([
                'C-0001',
                'C-0002',
                'C-0003',
            ]);
            expect(second.bookmark).toBe('');
        });

        it('requires the notary and the bank to name the court', async () => {
            const error = await failureOf(ledger.invoke(cases, 'ListByCourt', USERS.bank, '{}'));
            expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'court' } });
        });
    });
});
