import { createHash } from 'node:crypto';
import {
    type ChainView,
    type EvidenceBatchResult,
    type EvidenceHistory,
    type EvidenceRecord,
    type EvidenceView,
    type EvidenceWriteResult,
    type LoanHead,
    type PageResult,
} from '@lendledger/domain';
import { evidenceLinkHash } from '@lendledger/domain/node';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../../testing/memory-ledger.js';
import { EvidenceContract } from './evidence-contract.js';
import { failureOf } from '../../testing/refusals.js';

// The consent seam is tested in consent-seam.test.ts; here every consent is in force.
vi.mock('../../consent/consent-in-force.js', async () =>
    (await import('../../testing/consent-seam-stub.js')).passingConsentSeam(),
);

const evidence = new EvidenceContract();
const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const loanOf = (label: string): string => `loan:${createHash('sha256').update(`loan ${label}`).digest('hex')}`;
const LOAN = loanOf('one');
const SUBJECT = '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@platform.lendledger.test';

function item(label: string, stage: string, previous: string | null, extra: object = {}): Record<string, unknown> {
    return {
        fingerprint: fp(label),
        salted: true,
        evidenceType: 'DOC',
        stage,
        loanRef: LOAN,
        previous,
        parties: TEST_LOAN_PARTIES,
        ...extra,
    };
}

describe('Evidence contract', () => {
    let ledger: MemoryLedger;

    const register = (user: (typeof USERS)[keyof typeof USERS], request: object) =>
        ledger.invokeJson<EvidenceWriteResult>(evidence, 'Register', user, JSON.stringify(request));
    const batch = (user: (typeof USERS)[keyof typeof USERS], items: object[]) =>
        ledger.invokeJson<EvidenceBatchResult>(evidence, 'RegisterBatch', user, JSON.stringify({ items }));

    /** Identity check, consent, contract by the platform, then disbursement by the bank. */
    async function fundedLoan(): Promise<void> {
        await batch(USERS.platform, [
            item('id-check', 'IDENTITY_VERIFICATION', null),
            item('authorization', 'CREDIT_AUTHORIZATION', fp('id-check'), { consentId: 'consent-1' }),
            item('contract', 'CONTRACT_SIGNING', fp('authorization')),
        ]);
        await register(USERS.bank, item('credit decision', 'CREDIT_DECISION', fp('contract')));
        await register(USERS.bank, item('disbursement', 'DISBURSEMENT', fp('credit decision')));
    }

    beforeEach(() => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
    });

    describe('Register', () => {
        it('records the submitter, transaction, time, position and link hash', async () => {
            const { created, record } = await register(USERS.platform, item('id-check', 'IDENTITY_VERIFICATION', null));
            const { linkHash, ...body } = record;
            expect(created).toBe(true);
            expect(body).toEqual({
                kind: 'REGISTRATION',
                id: fp('id-check'),
                fingerprint: fp('id-check'),
                salted: true,
                evidenceType: 'DOC',
                stage: 'IDENTITY_VERIFICATION',
                loanRef: LOAN,
                seq: 1,
                previous: null,
                parties: TEST_LOAN_PARTIES,
                submitter: { mspId: 'PlatformMSP', subject: SUBJECT },
                txId: 'tx000001',
                time: '2026-03-01T00:00:00.000Z',
            });
            expect(linkHash).toBe(evidenceLinkHash(body));
        });

        it('emits one evidence.registered event describing the record', async () => {
            const { event } = await ledger.invoke(
                evidence,
                'Register',
                USERS.platform,
                JSON.stringify(item('id-check', 'IDENTITY_VERIFICATION', null)),
            );
            const { record } = await ledger.invokeJson<EvidenceView>(
                evidence,
                'Get',
                USERS.bank,
                JSON.stringify({ id: fp('id-check') }),
            );
            expect(event).toEqual({
                name: 'evidence.registered',
                payload: {
                    mspId: 'PlatformMSP',
                    txId: 'tx000001',
                    items: [
                        {
                            id: fp('id-check'),
                            kind: 'REGISTRATION',
                            loanRef: LOAN,
                            seq: 1,
                            stage: 'IDENTITY_VERIFICATION',
                            linkHash: record.linkHash,
                        },
                    ],
                },
            });
        });

        it('accepts the object form of a fingerprint and stores the canonical string', async () => {
            const digest = fp('x').slice('sha256:'.length);
            const { record } = await register(USERS.platform, {
                ...item('x', 'OTHER', null),
                fingerprint: { algorithm: 'sm3', digest },
                metadataFingerprint: { algorithm: 'sha256', digest },
            });
            expect(record.id).toBe(`sm3:${digest}`);
            expect(record.kind === 'REGISTRATION' && record.metadataFingerprint).toBe(`sha256:${digest}`);
        });

        it('links each record to the previous record of its loan', async () => {
            const first = await register(USERS.platform, item('id-check', 'IDENTITY_VERIFICATION', null));
            const second = await register(USERS.platform, item('contract', 'CONTRACT_SIGNING', fp('id-check')));
            expect(second.record.seq).toBe(2);
            expect(second.record.previous).toEqual({ id: fp('id-check'), linkHash: first.record.linkHash });
            const head = await ledger.invokeJson<LoanHead>(
                evidence,
                'GetLoan',
                USERS.bank,
                JSON.stringify({ loanRef: LOAN }),
            );
            expect(head).toEqual({
                loanRef: LOAN,
                length: 2,
                head: { id: fp('contract'), seq: 2, linkHash: second.record.linkHash },
                currentStages: { CONTRACT_SIGNING: 1, IDENTITY_VERIFICATION: 1 },
                writers: ['PlatformMSP'],
                openedAt: '2026-03-01T00:00:00.000Z',
                updatedAt: '2026-03-01T00:00:01.000Z',
            });
        });

        it('returns the existing record for a fingerprint registered again and writes nothing', async () => {
            const request = item('id-check', 'IDENTITY_VERIFICATION', null);
            const first = await register(USERS.platform, request);
            const before = ledger.snapshot();
            const again = await ledger.invoke(evidence, 'Register', USERS.platform, JSON.stringify(request));
            expect(JSON.parse(again.payload)).toEqual({ created: false, record: first.record });
            expect(again.event).toBeUndefined();
            expect(ledger.snapshot()).toEqual(before);
        });

        it('refuses a fingerprint already registered with other content as CONFLICT', async () => {
            await register(USERS.platform, item('doc', 'OTHER', null));
            const before = ledger.snapshot();
            const error = await failureOf(
                register(USERS.platform, item('doc', 'OTHER', fp('doc'), { evidenceType: 'NOTE' })),
            );
            expect(error).toMatchObject({ code: 'CONFLICT', details: { id: fp('doc'), differing: ['evidenceType'] } });
            expect(ledger.snapshot()).toEqual(before);
        });

        it.each([
            ['a short digest', { fingerprint: `sha256:${'ab'.repeat(31)}` }, 'fingerprint', /64 hex characters/],
            ['a long digest', { fingerprint: `sha256:${'ab'.repeat(33)}` }, 'fingerprint', /64 hex characters/],
            ['upper-case hex', { fingerprint: `sha256:${'AB'.repeat(32)}` }, 'fingerprint', /lower-case/],
            ['non-hex digits', { fingerprint: `sha256:${'zz'.repeat(32)}` }, 'fingerprint', /lower-case/],
            ['an unknown algorithm', { fingerprint: `md5:${'ab'.repeat(16)}` }, 'fingerprint', /unsupported/],
            ['an unknown stage', { stage: 'ORIGINATION' }, 'stage', /must be one of/],
            ['a raw loan number', { loanRef: 'LN20260001' }, 'loanRef', /characters long|does not match/],
            ['free text as evidence type', { evidenceType: 'signed by Zhang San' }, 'evidenceType', /does not match/],
            ['a phone number in a code', { evidenceType: 'TEL13812345678' }, 'evidenceType', /does not match/],
            ['a missing salted flag', { salted: undefined }, 'salted', /true or false/],
            ['a malformed previous', { previous: 'seq-1' }, 'previous', /<algorithm>:<hex digest>/],
            ['a malformed metadata fingerprint', { metadataFingerprint: 'x' }, 'metadataFingerprint', /hex/],
        ])('refuses %s with INVALID_ARGUMENT naming the field', async (_name, change, field, message) => {
            const error = await failureOf(register(USERS.platform, { ...item('doc', 'OTHER', null), ...change }));
            expect(error.code).toBe('INVALID_ARGUMENT');
            expect(error.details.field).toBe(field);
            expect(error.message).toMatch(message);
            expect(ledger.keysWritten()).toEqual([]);
        });

        it('refuses a request that is not JSON with INVALID_JSON', async () => {
            const error = await failureOf(ledger.invoke(evidence, 'Register', USERS.platform, '{"fingerprint":'));
            expect(error.code).toBe('INVALID_JSON');
        });

        it('refuses a missing predecessor when the loan already has records', async () => {
            await register(USERS.platform, item('id-check', 'IDENTITY_VERIFICATION', null));
            const error = await failureOf(register(USERS.platform, item('contract', 'CONTRACT_SIGNING', null)));
            expect(error).toMatchObject({
                code: 'CHAIN_HEAD_MISMATCH',
                details: { field: 'request.previous', expected: fp('id-check'), previous: null },
            });
        });

        it('refuses an unknown previous record', async () => {
            const error = await failureOf(
                register(USERS.platform, item('id-check', 'IDENTITY_VERIFICATION', fp('nowhere'))),
            );
            expect(error).toMatchObject({ code: 'PREVIOUS_RECORD_UNKNOWN', details: { previous: fp('nowhere') } });
        });

        it('refuses a previous record that is no longer the head, or belongs to another loan', async () => {
            await register(USERS.platform, item('a', 'OTHER', null));
            await register(USERS.platform, item('b', 'OTHER', fp('a')));
            await register(USERS.platform, { ...item('other', 'OTHER', null), loanRef: loanOf('two') });
            const stale = await failureOf(register(USERS.platform, item('c', 'OTHER', fp('a'))));
            expect(stale).toMatchObject({ code: 'CHAIN_HEAD_MISMATCH', details: { expected: fp('b') } });
            const foreign = await failureOf(register(USERS.platform, item('c', 'OTHER', fp('other'))));
            expect(foreign.code).toBe('CHAIN_HEAD_MISMATCH');
        });

        it.each([
            ['the bank', 'IDENTITY_VERIFICATION', USERS.bank],
            ['the bank', 'CONTRACT_SIGNING', USERS.bank],
            ['the platform', 'DISBURSEMENT', USERS.platform],
            ['the platform', 'COLLECTION', USERS.platform],
        ])('refuses %s writing %s with STAGE_NOT_PERMITTED', async (_who, stage, user) => {
            const error = await failureOf(register(user, item('doc', stage, null, { consentId: 'c-1' })));
            expect(error).toMatchObject({ code: 'STAGE_NOT_PERMITTED', details: { stage, mspId: user.mspId } });
            expect(ledger.keysWritten()).toEqual([]);
        });

        it('lets both the platform and the bank write OTHER evidence', async () => {
            await register(USERS.platform, item('a', 'OTHER', null));
            const { record } = await register(USERS.bank, item('b', 'OTHER', fp('a')));
            expect(record.submitter.mspId).toBe('BankMSP');
        });

        it('refuses a disbursement without a signed contract on the chain', async () => {
            await register(USERS.platform, item('id-check', 'IDENTITY_VERIFICATION', null));
            const error = await failureOf(register(USERS.bank, item('disbursement', 'DISBURSEMENT', fp('id-check'))));
            expect(error).toMatchObject({
                code: 'STAGE_PREREQUISITE_MISSING',
                details: { stage: 'DISBURSEMENT', requires: 'CONTRACT_SIGNING' },
            });
        });

        it('refuses a collection without an overdue notice, and accepts it after one', async () => {
            await fundedLoan();
            const early = await failureOf(register(USERS.bank, item('collection', 'COLLECTION', fp('disbursement'))));
            expect(early).toMatchObject({
                code: 'STAGE_PREREQUISITE_MISSING',
                details: { requires: 'OVERDUE_NOTICE' },
            });
            await register(USERS.bank, item('notice', 'OVERDUE_NOTICE', fp('disbursement')));
            const { record } = await register(USERS.bank, item('collection', 'COLLECTION', fp('notice')));
            expect(record.seq).toBe(7);
        });

        it('refuses repayments and overdue notices before a disbursement', async () => {
            await register(USERS.platform, item('contract', 'CONTRACT_SIGNING', null));
            for (const stage of ['REPAYMENT', 'OVERDUE_NOTICE']) {
                const error = await failureOf(register(USERS.bank, item('x', stage, fp('contract'))));
                expect(error).toMatchObject({
                    code: 'STAGE_PREREQUISITE_MISSING',
                    details: { requires: 'DISBURSEMENT' },
                });
            }
        });

        it('refuses a credit authorization without a consent reference', async () => {
            const error = await failureOf(register(USERS.platform, item('auth', 'CREDIT_AUTHORIZATION', null)));
            expect(error).toMatchObject({
                code: 'CONSENT_REFERENCE_REQUIRED',
                details: { field: 'request.consentId' },
            });
        });

        it('refuses unsalted fingerprints of identity evidence but accepts them for other stages', async () => {
            const error = await failureOf(
                register(USERS.platform, item('id', 'IDENTITY_VERIFICATION', null, { salted: false })),
            );
            expect(error).toMatchObject({ code: 'UNSALTED_FINGERPRINT', details: { stage: 'IDENTITY_VERIFICATION' } });
            const { record } = await register(USERS.platform, item('public', 'OTHER', null, { salted: false }));
            expect(record.kind === 'REGISTRATION' && record.salted).toBe(false);
        });

        it('writes identical bytes for the same request given in two key orders', async () => {
            const digest = fp('doc').slice('sha256:'.length);
            const forward = {
                fingerprint: { algorithm: 'sha256', digest },
                salted: true,
                evidenceType: 'DOC',
                stage: 'OTHER',
                loanRef: LOAN,
                previous: null,
                parties: { product: 'CONSUMER_LOAN', bank: 'BankMSP' },
            };
            const backward = Object.fromEntries(
                Object.entries({ ...forward, fingerprint: { digest, algorithm: 'sha256' } }).reverse(),
            );
            const other = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
            const a = await ledger.invoke(evidence, 'Register', USERS.platform, JSON.stringify(forward));
            const b = await other.invoke(evidence, 'Register', USERS.platform, JSON.stringify(backward));
            expect(JSON.stringify(Object.keys(backward))).not.toBe(JSON.stringify(Object.keys(forward)));
            expect([...other.snapshot()]).toEqual([...ledger.snapshot()]);
            expect(b.payload).toBe(a.payload);
            expect(b.event).toEqual(a.event);
        });
    });

    describe('RegisterBatch', () => {
        it('appends the items in order, chaining items of one loan, and emits one event listing them', async () => {
            const other = loanOf('two');
            const { payload, event } = await ledger.invoke(
                evidence,
                'RegisterBatch',
                USERS.platform,
                JSON.stringify({
                    items: [
                        item('a1', 'IDENTITY_VERIFICATION', null),
                        { ...item('b1', 'IDENTITY_VERIFICATION', null), loanRef: other },
                        item('a2', 'CONTRACT_SIGNING', fp('a1')),
                    ],
                }),
            );
            const result = JSON.parse(payload) as EvidenceBatchResult;
            expect(result.created).toBe(3);
            expect(result.items.map((entry) => [entry.record.loanRef, entry.record.seq])).toEqual([
                [LOAN, 1],
                [other, 1],
                [LOAN, 2],
            ]);
            expect(result.items[2]!.record.previous).toEqual({
                id: fp('a1'),
                linkHash: result.items[0]!.record.linkHash,
            });
            expect(event?.name).toBe('evidence.registered');
            expect((event?.payload as { items: { id: string }[] }).items.map((entry) => entry.id)).toEqual([
                fp('a1'),
                fp('b1'),
                fp('a2'),
            ]);
            const head = await ledger.invokeJson<LoanHead>(
                evidence,
                'GetLoan',
                USERS.platform,
                JSON.stringify({ loanRef: LOAN }),
            );
            expect(head.length).toBe(2);
        });

        it('applies ordering rules to earlier items of the same batch', async () => {
            await register(USERS.platform, item('contract', 'CONTRACT_SIGNING', null));
            const result = await batch(USERS.bank, [
                item('decision', 'CREDIT_DECISION', fp('contract')),
                item('disbursement', 'DISBURSEMENT', fp('decision')),
                item('notice', 'OVERDUE_NOTICE', fp('disbursement')),
                item('collection', 'COLLECTION', fp('notice')),
            ]);
            expect(result.items.map((entry) => entry.record.stage)).toEqual([
                'CREDIT_DECISION',
                'DISBURSEMENT',
                'OVERDUE_NOTICE',
                'COLLECTION',
            ]);
        });

        it('returns existing items unchanged and lists only new ones in the event', async () => {
            const first = await register(USERS.platform, item('a', 'OTHER', null));
            const { payload, event } = await ledger.invoke(
                evidence,
                'RegisterBatch',
                USERS.platform,
                JSON.stringify({ items: [item('a', 'OTHER', null), item('b', 'OTHER', fp('a'))] }),
            );
            const result = JSON.parse(payload) as EvidenceBatchResult;
            expect(result.created).toBe(1);
            expect(result.items[0]).toEqual({ created: false, record: first.record });
            expect((event?.payload as { items: unknown[] }).items).toHaveLength(1);
        });

        it('writes nothing when any item fails, and names the failing item', async () => {
            const error = await failureOf(
                batch(USERS.bank, [
                    item('a', 'OTHER', null),
                    item('b', 'OTHER', fp('a')),
                    item('c', 'DISBURSEMENT', fp('b')),
                ]),
            );
            expect(error).toMatchObject({ code: 'STAGE_PREREQUISITE_MISSING', details: { field: 'items[2].stage' } });
            expect(ledger.keysWritten()).toEqual([]);
        });

        it('refuses the same fingerprint twice in one batch', async () => {
            const error = await failureOf(
                batch(USERS.platform, [item('a', 'OTHER', null), item('a', 'OTHER', fp('a'))]),
            );
            expect(error).toMatchObject({ code: 'DUPLICATE_IN_BATCH', details: { field: 'items[1].fingerprint' } });
        });

        it('refuses an empty batch and a batch over 1000 items', async () => {
            expect((await failureOf(batch(USERS.platform, []))).code).toBe('BATCH_EMPTY');
            const items = Array.from({ length: 1001 }, (_, i) => ({
                ...item(`x${i}`, 'OTHER', null),
                loanRef: loanOf(`${i}`),
            }));
            const error = await failureOf(batch(USERS.platform, items));
            expect(error).toMatchObject({ code: 'BATCH_TOO_LARGE', details: { max: 1000, size: 1001 } });
        });

        it('registers 1000 records of 1000 loans in one transaction', async () => {
            const items = Array.from({ length: 1000 }, (_, i) => ({
                ...item(`x${i}`, 'OTHER', null),
                loanRef: loanOf(`${i}`),
            }));
            const result = await batch(USERS.bank, items);
            expect(result.created).toBe(1000);
            // Per loan: the record, its index entry, the loan head and the loan's parties.
            expect(ledger.keysWritten()).toHaveLength(4000);
        });
    });

    describe('reads', () => {
        it('answers Get with the record, its standing and its attestations', async () => {
            const { record } = await register(USERS.platform, item('a', 'OTHER', null));
            const view = await ledger.invokeJson<EvidenceView>(
                evidence,
                'Get',
                USERS.notary,
                JSON.stringify({ id: fp('a') }),
            );
            expect(view).toEqual({ record, status: 'CURRENT', attestations: [] });
        });

        it('answers EVIDENCE_NOT_FOUND for an unknown record and LOAN_NOT_FOUND for an unknown loan', async () => {
            const record = await failureOf(
                ledger.invoke(evidence, 'Get', USERS.bank, JSON.stringify({ id: fp('none') })),
            );
            expect(record).toMatchObject({ code: 'EVIDENCE_NOT_FOUND', details: { id: fp('none') } });
            for (const fn of ['GetLoan', 'GetChain', 'ListByLoan']) {
                const loan = await failureOf(
                    ledger.invoke(evidence, fn, USERS.bank, JSON.stringify({ loanRef: LOAN })),
                );
                expect(loan).toMatchObject({ code: 'LOAN_NOT_FOUND', details: { loanRef: LOAN } });
            }
        });

        it('answers GetChain with the ordered chain, intact and complete for a funded loan', async () => {
            await fundedLoan();
            const chain = await ledger.invokeJson<ChainView>(
                evidence,
                'GetChain',
                USERS.notary,
                JSON.stringify({ loanRef: LOAN }),
            );
            expect(chain.entries.map((entry) => [entry.record.seq, entry.record.stage, entry.status])).toEqual([
                [1, 'IDENTITY_VERIFICATION', 'CURRENT'],
                [2, 'CREDIT_AUTHORIZATION', 'CURRENT'],
                [3, 'CONTRACT_SIGNING', 'CURRENT'],
                [4, 'CREDIT_DECISION', 'CURRENT'],
                [5, 'DISBURSEMENT', 'CURRENT'],
            ]);
            expect(chain).toMatchObject({ intact: true, problems: [], missingStages: [], complete: true });
            expect(chain.loan.length).toBe(5);
            expect(chain.parties).toEqual(TEST_LOAN_PARTIES);
            expect(chain.admission).toMatchObject({ ...TEST_LOAN_PARTIES, id: expect.stringMatching(/^adm:/) });
        });

        it('reports lifecycle stages missing before the furthest stage as incomplete', async () => {
            await register(USERS.platform, item('contract', 'CONTRACT_SIGNING', null));
            await register(USERS.bank, item('decision', 'CREDIT_DECISION', fp('contract')));
            await register(USERS.bank, item('disbursement', 'DISBURSEMENT', fp('decision')));
            const chain = await ledger.invokeJson<ChainView>(
                evidence,
                'GetChain',
                USERS.bank,
                JSON.stringify({ loanRef: LOAN }),
            );
            expect(chain).toMatchObject({
                intact: true,
                missingStages: ['IDENTITY_VERIFICATION', 'CREDIT_AUTHORIZATION'],
                complete: false,
            });
        });

        it('pages through a loan chain in order with bookmarks', async () => {
            let previous: string | null = null;
            for (const label of ['a', 'b', 'c', 'd', 'e']) {
                await register(USERS.platform, item(label, 'OTHER', previous));
                previous = fp(label);
            }
            const seen: number[][] = [];
            let bookmark = '';
            do {
                const page: PageResult<EvidenceRecord> = await ledger.invokeJson(
                    evidence,
                    'ListByLoan',
                    USERS.notary,
                    JSON.stringify({ loanRef: LOAN, pageSize: 2, bookmark }),
                );
                seen.push(page.items.map((record) => record.seq));
                bookmark = page.bookmark;
            } while (bookmark !== '');
            expect(seen).toEqual([[1, 2], [3, 4], [5]]);
        });

        it('refuses a page size outside 1..1000', async () => {
            await register(USERS.platform, item('a', 'OTHER', null));
            for (const pageSize of [0, 1001, 2.5]) {
                const error = await failureOf(
                    ledger.invoke(evidence, 'ListByLoan', USERS.bank, JSON.stringify({ loanRef: LOAN, pageSize })),
                );
                expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'pageSize' } });
            }
        });

        it('answers History with the single committed version of a record key', async () => {
            const { record } = await register(USERS.platform, item('a', 'OTHER', null));
            const history = await ledger.invokeJson<EvidenceHistory>(
                evidence,
                'History',
                USERS.bank,
                JSON.stringify({ id: fp('a') }),
            );
            expect(history).toEqual({
                id: fp('a'),
                record: [{ txId: 'tx000001', time: '2026-03-01T00:00:00.000Z', isDelete: false, value: record }],
                supersession: [],
            });
        });
    });
});
