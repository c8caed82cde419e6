import { createHash } from 'node:crypto';
import {
    type AttestationRecord,
    type AttestationWriteResult,
    type CaseView,
    type EvidenceView,
} from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../../testing/memory-ledger.js';
import { CaseContract } from '../cases/case-contract.js';
import { EvidenceContract } from '../records/evidence-contract.js';
import { AttestationContract } from './attestation-contract.js';
import { failureOf } from '../../testing/refusals.js';

const evidence = new EvidenceContract();
const cases = new CaseContract();
const attestations = new AttestationContract();
const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const LOAN = `loan:${createHash('sha256').update('loan one').digest('hex')}`;
const NOTARY_SUBJECT = '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@notary.lendledger.test';

describe('Attestation contract', () => {
    let ledger: MemoryLedger;
    let linkHash: string;
    const root = fingerprintTreeRoot([fp('contract')]);

    const attest = (fn: string, request: object) =>
        ledger.invokeJson<AttestationWriteResult>(attestations, fn, USERS.notary, JSON.stringify(request));

    beforeEach(async () => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
        const { payload } = await ledger.invoke(
            evidence,
            'Register',
            USERS.platform,
            JSON.stringify({
                fingerprint: fp('contract'),
                salted: true,
                evidenceType: 'E_CONTRACT',
                stage: 'CONTRACT_SIGNING',
                loanRef: LOAN,
                parties: TEST_LOAN_PARTIES,
            }),
        );
        linkHash = (JSON.parse(payload) as { record: { linkHash: string } }).record.linkHash;
        await ledger.invoke(
            cases,
            'File',
            USERS.bank,
            JSON.stringify({
                caseId: 'C-0001',
                loanRef: LOAN,
                court: 'CourtMSP',
                documentFingerprint: fp('complaint'),
                package: { fingerprints: [fp('contract')], root },
            }),
        );
    });

    describe('AttestEvidence', () => {
        it('records who attested what and when, bound to the record link hash', async () => {
            const { created, attestation } = await attest('AttestEvidence', {
                id: fp('contract'),
                statementCode: 'ORIGINAL_INSPECTED',
                documentFingerprint: fp('notarial certificate'),
            });
            expect(created).toBe(true);
            expect(attestation).toEqual({
                target: { kind: 'EVIDENCE', id: fp('contract'), linkHash },
                statementCode: 'ORIGINAL_INSPECTED',
                documentFingerprint: fp('notarial certificate'),
                notary: { mspId: 'NotaryMSP', subject: NOTARY_SUBJECT },
                txId: 'tx000003',
                time: '2026-03-01T00:00:02.000Z',
            });
        });

        it('emits attestation.recorded', async () => {
            const { event } = await ledger.invoke(
                attestations,
                'AttestEvidence',
                USERS.notary,
                JSON.stringify({ id: fp('contract'), statementCode: 'ORIGINAL_INSPECTED' }),
            );
            expect(event).toEqual({
                name: 'attestation.recorded',
                payload: {
                    target: { kind: 'EVIDENCE', id: fp('contract'), linkHash },
                    statementCode: 'ORIGINAL_INSPECTED',
                    mspId: 'NotaryMSP',
                    txId: 'tx000003',
                },
            });
        });

        it('is listed with the record it attests', async () => {
            const { attestation } = await attest('AttestEvidence', {
                id: fp('contract'),
                statementCode: 'ORIGINAL_INSPECTED',
            });
            const view = await ledger.invokeJson<EvidenceView>(
                evidence,
                'Get',
                USERS.notary,
                JSON.stringify({ id: fp('contract') }),
            );
            expect(view.attestations).toEqual([attestation]);
            const listed = await ledger.invokeJson<{ attestations: AttestationRecord[] }>(
                attestations,
                'ListByTarget',
                USERS.bank,
                JSON.stringify({ kind: 'EVIDENCE', id: fp('contract') }),
            );
            expect(listed).toEqual({ kind: 'EVIDENCE', id: fp('contract'), attestations: [attestation] });
        });

        it('returns the same statement attested again, and refuses it with another document', async () => {
            const request = {
                id: fp('contract'),
                statementCode: 'ORIGINAL_INSPECTED',
                documentFingerprint: fp('cert'),
            };
            const first = await attest('AttestEvidence', request);
            const before = ledger.snapshot();
            expect(await attest('AttestEvidence', request)).toEqual({ created: false, attestation: first.attestation });
            expect(ledger.snapshot()).toEqual(before);
            const other = await failureOf(
                attest('AttestEvidence', { ...request, documentFingerprint: fp('another cert') }),
            );
            expect(other.code).toBe('CONFLICT');
        });

        it('refuses an unknown record and a free-text statement', async () => {
            expect((await failureOf(attest('AttestEvidence', { id: fp('none'), statementCode: 'OK' }))).code).toBe(
                'EVIDENCE_NOT_FOUND',
            );
            const text = await failureOf(
                attest('AttestEvidence', { id: fp('contract'), statementCode: 'looks fine to me' }),
            );
            expect(text).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'statementCode' } });
        });
    });

    describe('AttestCase', () => {
        it('attests the package root the notary verified, listed with the case', async () => {
            const { attestation } = await attest('AttestCase', {
                caseId: 'C-0001',
                packageRoot: root,
                statementCode: 'PACKAGE_VERIFIED',
            });
            expect(attestation.target).toEqual({ kind: 'CASE', id: 'C-0001', packageRoot: root, packageSize: 1 });
            const view = await ledger.invokeJson<CaseView>(
                cases,
                'Get',
                USERS.court,
                JSON.stringify({ caseId: 'C-0001' }),
            );
            expect(view.attestations).toEqual([attestation]);
        });

        it('refuses a package root other than the case one, and an unknown case', async () => {
            const wrong = await failureOf(
                attest('AttestCase', {
                    caseId: 'C-0001',
                    packageRoot: 'ab'.repeat(32),
                    statementCode: 'PACKAGE_VERIFIED',
                }),
            );
            expect(wrong).toMatchObject({ code: 'PACKAGE_ROOT_MISMATCH', details: { expected: root } });
            const unknown = await failureOf(
                attest('AttestCase', { caseId: 'C-0404', packageRoot: root, statementCode: 'PACKAGE_VERIFIED' }),
            );
            expect(unknown.code).toBe('CASE_NOT_FOUND');
        });
    });

    describe('ListByTarget', () => {
        it('applies the read rule of the target', async () => {
            const investor = await failureOf(
                ledger.invoke(
                    attestations,
                    'ListByTarget',
                    USERS.investor,
                    JSON.stringify({ kind: 'CASE', id: 'C-0001' }),
                ),
            );
            expect(investor.code).toBe('ACCESS_DENIED');
            const court = await ledger.invokeJson<{ attestations: unknown[] }>(
                attestations,
                'ListByTarget',
                USERS.court,
                JSON.stringify({ kind: 'EVIDENCE', id: fp('contract') }),
            );
            expect(court.attestations).toEqual([]);
        });

        it('refuses an unknown kind', async () => {
            const error = await failureOf(
                ledger.invoke(attestations, 'ListByTarget', USERS.bank, JSON.stringify({ kind: 'LOAN', id: 'x' })),
            );
            expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'kind' } });
        });
    });
});
