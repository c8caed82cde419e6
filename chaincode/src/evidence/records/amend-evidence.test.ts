import { createHash } from 'node:crypto';
import {
    type ChainView,
    type EvidenceHistory,
    type EvidenceView,
    type EvidenceWriteResult,
    type LoanHead,
} from '@lendledger/domain';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../../testing/memory-ledger.js';
import { EvidenceContract } from './evidence-contract.js';
import { failureOf } from '../../testing/refusals.js';

vi.mock('../../consent/consent-in-force.js', async () =>
    (await import('../../testing/consent-seam-stub.js')).passingConsentSeam(),
);

const evidence = new EvidenceContract();
const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const LOAN = `loan:${createHash('sha256').update('loan one').digest('hex')}`;

describe('Evidence corrections and withdrawals', () => {
    let ledger: MemoryLedger;

    const call = (fn: string, user: (typeof USERS)[keyof typeof USERS], request: object) =>
        ledger.invokeJson<EvidenceWriteResult>(evidence, fn, user, JSON.stringify(request));
    const view = (id: string) => ledger.invokeJson<EvidenceView>(evidence, 'Get', USERS.bank, JSON.stringify({ id }));
    const head = () => ledger.invokeJson<LoanHead>(evidence, 'GetLoan', USERS.bank, JSON.stringify({ loanRef: LOAN }));

    beforeEach(async () => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
        const base = { salted: true, evidenceType: 'DOC', loanRef: LOAN, parties: TEST_LOAN_PARTIES };
        await ledger.invoke(
            evidence,
            'RegisterBatch',
            USERS.platform,
            JSON.stringify({
                items: [
                    { ...base, fingerprint: fp('auth'), stage: 'CREDIT_AUTHORIZATION', consentId: 'consent-1' },
                    { ...base, fingerprint: fp('contract'), stage: 'CONTRACT_SIGNING', previous: fp('auth') },
                ],
            }),
        );
    });

    describe('Correct', () => {
        const correction = {
            target: fp('contract'),
            fingerprint: fp('contract v2'),
            salted: true,
            reasonCode: 'WRONG_FILE',
        };

        it('appends a correction naming its target and leaves the target record untouched', async () => {
            const key = [...ledger.snapshot().keys()].find(
                (k) => k.includes('ev.record') && k.endsWith('0000000002\u0000'),
            )!;
            const stored = ledger.read(key);
            const { created, record } = await call('Correct', USERS.platform, {
                ...correction,
                previous: fp('contract'),
            });
            expect(created).toBe(true);
            expect(record).toMatchObject({
                kind: 'CORRECTION',
                id: fp('contract v2'),
                corrects: fp('contract'),
                reasonCode: 'WRONG_FILE',
                stage: 'CONTRACT_SIGNING',
                evidenceType: 'DOC',
                seq: 3,
            });
            expect(ledger.read(key)).toBe(stored);
            expect(await view(fp('contract'))).toMatchObject({
                status: 'CORRECTED',
                supersession: {
                    id: fp('contract'),
                    kind: 'CORRECTION',
                    by: fp('contract v2'),
                    reasonCode: 'WRONG_FILE',
                },
            });
            expect((await view(fp('contract v2'))).status).toBe('CURRENT');
            expect((await head()).currentStages).toEqual({ CONTRACT_SIGNING: 1, CREDIT_AUTHORIZATION: 1 });
        });

        it('emits evidence.corrected and shows both standings on the chain', async () => {
            const { event } = await ledger.invoke(
                evidence,
                'Correct',
                USERS.platform,
                JSON.stringify({ ...correction, previous: fp('contract') }),
            );
            expect(event).toMatchObject({
                name: 'evidence.corrected',
                payload: {
                    mspId: 'PlatformMSP',
                    items: [{ id: fp('contract v2'), target: fp('contract'), reasonCode: 'WRONG_FILE' }],
                },
            });
            const chain = await ledger.invokeJson<ChainView>(
                evidence,
                'GetChain',
                USERS.bank,
                JSON.stringify({ loanRef: LOAN }),
            );
            expect(chain.entries.map((entry) => [entry.record.seq, entry.status, entry.supersededBy])).toEqual([
                [1, 'CURRENT', undefined],
                [2, 'CORRECTED', fp('contract v2')],
                [3, 'CURRENT', undefined],
            ]);
            expect(chain.intact).toBe(true);
        });

        it('lists the supersession in the history of the corrected record', async () => {
            await call('Correct', USERS.platform, { ...correction, previous: fp('contract') });
            const history = await ledger.invokeJson<EvidenceHistory>(
                evidence,
                'History',
                USERS.bank,
                JSON.stringify({ id: fp('contract') }),
            );
            expect(history.record).toHaveLength(1);
            expect(history.supersession).toMatchObject([{ txId: 'tx000002', value: { by: fp('contract v2') } }]);
        });

        it('returns the existing correction when the same request is repeated', async () => {
            const first = await call('Correct', USERS.platform, { ...correction, previous: fp('contract') });
            const before = ledger.snapshot();
            const again = await call('Correct', USERS.platform, { ...correction, previous: fp('contract') });
            expect(again).toEqual({ created: false, record: first.record });
            expect(ledger.snapshot()).toEqual(before);
        });

        it('refuses to correct a record twice', async () => {
            await call('Correct', USERS.platform, { ...correction, previous: fp('contract') });
            const error = await failureOf(
                call('Correct', USERS.platform, { ...correction, fingerprint: fp('v3'), previous: fp('contract v2') }),
            );
            expect(error).toMatchObject({ code: 'RECORD_SUPERSEDED', details: { supersededBy: fp('contract v2') } });
        });

        it("refuses to correct another organisation's record", async () => {
            const before = ledger.snapshot();
            const error = await failureOf(call('Correct', USERS.bank, { ...correction, previous: fp('contract') }));
            expect(error).toMatchObject({
                code: 'NOT_RECORD_OWNER',
                details: { owner: 'PlatformMSP', mspId: 'BankMSP' },
            });
            expect(ledger.snapshot()).toEqual(before);
        });

        it('refuses an unknown target, a stale previous record and a fingerprint already used', async () => {
            const unknown = await failureOf(
                call('Correct', USERS.platform, { ...correction, target: fp('x'), previous: fp('contract') }),
            );
            expect(unknown).toMatchObject({ code: 'EVIDENCE_NOT_FOUND', details: { field: 'target' } });
            const stale = await failureOf(call('Correct', USERS.platform, { ...correction, previous: fp('auth') }));
            expect(stale.code).toBe('CHAIN_HEAD_MISMATCH');
            const used = await failureOf(
                call('Correct', USERS.platform, { ...correction, fingerprint: fp('auth'), previous: fp('contract') }),
            );
            expect(used.code).toBe('CONFLICT');
        });

        it('requires a consent reference to correct a credit authorization', async () => {
            const request = {
                target: fp('auth'),
                fingerprint: fp('auth v2'),
                salted: true,
                reasonCode: 'RESCAN',
                previous: fp('contract'),
            };
            expect((await failureOf(call('Correct', USERS.platform, request))).code).toBe('CONSENT_REFERENCE_REQUIRED');
            const { record } = await call('Correct', USERS.platform, { ...request, consentId: 'consent-1' });
            expect(record).toMatchObject({ stage: 'CREDIT_AUTHORIZATION', consentId: 'consent-1' });
        });

        it('refuses a correction without a reason code', async () => {
            const error = await failureOf(
                call('Correct', USERS.platform, { ...correction, reasonCode: undefined, previous: fp('contract') }),
            );
            expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'reasonCode' } });
        });
    });

    describe('Withdraw', () => {
        const withdrawal = { target: fp('contract'), reasonCode: 'SIGNED_IN_ERROR', previous: fp('contract') };

        it('appends a withdrawal record and marks the target withdrawn', async () => {
            const { created, record } = await call('Withdraw', USERS.platform, withdrawal);
            expect(created).toBe(true);
            expect(record).toMatchObject({
                kind: 'WITHDRAWAL',
                id: `withdrawal:${fp('contract')}`,
                withdraws: fp('contract'),
                reasonCode: 'SIGNED_IN_ERROR',
                stage: 'CONTRACT_SIGNING',
                seq: 3,
            });
            expect(await view(fp('contract'))).toMatchObject({
                status: 'WITHDRAWN',
                supersession: { kind: 'WITHDRAWAL' },
            });
            expect(await view(`withdrawal:${fp('contract')}`)).toMatchObject({ status: 'CURRENT', record: { seq: 3 } });
            expect((await head()).currentStages).toEqual({ CREDIT_AUTHORIZATION: 1 });
        });

        it('emits evidence.withdrawn', async () => {
            const { event } = await ledger.invoke(evidence, 'Withdraw', USERS.platform, JSON.stringify(withdrawal));
            expect(event).toMatchObject({
                name: 'evidence.withdrawn',
                payload: {
                    items: [{ id: `withdrawal:${fp('contract')}`, kind: 'WITHDRAWAL', target: fp('contract') }],
                },
            });
        });

        it('no longer counts a withdrawn contract for the disbursement rule', async () => {
            await call('Withdraw', USERS.platform, withdrawal);
            const error = await failureOf(
                ledger.invoke(
                    evidence,
                    'Register',
                    USERS.bank,
                    JSON.stringify({
                        fingerprint: fp('disbursement'),
                        salted: true,
                        evidenceType: 'TRANSFER',
                        stage: 'DISBURSEMENT',
                        loanRef: LOAN,
                        previous: `withdrawal:${fp('contract')}`,
                    }),
                ),
            );
            expect(error.code).toBe('STAGE_PREREQUISITE_MISSING');
        });

        it('is idempotent with the same reason and a CONFLICT with another', async () => {
            const first = await call('Withdraw', USERS.platform, withdrawal);
            expect(await call('Withdraw', USERS.platform, withdrawal)).toEqual({
                created: false,
                record: first.record,
            });
            const error = await failureOf(
                call('Withdraw', USERS.platform, { ...withdrawal, reasonCode: 'OTHER_REASON' }),
            );
            expect(error.code).toBe('CONFLICT');
        });

        it('refuses to withdraw a withdrawal or a corrected record', async () => {
            await call('Withdraw', USERS.platform, withdrawal);
            const again = await failureOf(
                call('Withdraw', USERS.platform, {
                    ...withdrawal,
                    target: `withdrawal:${fp('contract')}`,
                    previous: `withdrawal:${fp('contract')}`,
                }),
            );
            expect(again.code).toBe('INVALID_STATE');
            await call('Correct', USERS.platform, {
                target: fp('auth'),
                fingerprint: fp('auth v2'),
                salted: true,
                consentId: 'consent-1',
                reasonCode: 'RESCAN',
                previous: `withdrawal:${fp('contract')}`,
            });
            const corrected = await failureOf(
                call('Withdraw', USERS.platform, {
                    target: fp('auth'),
                    reasonCode: 'X_REASON',
                    previous: fp('auth v2'),
                }),
            );
            expect(corrected.code).toBe('RECORD_SUPERSEDED');
        });

        it("refuses to withdraw another organisation's record", async () => {
            const error = await failureOf(call('Withdraw', USERS.bank, withdrawal));
            expect(error.code).toBe('NOT_RECORD_OWNER');
        });
    });
});
