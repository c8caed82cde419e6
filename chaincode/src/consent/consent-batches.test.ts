import { type ConsentRecord, type ConsentUse, type ConsentView } from '@lendledger/domain';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { MemoryLedger, USERS, type TestIdentity } from '../testing/memory-ledger.js';
import { failureOf } from '../testing/refusals.js';
import {
    consentRecording,
    creditAuthorization,
    creditInquiry,
    fp,
    type JsonObject,
} from '../testing/sample-requests.js';
import { ConsentContract } from './consent-contract.js';

// Consent:RecordBatch and Consent:UseBatch: every item gets exactly the checks and the stored result it would get
// alone, one refused item refuses the whole batch by name, and nothing of a refused batch is written.

const consents = new ConsentContract();
const evidence = new EvidenceContract();

const loanOf = (n: number): string => `loan:${n.toString(16).padStart(64, '0')}`;
const subjectOf = (n: number): string => `subj:${(n + 0x5000).toString(16).padStart(64, '0')}`;
const consentIdOf = (n: number): string => `consent-batch-${n}`;

/** Strips what differs between a consent recorded alone and in a batch: the transaction it was written by. */
function content(consent: ConsentRecord): JsonObject {
    const entries = Object.entries(consent).filter(([field]) => !['txId', 'recordedAt', 'updatedAt'].includes(field));
    return Object.fromEntries(entries) as JsonObject;
}

async function getConsent(ledger: MemoryLedger, consentId: string): Promise<ConsentView> {
    return ledger.invokeJson<ConsentView>(consents, 'Get', USERS.bank, JSON.stringify({ consentId }));
}

/** Records consents 0..n-1 and files each loan's credit authorization citing its consent (binding its subject). */
async function authorizedLoans(ledger: MemoryLedger, n: number): Promise<void> {
    const items = Array.from({ length: n }, (_, i) => consentRecording(consentIdOf(i), subjectOf(i)));
    await ledger.invoke(consents, 'RecordBatch', USERS.platform, JSON.stringify({ items }));
    const records = Array.from({ length: n }, (_, i) => creditAuthorization(loanOf(i), consentIdOf(i)));
    await ledger.invoke(evidence, 'RegisterBatch', USERS.platform, JSON.stringify({ items: records }));
}

/** One way to spoil a batch item, and the code its refusal must carry. */
const SPOILERS: readonly { name: string; code: string; spoil: (item: JsonObject) => JsonObject }[] = [
    {
        name: 'unknown consent',
        code: 'CONSENT_NOT_FOUND',
        spoil: (item) => ({ ...item, consentId: 'no-such-consent' }),
    },
    {
        name: 'other purpose',
        code: 'CONSENT_PURPOSE_MISMATCH',
        spoil: (item) => ({ ...item, purpose: 'RISK_ASSESSMENT' }),
    },
    {
        name: 'data outside the scope',
        code: 'CONSENT_SCOPE_EXCEEDED',
        spoil: (item) => ({ ...item, dataScope: ['CREDIT_REPORT', 'BANK_STATEMENTS'] }),
    },
    { name: 'another loan', code: 'CONSENT_SUBJECT_MISMATCH', spoil: (item) => ({ ...item, loanRef: loanOf(0) }) },
    { name: 'a malformed field', code: 'INVALID_ARGUMENT', spoil: (item) => ({ ...item, dataScope: ['lower case'] }) },
];

describe('Consent:RecordBatch', () => {
    it('stores every consent exactly as recording it alone would', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.array(fc.record({ maxUses: fc.integer({ min: 2, max: 9 }), subject: fc.nat(1000) }), {
                    minLength: 1,
                    maxLength: 12,
                }),
                async (shapes) => {
                    const batched = new MemoryLedger();
                    const alone = new MemoryLedger();
                    const items = shapes.map((shape, i) =>
                        consentRecording(consentIdOf(i), subjectOf(shape.subject), { maxUses: shape.maxUses }),
                    );
                    const answer = await batched.invokeJson<{ created: number; items: { created: boolean }[] }>(
                        consents,
                        'RecordBatch',
                        USERS.platform,
                        JSON.stringify({ items }),
                    );
                    expect(answer.created).toBe(items.length);
                    for (const item of items) {
                        await alone.invoke(consents, 'Record', USERS.platform, JSON.stringify(item));
                    }
                    for (const item of items) {
                        const [a, b] = await Promise.all([
                            getConsent(batched, item.consentId as string),
                            getConsent(alone, item.consentId as string),
                        ]);
                        expect(content(a.consent)).toEqual(content(b.consent));
                    }
                },
            ),
            { numRuns: 20 },
        );
    });

    it('answers a resubmitted batch with the stored consents and writes nothing', async () => {
        const ledger = new MemoryLedger();
        const items = [0, 1, 2].map((i) => consentRecording(consentIdOf(i), subjectOf(i)));
        await ledger.invoke(consents, 'RecordBatch', USERS.platform, JSON.stringify({ items }));
        const before = ledger.snapshot();
        const again = await ledger.invokeJson<{ created: number }>(
            consents,
            'RecordBatch',
            USERS.platform,
            JSON.stringify({ items }),
        );
        expect(again.created).toBe(0);
        expect(ledger.snapshot()).toEqual(before);
    });

    it('refuses a batch naming one consent twice, or superseding a consent it records, by item', async () => {
        const ledger = new MemoryLedger();
        const twice = [consentRecording('c-1', subjectOf(1)), consentRecording('c-1', subjectOf(1))];
        const dup = await failureOf(
            ledger.invoke(consents, 'RecordBatch', USERS.platform, JSON.stringify({ items: twice })),
        );
        expect(dup).toMatchObject({
            code: 'INVALID_ARGUMENT',
            details: { item: 'items[1]', field: 'items[1].consentId' },
        });
        const inner = [
            consentRecording('c-1', subjectOf(1)),
            consentRecording('c-2', subjectOf(1), { supersedes: 'c-1' }),
        ];
        const superseding = await failureOf(
            ledger.invoke(consents, 'RecordBatch', USERS.platform, JSON.stringify({ items: inner })),
        );
        expect(superseding).toMatchObject({ details: { item: 'items[1]', field: 'items[1].supersedes' } });
        expect(ledger.keysWritten()).toEqual([]);
    });

    it('refuses an item the chaincode refuses alone, naming it, and writes none of the batch', async () => {
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.nat(), async (size, at) => {
                const ledger = new MemoryLedger();
                const bad = at % size;
                const items = Array.from({ length: size }, (_, i) =>
                    consentRecording(consentIdOf(i), subjectOf(i), i === bad ? { grantee: 'NotaryMSP' } : {}),
                );
                const before = ledger.snapshot();
                const failure = await failureOf(
                    ledger.invoke(consents, 'RecordBatch', USERS.platform, JSON.stringify({ items })),
                );
                expect(failure.code).toBe('CONSENT_GRANTEE_NOT_BANK');
                expect(failure.details).toMatchObject({ item: `items[${bad}]` });
                expect(ledger.snapshot()).toEqual(before);
            }),
            { numRuns: 20 },
        );
    });

    it('is refused to a member without the platform role', async () => {
        const ledger = new MemoryLedger();
        const items = [consentRecording(consentIdOf(0), subjectOf(0))];
        const failure = await failureOf(ledger.invoke(consents, 'RecordBatch', USERS.bank, JSON.stringify({ items })));
        expect(failure.code).toBe('ACCESS_DENIED');
    });
});

describe('Consent:UseBatch', () => {
    it('logs one use per item with its own ticket and loan index, and each loan may then be disbursed', async () => {
        const ledger = new MemoryLedger();
        await authorizedLoans(ledger, 4);
        const items = [0, 1, 2, 3].map((i) => creditInquiry(consentIdOf(i), loanOf(i)));
        const { txId, payload } = await ledger.invoke(consents, 'UseBatch', USERS.bank, JSON.stringify({ items }));
        const uses = (JSON.parse(payload) as { items: { use: ConsentUse }[] }).items.map((item) => item.use);
        expect(uses.map((use) => use.ticketId)).toEqual([0, 1, 2, 3].map((i) => `ticket:${txId}:${i}`));
        expect(uses.map((use) => use.loanRef)).toEqual([0, 1, 2, 3].map(loanOf));
        for (const i of [0, 1, 2, 3]) {
            const view = await getConsent(ledger, consentIdOf(i));
            expect(view.uses.map((use) => use.ticketId)).toEqual([`ticket:${txId}:${i}`]);
        }
        const listed = await ledger.invokeJson<{ items: ConsentUse[] }>(
            consents,
            'ListUsesByGrantee',
            USERS.bank,
            JSON.stringify({ from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }),
        );
        expect(listed.items.map((use) => use.ticketId).sort()).toEqual(uses.map((use) => use.ticketId).sort());
        // The disbursement rule finds each loan's inquiry: the loans' chains take CONTRACT_SIGNING, CREDIT_DECISION,
        // DISBURSEMENT now.
        for (const i of [0, 1, 2, 3]) {
            const loanRef = loanOf(i);
            const head = creditAuthorization(loanRef, consentIdOf(i)).fingerprint as string;
            const contract = {
                fingerprint: fp(`contract ${i}`),
                salted: true,
                evidenceType: 'E_CONTRACT',
                stage: 'CONTRACT_SIGNING',
                loanRef,
                previous: head,
            };
            await ledger.invoke(evidence, 'Register', USERS.platform, JSON.stringify(contract));
            const decision = {
                fingerprint: fp(`decision ${i}`),
                salted: true,
                evidenceType: 'CREDIT_MEMO',
                stage: 'CREDIT_DECISION',
                loanRef,
                previous: contract.fingerprint,
            };
            await ledger.invoke(evidence, 'Register', USERS.bank, JSON.stringify(decision));
            const disbursement = {
                fingerprint: fp(`disbursement ${i}`),
                salted: true,
                evidenceType: 'DISBURSEMENT_VOUCHER',
                stage: 'DISBURSEMENT',
                loanRef,
                previous: decision.fingerprint,
            };
            await ledger.invoke(evidence, 'Register', USERS.bank, JSON.stringify(disbursement));
        }
    });

    it('refuses a batch with one spoiled item by name and writes nothing', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 1, max: 5 }),
                fc.nat(),
                fc.constantFrom(...SPOILERS),
                async (size, at, spoiler) => {
                    const ledger = new MemoryLedger();
                    await authorizedLoans(ledger, size + 1);
                    const bad = at % size;
                    // Loans 1..size; loan 0's subject differs from every other, which the 'another loan' spoiler uses.
                    const items = Array.from({ length: size }, (_, i) => {
                        const item = creditInquiry(consentIdOf(i + 1), loanOf(i + 1));
                        return i === bad ? spoiler.spoil(item) : item;
                    });
                    const before = ledger.snapshot();
                    const failure = await failureOf(
                        ledger.invoke(consents, 'UseBatch', USERS.bank, JSON.stringify({ items })),
                    );
                    expect(failure.code).toBe(spoiler.code);
                    expect(failure.details).toMatchObject({ item: `items[${bad}]` });
                    if (typeof failure.details?.field === 'string') {
                        expect(failure.details.field.startsWith(`items[${bad}]`)).toBe(true);
                    }
                    expect(ledger.snapshot()).toEqual(before);
                },
            ),
            { numRuns: 25 },
        );
    });

    it('refuses two uses of one consent in a batch (the second could not see the first)', async () => {
        const ledger = new MemoryLedger();
        await authorizedLoans(ledger, 1);
        const items = [creditInquiry(consentIdOf(0), loanOf(0)), creditInquiry(consentIdOf(0), loanOf(0))];
        const failure = await failureOf(ledger.invoke(consents, 'UseBatch', USERS.bank, JSON.stringify({ items })));
        expect(failure).toMatchObject({ code: 'INVALID_ARGUMENT', details: { item: 'items[1]' } });
    });

    it('is refused to a member that is not every consent’s grantee', async () => {
        const ledger = new MemoryLedger();
        await authorizedLoans(ledger, 2);
        const items = [0, 1].map((i) => creditInquiry(consentIdOf(i), loanOf(i)));
        const failure = await failureOf(ledger.invoke(consents, 'UseBatch', USERS.notary, JSON.stringify({ items })));
        expect(failure.details).toMatchObject({ item: 'items[0]' });
        expect(failure.code).toBe('CONSENT_NOT_GRANTEE');
    });

    it('refuses an empty batch and one above the limit', async () => {
        const ledger = new MemoryLedger();
        const empty = await failureOf(ledger.invoke(consents, 'UseBatch', USERS.bank, JSON.stringify({ items: [] })));
        expect(empty.code).toBe('BATCH_EMPTY');
        const many = Array.from({ length: 501 }, (_, i) => creditInquiry(consentIdOf(i), loanOf(i)));
        const large = await failureOf(ledger.invoke(consents, 'UseBatch', USERS.bank, JSON.stringify({ items: many })));
        expect(large.code).toBe('BATCH_TOO_LARGE');
    });
});

describe('consent batches through batched peer messages', () => {
    afterEach(() => {
        vi.unstubAllEnvs();
    });

    async function run(ledger: MemoryLedger, fn: string, who: TestIdentity, items: readonly JsonObject[], on: boolean) {
        vi.stubEnv('LENDLEDGER_PEER_BATCHING', on ? 'on' : 'off');
        try {
            const { payload, reads, calls } = await ledger.invoke(consents, fn, who, JSON.stringify({ items }));
            return { payload, reads: [...reads].sort(), calls };
        } catch (error) {
            return { refused: (error as Error).message };
        } finally {
            vi.unstubAllEnvs();
        }
    }

    it('answers, writes, reads and refuses exactly as one message per key does', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 1, max: 6 }),
                fc.option(fc.constantFrom(...SPOILERS), { nil: undefined }),
                fc.nat(),
                async (size, spoiler, at) => {
                    const [batched, plain] = [new MemoryLedger(), new MemoryLedger()];
                    await authorizedLoans(batched, size);
                    await authorizedLoans(plain, size);
                    const items = Array.from({ length: size }, (_, i) => {
                        const item = creditInquiry(consentIdOf(i), loanOf(i));
                        return spoiler !== undefined && i === at % size ? spoiler.spoil(item) : item;
                    });
                    const viaBatches = await run(batched, 'UseBatch', USERS.bank, items, true);
                    const oneByOne = await run(plain, 'UseBatch', USERS.bank, items, false);
                    expect({ ...viaBatches, calls: undefined }).toEqual({ ...oneByOne, calls: undefined });
                    expect(batched.snapshot()).toEqual(plain.snapshot());
                },
            ),
            { numRuns: 30 },
        );
    });

    it.each([10, 100])('reads the keys of %i uses in one message, not three per use', async (size) => {
        const ledger = new MemoryLedger();
        await authorizedLoans(ledger, size);
        const items = Array.from({ length: size }, (_, i) => creditInquiry(consentIdOf(i), loanOf(i)));
        const outcome = await run(ledger, 'UseBatch', USERS.bank, items, true);
        expect(outcome.calls?.get('getStateMultiple')).toBe(1);
        // Per transaction, not per use: the registry and the admission's withdrawal.
        expect(outcome.calls?.get('getState')).toBe(2);
    });

    it.each([10, 100])('reads the consents of %i recordings in one message', async (size) => {
        const ledger = new MemoryLedger();
        const items = Array.from({ length: size }, (_, i) => consentRecording(consentIdOf(i), subjectOf(i)));
        const outcome = await run(ledger, 'RecordBatch', USERS.platform, items, true);
        expect(outcome.calls?.get('getStateMultiple')).toBe(1);
        expect(outcome.calls?.get('getState')).toBe(2);
    });
});
