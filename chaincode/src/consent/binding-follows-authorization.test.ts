import { DEFAULT_FOUNDING_MEMBERS, withdrawalIdOf, type ConsentUse, type LoanSubject } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../testing/memory-ledger.js';
import { failureOf } from '../testing/refusals.js';
import {
    consentRecording,
    creditAuthorization,
    creditInquiry,
    fp,
    type JsonObject,
} from '../testing/sample-requests.js';
import { ConsentContract } from './consent-contract.js';

// A loan's subject binding follows its current credit-authorization evidence (review finding): withdrawing the last
// current authorization releases the binding, a use needs a current authorization, and a disbursement counts only an
// inquiry under a consent of the subject bound now. Real consent and evidence contracts on the stub ledger.

const evidence = new EvidenceContract();
const consents = new ConsentContract();
const LOAN = `loan:${'5c'.repeat(32)}`;
const SUBJECTS = [`subj:${'11'.repeat(32)}`, `subj:${'22'.repeat(32)}`] as const;
/** Consent CN-<n> is of SUBJECTS[n]. */
const consentOf = (n: number): string => `CN-${n}`;
const SUBJECT_KEY = `\u0000loan.subject\u0000${LOAN}\u0000`;

function ledger(): MemoryLedger {
    return new MemoryLedger({
        startTime: '2026-03-10T00:00:00.000Z',
        registry: DEFAULT_FOUNDING_MEMBERS,
        admissions: [{ platform: 'PlatformMSP', bank: 'BankMSP', product: TEST_LOAN_PARTIES.product }],
    });
}

/** A ledger with both subjects' consents recorded and LOAN opened by an identity-verification record. */
async function openLoan(): Promise<MemoryLedger> {
    const chain = ledger();
    for (const [n, subject] of SUBJECTS.entries()) {
        const request = consentRecording(consentOf(n), subject, { maxUses: 50 });
        await chain.invoke(consents, 'Record', USERS.platform, JSON.stringify(request));
    }
    const opening = {
        fingerprint: fp('id check'),
        salted: true,
        evidenceType: 'DOC',
        stage: 'IDENTITY_VERIFICATION',
        loanRef: LOAN,
        previous: null,
        parties: TEST_LOAN_PARTIES,
    };
    await chain.invoke(evidence, 'Register', USERS.platform, JSON.stringify(opening));
    return chain;
}

/** The subject bound to LOAN as the ledger holds it, or undefined. */
function boundSubject(chain: MemoryLedger): string | undefined {
    const stored = chain.read(SUBJECT_KEY);
    return stored === undefined ? undefined : (JSON.parse(stored) as LoanSubject).subject;
}

const record = (label: string, stage: string, previous: string): JsonObject => ({
    fingerprint: fp(label),
    salted: true,
    evidenceType: 'DOC',
    stage,
    loanRef: LOAN,
    previous,
});

const authorize = (chain: MemoryLedger, n: number, label: string, previous: string) =>
    chain.invoke(
        evidence,
        'Register',
        USERS.platform,
        JSON.stringify(creditAuthorization(LOAN, consentOf(n), { fingerprint: fp(label), previous })),
    );

const withdraw = (chain: MemoryLedger, target: string, previous: string) =>
    chain.invoke(
        evidence,
        'Withdraw',
        USERS.platform,
        JSON.stringify({ target, reasonCode: 'WRONG_SUBJECT', previous }),
    );

const inquire = (chain: MemoryLedger, n: number) =>
    chain.invokeJson<{ use: ConsentUse }>(
        consents,
        'Use',
        USERS.bank,
        JSON.stringify(creditInquiry(consentOf(n), LOAN)),
    );

const disburse = (chain: MemoryLedger, previous: string) =>
    chain.invoke(evidence, 'Register', USERS.bank, JSON.stringify(record('disbursement', 'DISBURSEMENT', previous)));

/** Registers the contract and the credit decision after `previous`; answers the decision's id. */
async function contractAndDecision(chain: MemoryLedger, previous: string): Promise<string> {
    await chain.invoke(
        evidence,
        'Register',
        USERS.platform,
        JSON.stringify(record('contract', 'CONTRACT_SIGNING', previous)),
    );
    await chain.invoke(
        evidence,
        'Register',
        USERS.bank,
        JSON.stringify(record('decision', 'CREDIT_DECISION', fp('contract'))),
    );
    return fp('decision');
}

/** Refuses the call with `code` and leaves the ledger as it was. */
async function expectRefusedUnchanged(chain: MemoryLedger, call: () => Promise<unknown>, code: string): Promise<void> {
    const before = chain.snapshot();
    expect((await failureOf(call())).code).toBe(code);
    expect(chain.snapshot()).toEqual(before);
}

/** Test-only contract that rewrites ledger state as an older chaincode version left it. */
class OlderVersion {
    /** Strips `subject` from every use indexed under the loan, as uses were logged before they named it. */
    async StripUseSubjects(ctx: Context, loanRef: string): Promise<void> {
        const iterator = await ctx.stub.getStateByPartialCompositeKey('consent.loan-use', [loanRef]);
        const uses: { key: string; use: ConsentUse }[] = [];
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            uses.push({ key: next.value.key, use: JSON.parse(Buffer.from(next.value.value).toString('utf8')) });
        }
        await iterator.close();
        for (const { key, use } of uses) {
            const older: { -readonly [K in keyof ConsentUse]?: ConsentUse[K] } = { ...use };
            delete older.subject;
            await ctx.stub.putState(key, Buffer.from(JSON.stringify(older)));
        }
    }

    /** Puts a binding back, as a withdrawal left it before withdrawals released bindings. */
    async PutBinding(ctx: Context, key: string, value: string): Promise<void> {
        await ctx.stub.putState(key, Buffer.from(value));
    }
}

describe('a loan’s subject binding follows its current credit authorization', () => {
    it('releases a wrong subject’s binding on withdrawal, so the right borrower’s consent binds and funds the loan', async () => {
        const chain = await openLoan();
        // The platform files the authorization citing the wrong subject's consent; the bank inquires under it.
        await authorize(chain, 1, 'wrong authorization', fp('id check'));
        expect(boundSubject(chain)).toBe(SUBJECTS[1]);
        await inquire(chain, 1);
        await expectRefusedUnchanged(chain, () => inquire(chain, 0), 'CONSENT_SUBJECT_MISMATCH');

        await withdraw(chain, fp('wrong authorization'), fp('wrong authorization'));
        expect(boundSubject(chain)).toBeUndefined();
        await expectRefusedUnchanged(chain, () => inquire(chain, 1), 'CONSENT_LOAN_UNBOUND');
        await expectRefusedUnchanged(chain, () => inquire(chain, 0), 'CONSENT_LOAN_UNBOUND');
        const decision = await contractAndDecision(chain, withdrawalIdOf(fp('wrong authorization')));
        await expectRefusedUnchanged(chain, () => disburse(chain, decision), 'CREDIT_INQUIRY_REQUIRED');

        // The right borrower's authorization binds afresh; the wrong subject's earlier inquiry no longer counts.
        await authorize(chain, 0, 'right authorization', decision);
        expect(boundSubject(chain)).toBe(SUBJECTS[0]);
        await expectRefusedUnchanged(chain, () => inquire(chain, 1), 'CONSENT_SUBJECT_MISMATCH');
        await expectRefusedUnchanged(
            chain,
            () => disburse(chain, fp('right authorization')),
            'CREDIT_INQUIRY_REQUIRED',
        );
        expect((await inquire(chain, 0)).use.subject).toBe(SUBJECTS[0]);
        await disburse(chain, fp('right authorization'));
    });

    it('keeps the binding while another current authorization of the subject remains', async () => {
        const chain = await openLoan();
        await authorize(chain, 0, 'first', fp('id check'));
        await authorize(chain, 0, 'second', fp('first'));
        await withdraw(chain, fp('first'), fp('second'));
        expect(boundSubject(chain)).toBe(SUBJECTS[0]);
        await expectRefusedUnchanged(
            chain,
            () => authorize(chain, 1, 'other', withdrawalIdOf(fp('first'))),
            'CONSENT_SUBJECT_MISMATCH',
        );
        await withdraw(chain, fp('second'), withdrawalIdOf(fp('first')));
        expect(boundSubject(chain)).toBeUndefined();
        await authorize(chain, 1, 'other', withdrawalIdOf(fp('second')));
        expect(boundSubject(chain)).toBe(SUBJECTS[1]);
    });

    it('writes no binding change when a withdrawal of another stage or a refused withdrawal leaves it', async () => {
        const chain = await openLoan();
        await authorize(chain, 0, 'authorization', fp('id check'));
        await withdraw(chain, fp('id check'), fp('authorization'));
        expect(boundSubject(chain)).toBe(SUBJECTS[0]);
        await expectRefusedUnchanged(
            chain,
            () => withdraw(chain, fp('authorization'), fp('authorization')),
            'CHAIN_HEAD_MISMATCH',
        );
        expect(boundSubject(chain)).toBe(SUBJECTS[0]);
    });

    it('counts an inquiry logged before uses named their subject by its consent’s subject', async () => {
        const chain = await openLoan();
        await authorize(chain, 1, 'wrong authorization', fp('id check'));
        await inquire(chain, 1);
        await withdraw(chain, fp('wrong authorization'), fp('wrong authorization'));
        await authorize(chain, 0, 'right authorization', withdrawalIdOf(fp('wrong authorization')));
        const decision = await contractAndDecision(chain, fp('right authorization'));
        await chain.invoke(new OlderVersion(), 'StripUseSubjects', USERS.bank, LOAN);
        await expectRefusedUnchanged(chain, () => disburse(chain, decision), 'CREDIT_INQUIRY_REQUIRED');
        await inquire(chain, 0);
        await chain.invoke(new OlderVersion(), 'StripUseSubjects', USERS.bank, LOAN);
        await disburse(chain, decision);
    });

    it('treats a binding an older version left behind a withdrawal as released for evidence writes', async () => {
        const chain = await openLoan();
        await authorize(chain, 1, 'wrong authorization', fp('id check'));
        await inquire(chain, 1);
        const stale = chain.read(SUBJECT_KEY)!;
        await withdraw(chain, fp('wrong authorization'), fp('wrong authorization'));
        await chain.invoke(new OlderVersion(), 'PutBinding', USERS.platform, SUBJECT_KEY, stale);
        const decision = await contractAndDecision(chain, withdrawalIdOf(fp('wrong authorization')));
        await expectRefusedUnchanged(chain, () => disburse(chain, decision), 'CREDIT_INQUIRY_REQUIRED');
        await authorize(chain, 0, 'right authorization', decision);
        expect(boundSubject(chain)).toBe(SUBJECTS[0]);
    });
});

type Step =
    | { readonly kind: 'authorize'; readonly n: number }
    | { readonly kind: 'withdraw'; readonly pick: number }
    | { readonly kind: 'correct'; readonly pick: number; readonly n: number }
    | { readonly kind: 'inquire'; readonly n: number };

const steps: fc.Arbitrary<Step[]> = fc.array(
    fc.oneof(
        fc.record({ kind: fc.constant('authorize' as const), n: fc.integer({ min: 0, max: 1 }) }),
        fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat({ max: 5 }) }),
        fc.record({
            kind: fc.constant('correct' as const),
            pick: fc.nat({ max: 5 }),
            n: fc.integer({ min: 0, max: 1 }),
        }),
        fc.record({ kind: fc.constant('inquire' as const), n: fc.integer({ min: 0, max: 1 }) }),
    ),
    { minLength: 1, maxLength: 12 },
);

/** What a step is expected to do: the refusal code (undefined: accepted), and whether it is a replay writing nothing. */
interface Expectation {
    readonly call: Promise<unknown>;
    readonly refusal?: string;
    readonly replay?: boolean;
}

/**
 * The model of LOAN's credit-authorization records: every record written of the stage with its consent's subject
 * (index into SUBJECTS), which are current and which withdrawn, and the chain's head.
 */
class AuthorizationModel {
    readonly written: { id: string; n: number }[] = [];
    readonly current = new Set<string>();
    readonly withdrawn = new Set<string>();
    head = fp('id check');

    /** The subject of the current authorizations (all share it), or undefined without one. */
    get bound(): number | undefined {
        return this.written.find(({ id }) => this.current.has(id))?.n;
    }

    #append(id: string, n: number): void {
        this.written.push({ id, n });
        this.current.add(id);
        this.head = id;
    }

    authorize(chain: MemoryLedger, index: number, n: number): Expectation {
        const label = `authorization ${index}`;
        const call = authorize(chain, n, label, this.head);
        if (this.bound !== undefined && this.bound !== n) {
            return { call, refusal: 'CONSENT_SUBJECT_MISMATCH' };
        }
        this.#append(fp(label), n);
        return { call };
    }

    withdraw(chain: MemoryLedger, target: string): Expectation {
        const call = withdraw(chain, target, this.head);
        if (this.withdrawn.has(target)) {
            // Withdrawing a withdrawn record again with the same reason answers the withdrawal and writes nothing.
            return { call, replay: true };
        }
        if (!this.current.has(target)) {
            return { call, refusal: 'RECORD_SUPERSEDED' };
        }
        this.current.delete(target);
        this.withdrawn.add(target);
        this.head = withdrawalIdOf(target);
        return { call };
    }

    correct(chain: MemoryLedger, index: number, target: string, n: number): Expectation {
        const id = fp(`correction ${index}`);
        const request = {
            target,
            fingerprint: id,
            salted: true,
            consentId: consentOf(n),
            reasonCode: 'WRONG_FILE',
            previous: this.head,
        };
        const call = chain.invoke(evidence, 'Correct', USERS.platform, JSON.stringify(request));
        if (!this.current.has(target)) {
            return { call, refusal: 'RECORD_SUPERSEDED' };
        }
        if (n !== this.bound) {
            return { call, refusal: 'CONSENT_SUBJECT_MISMATCH' };
        }
        this.current.delete(target);
        this.#append(id, n);
        return { call };
    }

    inquire(chain: MemoryLedger, n: number): Expectation {
        const call = inquire(chain, n);
        if (this.bound === undefined) {
            return { call, refusal: 'CONSENT_LOAN_UNBOUND' };
        }
        return this.bound === n ? { call } : { call, refusal: 'CONSENT_SUBJECT_MISMATCH' };
    }

    /** Runs the step on the chain and the model; undefined for a withdrawal or correction before any record. */
    step(chain: MemoryLedger, index: number, step: Step): Expectation | undefined {
        switch (step.kind) {
            case 'authorize':
                return this.authorize(chain, index, step.n);
            case 'inquire':
                return this.inquire(chain, step.n);
            default: {
                // Any record ever written, so superseded ones are tried too.
                const target = this.written[step.pick % Math.max(this.written.length, 1)]?.id;
                if (target === undefined) return undefined;
                return step.kind === 'withdraw'
                    ? this.withdraw(chain, target)
                    : this.correct(chain, index, target, step.n);
            }
        }
    }
}

describe('the binding over sequences of authorizations, withdrawals, corrections and inquiries', () => {
    it('is the subject of the current authorizations, or absent without one; a refused write writes nothing', async () => {
        await fc.assert(
            fc.asyncProperty(steps, async (sequence) => {
                const chain = await openLoan();
                const model = new AuthorizationModel();
                for (const [index, step] of sequence.entries()) {
                    const before = chain.snapshot();
                    const expectation = model.step(chain, index, step);
                    if (expectation === undefined) continue;
                    if (expectation.refusal === undefined) {
                        await expectation.call;
                        if (expectation.replay) expect(chain.snapshot()).toEqual(before);
                    } else {
                        expect((await failureOf(expectation.call)).code).toBe(expectation.refusal);
                        expect(chain.snapshot()).toEqual(before);
                    }
                    const bound = model.bound;
                    expect(boundSubject(chain)).toBe(bound === undefined ? undefined : SUBJECTS[bound]);
                }
            }),
            { numRuns: 60 },
        );
    });
});
