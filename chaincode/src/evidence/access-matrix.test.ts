import { createHash } from 'node:crypto';
import { decodeCodedError } from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../testing/memory-ledger.js';
import { AnchorContract } from './anchors/anchor-contract.js';
import { AttestationContract } from './attestations/attestation-contract.js';
import { CaseContract } from './cases/case-contract.js';
import { EvidenceContract } from './records/evidence-contract.js';

// Mirrors chaincode/docs/access-matrix.md: every transaction, every organisation.
vi.mock('../consent/consent-in-force.js', async () =>
    (await import('../testing/consent-seam-stub.js')).passingConsentSeam(),
);

type Org = keyof typeof USERS;

const evidence = new EvidenceContract();
const anchors = new AnchorContract();
const attestations = new AttestationContract();
const cases = new CaseContract();
const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const loanOf = (label: string): string => `loan:${createHash('sha256').update(`loan ${label}`).digest('hex')}`;
const LOAN = loanOf('with case');
const QUIET_LOAN = loanOf('without case');
const ANCHORED = [fp('a1'), fp('a2')];
const ANCHOR_ID = fingerprintTreeRoot(ANCHORED);
const PACKAGE_ROOT = fingerprintTreeRoot([fp('contract'), fp('a1')]);
const ALL: Org[] = ['platform', 'bank', 'notary', 'court', 'investor', 'outsider'];

interface Row {
    readonly tx: string;
    readonly contract: object;
    readonly fn: string;
    readonly request: object;
    readonly allowed: readonly Org[];
}

const doc = (label: string) => ({ caseId: 'C-0001', documentFingerprint: fp(label), reasonCode: 'NO_JURISDICTION' });
const newRecord = {
    fingerprint: fp('new'),
    salted: true,
    evidenceType: 'DOC',
    stage: 'OTHER',
    loanRef: QUIET_LOAN,
    previous: fp('quiet'),
};
const filing = {
    caseId: 'C-0002',
    loanRef: LOAN,
    court: 'CourtMSP',
    documentFingerprint: fp('complaint 2'),
    package: { fingerprints: [fp('contract'), fp('a1')], root: PACKAGE_ROOT },
};

const ROWS: Row[] = [
    { tx: 'Evidence:Register', contract: evidence, fn: 'Register', request: newRecord, allowed: ['platform', 'bank'] },
    {
        tx: 'Evidence:RegisterBatch',
        contract: evidence,
        fn: 'RegisterBatch',
        request: { items: [newRecord] },
        allowed: ['platform', 'bank'],
    },
    {
        tx: 'Evidence:Correct',
        contract: evidence,
        fn: 'Correct',
        request: {
            target: fp('quiet'),
            fingerprint: fp('quiet v2'),
            salted: true,
            reasonCode: 'RESCAN',
            previous: fp('quiet'),
        },
        allowed: ['platform', 'bank'],
    },
    {
        tx: 'Evidence:Withdraw',
        contract: evidence,
        fn: 'Withdraw',
        request: { target: fp('quiet'), reasonCode: 'IN_ERROR', previous: fp('quiet') },
        allowed: ['platform', 'bank'],
    },
    {
        tx: 'Evidence:Get',
        contract: evidence,
        fn: 'Get',
        request: { id: fp('contract') },
        // An investor reads only the loans in pools of deals it holds (chaincode/src/abs/investor-scope.test.ts).
        allowed: ['platform', 'bank', 'notary', 'court'],
    },
    {
        tx: 'Evidence:GetLoan',
        contract: evidence,
        fn: 'GetLoan',
        request: { loanRef: LOAN },
        // An investor reads only the loans in pools of deals it holds (chaincode/src/abs/investor-scope.test.ts).
        allowed: ['platform', 'bank', 'notary', 'court'],
    },
    {
        tx: 'Evidence:GetChain',
        contract: evidence,
        fn: 'GetChain',
        request: { loanRef: LOAN },
        // An investor reads only the loans in pools of deals it holds (chaincode/src/abs/investor-scope.test.ts).
        allowed: ['platform', 'bank', 'notary', 'court'],
    },
    {
        tx: 'Evidence:ListByLoan',
        contract: evidence,
        fn: 'ListByLoan',
        request: { loanRef: LOAN },
        // An investor reads only the loans in pools of deals it holds (chaincode/src/abs/investor-scope.test.ts).
        allowed: ['platform', 'bank', 'notary', 'court'],
    },
    {
        tx: 'Evidence:History',
        contract: evidence,
        fn: 'History',
        request: { id: fp('contract') },
        // An investor reads only the loans in pools of deals it holds (chaincode/src/abs/investor-scope.test.ts).
        allowed: ['platform', 'bank', 'notary', 'court'],
    },
    {
        tx: 'Anchor:Create',
        contract: anchors,
        fn: 'Create',
        request: { fingerprints: [fp('b1')] },
        allowed: ['platform', 'bank'],
    },
    {
        tx: 'Anchor:Get',
        contract: anchors,
        fn: 'Get',
        request: { anchorId: ANCHOR_ID },
        allowed: ['platform', 'bank', 'notary', 'court', 'investor'],
    },
    {
        tx: 'Anchor:GetLeaves',
        contract: anchors,
        fn: 'GetLeaves',
        request: { anchorId: ANCHOR_ID, chunk: 0 },
        allowed: ['platform', 'bank', 'notary', 'court', 'investor'],
    },
    {
        tx: 'Anchor:GetProof',
        contract: anchors,
        fn: 'GetProof',
        request: { fingerprint: fp('a1') },
        allowed: ['platform', 'bank', 'notary', 'court', 'investor'],
    },
    {
        tx: 'Anchor:FindByFingerprint',
        contract: anchors,
        fn: 'FindByFingerprint',
        request: { fingerprint: fp('a1') },
        allowed: ['platform', 'bank', 'notary', 'court', 'investor'],
    },
    {
        tx: 'Anchor:List',
        contract: anchors,
        fn: 'List',
        request: {},
        allowed: ['platform', 'bank', 'notary', 'court', 'investor'],
    },
    {
        tx: 'Attestation:AttestEvidence',
        contract: attestations,
        fn: 'AttestEvidence',
        request: { id: fp('contract'), statementCode: 'ORIGINAL_INSPECTED' },
        allowed: ['notary'],
    },
    {
        tx: 'Attestation:AttestCase',
        contract: attestations,
        fn: 'AttestCase',
        request: { caseId: 'C-0001', packageRoot: PACKAGE_ROOT, statementCode: 'PACKAGE_VERIFIED' },
        allowed: ['notary'],
    },
    {
        tx: 'Attestation:ListByTarget (evidence)',
        contract: attestations,
        fn: 'ListByTarget',
        request: { kind: 'EVIDENCE', id: fp('contract') },
        // An investor reads only the loans in pools of deals it holds (chaincode/src/abs/investor-scope.test.ts).
        allowed: ['platform', 'bank', 'notary', 'court'],
    },
    {
        tx: 'Attestation:ListByTarget (case)',
        contract: attestations,
        fn: 'ListByTarget',
        request: { kind: 'CASE', id: 'C-0001' },
        allowed: ['bank', 'notary', 'court'],
    },
    { tx: 'Case:File', contract: cases, fn: 'File', request: filing, allowed: ['bank'] },
    { tx: 'Case:FileBatch', contract: cases, fn: 'FileBatch', request: { cases: [filing] }, allowed: ['bank'] },
    { tx: 'Case:Accept', contract: cases, fn: 'Accept', request: doc('accept'), allowed: ['court'] },
    { tx: 'Case:Reject', contract: cases, fn: 'Reject', request: doc('reject'), allowed: ['court'] },
    { tx: 'Case:Judge', contract: cases, fn: 'Judge', request: doc('judge'), allowed: ['court'] },
    { tx: 'Case:Enforce', contract: cases, fn: 'Enforce', request: doc('enforce'), allowed: ['court'] },
    { tx: 'Case:Close', contract: cases, fn: 'Close', request: doc('close'), allowed: ['court'] },
    { tx: 'Case:Get', contract: cases, fn: 'Get', request: { caseId: 'C-0001' }, allowed: ['bank', 'notary', 'court'] },
    {
        tx: 'Case:GetEvidence',
        contract: cases,
        fn: 'GetEvidence',
        request: { caseId: 'C-0001' },
        allowed: ['bank', 'notary', 'court'],
    },
    {
        tx: 'Case:History',
        contract: cases,
        fn: 'History',
        request: { caseId: 'C-0001' },
        allowed: ['bank', 'notary', 'court'],
    },
    {
        tx: 'Case:ListByCourt',
        contract: cases,
        fn: 'ListByCourt',
        request: { court: 'CourtMSP' },
        allowed: ['bank', 'notary', 'court'],
    },
];

/** A loan with a case filed to the court, a loan without one, an anchor and a case. */
async function fixture(ledger: MemoryLedger): Promise<void> {
    const base = { salted: true, evidenceType: 'DOC', loanRef: LOAN, parties: TEST_LOAN_PARTIES };
    const run = async (contract: object, fn: string, org: Org, request: object): Promise<void> => {
        await ledger.invoke(contract, fn, USERS[org], JSON.stringify(request));
    };
    await run(evidence, 'Register', 'platform', { ...base, fingerprint: fp('contract'), stage: 'CONTRACT_SIGNING' });
    await run(evidence, 'Register', 'bank', {
        ...base,
        fingerprint: fp('credit decision'),
        stage: 'CREDIT_DECISION',
        previous: fp('contract'),
    });
    await run(evidence, 'Register', 'bank', {
        ...base,
        fingerprint: fp('disbursement'),
        stage: 'DISBURSEMENT',
        previous: fp('credit decision'),
    });
    await run(evidence, 'Register', 'platform', {
        ...base,
        loanRef: QUIET_LOAN,
        fingerprint: fp('quiet'),
        stage: 'OTHER',
    });
    await run(anchors, 'Create', 'bank', { fingerprints: ANCHORED });
    await run(cases, 'File', 'bank', { ...filing, caseId: 'C-0001', documentFingerprint: fp('complaint 1') });
}

async function codeOf(ledger: MemoryLedger, row: Row, org: Org): Promise<string | undefined> {
    try {
        await ledger.invoke(row.contract, row.fn, USERS[org], JSON.stringify(row.request));
        return undefined;
    } catch (error) {
        return decodeCodedError((error as Error).message)?.code ?? 'UNCODED';
    }
}

describe('evidence access matrix', () => {
    let ledger: MemoryLedger;

    beforeEach(async () => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
        await fixture(ledger);
    });

    describe.each(ROWS)('$tx', (row) => {
        const refused = ALL.filter((org) => !row.allowed.includes(org));

        it.each(refused)('refuses %s with ACCESS_DENIED and writes nothing', async (org) => {
            const before = ledger.snapshot();
            expect(await codeOf(ledger, row, org)).toBe('ACCESS_DENIED');
            expect(ledger.snapshot()).toEqual(before);
        });

        it.each(row.allowed)('lets %s past the access check', async (org) => {
            expect(await codeOf(ledger, row, org)).not.toBe('ACCESS_DENIED');
        });
    });

    it('lets a court read only the loans that have a case filed to it', async () => {
        const row = ROWS.find((candidate) => candidate.tx === 'Evidence:GetChain')!;
        expect(await codeOf(ledger, { ...row, request: { loanRef: QUIET_LOAN } }, 'court')).toBe('ACCESS_DENIED');
        expect(await codeOf(ledger, { ...row, request: { loanRef: LOAN } }, 'court')).toBeUndefined();
        const get = ROWS.find((candidate) => candidate.tx === 'Evidence:Get')!;
        expect(await codeOf(ledger, { ...get, request: { id: fp('quiet') } }, 'court')).toBe('ACCESS_DENIED');
    });

    it('lets reads by allowed organisations succeed', async () => {
        for (const row of ROWS.filter((candidate) => /:(Get|List|Find|History)/.test(candidate.tx))) {
            for (const org of row.allowed) {
                expect([row.tx, org, await codeOf(ledger, row, org)]).toEqual([row.tx, org, undefined]);
            }
        }
    });
});
