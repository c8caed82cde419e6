import { createHash } from 'node:crypto';
import {
    decodeCodedError,
    type CaseRecord,
    DEFAULT_FOUNDING_MEMBERS,
    type CaseTransitionResult,
    type MemberEntry,
    type PageResult,
} from '@lendledger/domain';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
    MemoryLedger,
    MORE_MEMBERS,
    MORE_USERS,
    TEST_LOAN_PARTIES,
    USERS,
    type TestIdentity,
} from '../../testing/memory-ledger.js';
import { caseFiling, fp, type JsonObject } from '../../testing/sample-requests.js';
import { AttestationContract } from '../attestations/attestation-contract.js';
import { EvidenceContract } from '../records/evidence-contract.js';
import { CaseContract } from './case-contract.js';

// Mirrors chaincode/docs/access-matrix.md (cases) per ROLE, over a consortium of two banks, two platforms,
// a notary, a court, an arbitration commission and an investor: every case function x every member (and one
// outsider), on a court case and on an arbitration case.
vi.mock('../../consent/consent-in-force.js', async () =>
    (await import('../../testing/consent-seam-stub.js')).passingConsentSeam(),
);

const ACTORS = {
    bank: USERS.bank,
    bank2: MORE_USERS.bank2,
    platform: USERS.platform,
    platform2: MORE_USERS.platform2,
    notary: USERS.notary,
    court: USERS.court,
    arbitration: MORE_USERS.arbitration,
    investor: USERS.investor,
    outsider: USERS.outsider,
} as const satisfies Record<string, TestIdentity>;

type Actor = keyof typeof ACTORS;
const ALL = Object.keys(ACTORS) as Actor[];

const REGISTRY: readonly MemberEntry[] = [...DEFAULT_FOUNDING_MEMBERS, ...MORE_MEMBERS];

const evidence = new EvidenceContract();
const attestations = new AttestationContract();
const cases = new CaseContract();
const loanOf = (label: string): string => `loan:${createHash('sha256').update(`loan ${label}`).digest('hex')}`;

/** The forums, the loan each has a case on, and the prefix of those cases. */
const FORUMS = {
    court: { mspId: 'CourtMSP', loanRef: loanOf('court case'), prefix: 'CT' },
    arbitration: { mspId: 'ArbitrationMSP', loanRef: loanOf('arbitration case'), prefix: 'AR' },
} as const;
type Forum = keyof typeof FORUMS;
const OTHER: Record<Forum, Forum> = { court: 'arbitration', arbitration: 'court' };

/** The contract signing record of a forum's loan: every case package on that loan holds it. */
const contractOf = (forum: Forum): string => fp(`contract ${forum}`);
const caseOf = (forum: Forum, state: 'FILED' | 'ACCEPTED' | 'JUDGED'): string => `${FORUMS[forum].prefix}-${state}`;
const filingTo = (forum: Forum, caseId: string): JsonObject =>
    caseFiling(caseId, FORUMS[forum].loanRef, [contractOf(forum)], { court: FORUMS[forum].mspId });
const step = (caseId: string, label: string): JsonObject => ({
    caseId,
    documentFingerprint: fp(`${caseId} ${label}`),
    reasonCode: 'NO_JURISDICTION',
});

/** Each forum's loan with evidence from the platform and the bank, and its cases in three states. */
async function fixture(ledger: MemoryLedger): Promise<void> {
    const run = (contract: object, fn: string, actor: Actor, request: object) =>
        ledger.invoke(contract, fn, ACTORS[actor], JSON.stringify(request));
    for (const forum of ['court', 'arbitration'] as const) {
        const base = { salted: true, evidenceType: 'DOC', loanRef: FORUMS[forum].loanRef };
        // The loan's first record binds BankMSP as its bank, PlatformMSP as its platform.
        await run(evidence, 'Register', 'platform', {
            ...base,
            parties: TEST_LOAN_PARTIES,
            fingerprint: contractOf(forum),
            stage: 'CONTRACT_SIGNING',
        });
        await run(evidence, 'Register', 'bank', {
            ...base,
            fingerprint: fp(`credit decision ${forum}`),
            stage: 'CREDIT_DECISION',
            previous: contractOf(forum),
        });
        for (const state of ['FILED', 'ACCEPTED', 'JUDGED'] as const) {
            await run(cases, 'File', 'bank', filingTo(forum, caseOf(forum, state)));
        }
        for (const state of ['ACCEPTED', 'JUDGED'] as const) {
            await run(cases, 'Accept', forum, step(caseOf(forum, state), 'accept'));
        }
        await run(cases, 'Judge', forum, step(caseOf(forum, 'JUDGED'), 'judge'));
    }
}

interface Row {
    readonly tx: string;
    readonly contract: object;
    readonly fn: string;
    readonly request: JsonObject;
    readonly allowed: readonly Actor[];
    /** Refusals by a member that passes the role check but is not the party the rule names. */
    readonly refusals?: Partial<Record<Actor, string>>;
}

/** Another bank holds the bank role but does not fund the loan. */
const NOT_THE_LOANS_BANK = { bank2: 'NOT_LOAN_PARTY' } as const;

const CASE_READERS = (forum: Forum): Actor[] => ['bank', 'notary', forum];

/** Every case function on a case of `forum`: only that forum moves it; its filer, notaries and it read it. */
function rowsFor(forum: Forum): Row[] {
    const moves: [string, 'FILED' | 'ACCEPTED' | 'JUDGED'][] = [
        ['Accept', 'FILED'],
        ['Reject', 'FILED'],
        ['Judge', 'ACCEPTED'],
        ['Close', 'ACCEPTED'],
        ['Enforce', 'JUDGED'],
    ];
    const reads = ['Get', 'GetEvidence', 'History'];
    return [
        {
            tx: `Case:File (to ${forum})`,
            contract: cases,
            fn: 'File',
            request: filingTo(forum, `${FORUMS[forum].prefix}-NEW`),
            allowed: ['bank'],
            refusals: NOT_THE_LOANS_BANK,
        },
        {
            tx: `Case:FileBatch (to ${forum})`,
            contract: cases,
            fn: 'FileBatch',
            request: { cases: [filingTo(forum, `${FORUMS[forum].prefix}-NEW`)] },
            allowed: ['bank'],
            refusals: NOT_THE_LOANS_BANK,
        },
        ...moves.map(([fn, state]) => ({
            tx: `Case:${fn} (${forum} case)`,
            contract: cases,
            fn,
            request: step(caseOf(forum, state), fn),
            allowed: [forum],
        })),
        ...reads.map((fn) => ({
            tx: `Case:${fn} (${forum} case)`,
            contract: cases,
            fn,
            request: { caseId: caseOf(forum, 'FILED') },
            allowed: CASE_READERS(forum),
        })),
        {
            tx: `Attestation:ListByTarget (${forum} case)`,
            contract: attestations,
            fn: 'ListByTarget',
            request: { kind: 'CASE', id: caseOf(forum, 'FILED') },
            allowed: CASE_READERS(forum),
        },
        {
            tx: `Case:ListByCourt (naming the ${forum})`,
            contract: cases,
            fn: 'ListByCourt',
            request: { court: FORUMS[forum].mspId },
            allowed: ['bank', 'bank2', 'notary', forum],
        },
    ];
}

const ROWS: Row[] = [...rowsFor('court'), ...rowsFor('arbitration')];

async function codeOf(ledger: MemoryLedger, row: Pick<Row, 'contract' | 'fn' | 'request'>, actor: Actor) {
    try {
        await ledger.invoke(row.contract, row.fn, ACTORS[actor], JSON.stringify(row.request));
        return undefined;
    } catch (error) {
        return decodeCodedError((error as Error).message)?.code ?? 'UNCODED';
    }
}

describe('case access matrix by role', () => {
    let ledger: MemoryLedger;

    beforeEach(async () => {
        ledger = new MemoryLedger({
            startTime: '2026-03-01T00:00:00.000Z',
            registry: REGISTRY,
            admissions: [TEST_LOAN_PARTIES],
        });
        await fixture(ledger);
    });

    describe.each(ROWS)('$tx', (row) => {
        const refused = ALL.filter((actor) => !row.allowed.includes(actor));

        it.each(refused)('refuses %s and writes nothing', async (actor) => {
            const before = ledger.snapshot();
            expect(await codeOf(ledger, row, actor)).toBe(row.refusals?.[actor] ?? 'ACCESS_DENIED');
            expect(ledger.snapshot()).toEqual(before);
        });

        it.each(row.allowed)('lets %s do it', async (actor) => {
            expect(await codeOf(ledger, row, actor)).toBeUndefined();
        });
    });

    describe.each(['court', 'arbitration'] as const)('a %s', (forum) => {
        it("moves its own case, the step naming it and the case's forum role", async () => {
            const moved = await ledger.invokeJson<CaseTransitionResult>(
                cases,
                'Accept',
                ACTORS[forum],
                JSON.stringify(step(caseOf(forum, 'FILED'), 'accept')),
            );
            expect(moved.case).toMatchObject({ court: FORUMS[forum].mspId, forumRole: forum, status: 'ACCEPTED' });
            expect(moved.step.actor.mspId).toBe(FORUMS[forum].mspId);
        });

        it("cannot move, read or list the other forum's cases", async () => {
            const other = OTHER[forum];
            for (const fn of ['Accept', 'Reject']) {
                const request = step(caseOf(other, 'FILED'), fn);
                expect([fn, await codeOf(ledger, { contract: cases, fn, request }, forum)]).toEqual([
                    fn,
                    'ACCESS_DENIED',
                ]);
            }
            const get = { contract: cases, fn: 'Get', request: { caseId: caseOf(other, 'FILED') } };
            expect(await codeOf(ledger, get, forum)).toBe('ACCESS_DENIED');
            const list = { contract: cases, fn: 'ListByCourt', request: { court: FORUMS[other].mspId } };
            expect(await codeOf(ledger, list, forum)).toBe('ACCESS_DENIED');
        });

        it('lists its inbox without naming itself', async () => {
            const page = await ledger.invokeJson<PageResult<CaseRecord>>(cases, 'ListByCourt', ACTORS[forum], '{}');
            expect(page.items.map((item) => item.caseId).sort()).toEqual(
                (['ACCEPTED', 'FILED', 'JUDGED'] as const).map((state) => caseOf(forum, state)),
            );
            expect(page.items.every((item) => item.forumRole === forum)).toBe(true);
        });

        it("reads the evidence of its case's loan, and not of the other forum's", async () => {
            const own = { contract: evidence, fn: 'GetChain', request: { loanRef: FORUMS[forum].loanRef } };
            const foreign = { contract: evidence, fn: 'GetChain', request: { loanRef: FORUMS[OTHER[forum]].loanRef } };
            expect(await codeOf(ledger, own, forum)).toBeUndefined();
            expect(await codeOf(ledger, foreign, forum)).toBe('ACCESS_DENIED');
            expect(await codeOf(ledger, own, 'outsider')).toBe('ACCESS_DENIED');
        });
    });

    it("lists to a bank only the cases it filed, never another bank's", async () => {
        const request = JSON.stringify({ court: 'ArbitrationMSP' });
        const mine = await ledger.invokeJson<PageResult<CaseRecord>>(cases, 'ListByCourt', ACTORS.bank, request);
        const theirs = await ledger.invokeJson<PageResult<CaseRecord>>(cases, 'ListByCourt', ACTORS.bank2, request);
        expect(mine.items).toHaveLength(3);
        expect(theirs.items).toEqual([]);
    });
});
