import { decodeCodedError } from '@lendledger/domain';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS, type Invocation } from '../../testing/memory-ledger.js';
import { fp } from '../../testing/sample-requests.js';
import { EvidenceContract } from './evidence-contract.js';

/**
 * Evidence:RegisterBatch sends its reads and writes to the peer in batches (core/peer-batching.ts). Batching changes
 * how many messages cross the chaincode stream, never what the transaction reads, writes, emits or refuses: these
 * tests run each batch twice, batched and with LENDLEDGER_PEER_BATCHING=off (one message per key, as before), and
 * compare.
 */

const evidence = new EvidenceContract();
const loanOf = (label: string): string => fp(`loan ${label}`).replace('sha256:', 'loan:');

/** Two loans with one record each, before any batch. */
const EXISTING = ['e0', 'e1'] as const;
const NEW = ['n0', 'n1', 'n2'] as const;

function first(loan: string, label: string, parties = true): Record<string, unknown> {
    return {
        fingerprint: fp(label),
        salted: true,
        evidenceType: 'ID_CHECK_REPORT',
        stage: 'IDENTITY_VERIFICATION',
        loanRef: loanOf(loan),
        ...(parties ? { parties: TEST_LOAN_PARTIES } : {}),
    };
}

async function seeded(): Promise<MemoryLedger> {
    const ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
    await ledger.invoke(
        evidence,
        'RegisterBatch',
        USERS.platform,
        JSON.stringify({ items: EXISTING.map((loan) => first(loan, `${loan} first`)) }),
    );
    return ledger;
}

/** One item of a generated batch, described by what it does; {@link itemsOf} turns the list into requests. */
type Step =
    | { readonly op: 'open'; readonly loan: (typeof NEW)[number]; readonly parties: boolean }
    | {
          readonly op: 'append';
          readonly loan: string;
          readonly stage: 'OTHER' | 'CONTRACT_SIGNING' | 'IDENTITY_VERIFICATION' | 'DISBURSEMENT';
          readonly stalePrevious: boolean;
          readonly salted: boolean;
      }
    | { readonly op: 'resubmit'; readonly loan: (typeof EXISTING)[number]; readonly conflicting: boolean }
    | { readonly op: 'repeat' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
    {
        weight: 3,
        arbitrary: fc.record({
            op: fc.constant('open'),
            loan: fc.constantFrom(...NEW),
            parties: fc.integer({ min: 0, max: 9 }).map((draw) => draw !== 0),
        }),
    },
    {
        weight: 5,
        arbitrary: fc.record({
            op: fc.constant('append'),
            loan: fc.constantFrom(...EXISTING, ...EXISTING, ...NEW),
            stage: fc.constantFrom('OTHER', 'CONTRACT_SIGNING', 'IDENTITY_VERIFICATION', 'OTHER', 'DISBURSEMENT'),
            stalePrevious: fc.integer({ min: 0, max: 9 }).map((draw) => draw === 0),
            salted: fc.integer({ min: 0, max: 9 }).map((draw) => draw !== 0),
        }),
    },
    {
        weight: 1,
        arbitrary: fc.record({
            op: fc.constant('resubmit'),
            loan: fc.constantFrom(...EXISTING),
            conflicting: fc.integer({ min: 0, max: 2 }).map((draw) => draw === 0),
        }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat') }) },
) as fc.Arbitrary<Step>;

/** The requests of a batch: each append names the head the batch has reached on its loan (or a stale one). */
function itemsOf(steps: readonly Step[]): Record<string, unknown>[] {
    const heads = new Map<string, string | null>(EXISTING.map((loan) => [loan, fp(`${loan} first`)]));
    const items: Record<string, unknown>[] = [];
    steps.forEach((step, index) => {
        const label = `item ${index}`;
        switch (step.op) {
            case 'open':
                items.push(first(step.loan, label, step.parties));
                heads.set(step.loan, fp(label));
                break;
            case 'append': {
                const head = heads.get(step.loan) ?? null;
                items.push({
                    ...first(step.loan, label, false),
                    stage: step.stage,
                    salted: step.salted,
                    previous: step.stalePrevious ? fp('no such record') : head,
                });
                heads.set(step.loan, fp(label));
                break;
            }
            case 'resubmit':
                items.push({
                    ...first(step.loan, `${step.loan} first`),
                    ...(step.conflicting ? { evidenceType: 'OTHER_DOC' } : {}),
                });
                break;
            case 'repeat':
                items.push(items[0] ?? first('n0', label));
                break;
        }
    });
    return items;
}

type Outcome =
    | { readonly payload: string; readonly event: Invocation['event']; readonly reads: string[] }
    | { readonly refused: unknown };

async function registerBatch(ledger: MemoryLedger, items: readonly object[], batching: boolean): Promise<Outcome> {
    vi.stubEnv('LENDLEDGER_PEER_BATCHING', batching ? 'on' : 'off');
    try {
        const { payload, event, reads } = await ledger.invoke(
            evidence,
            'RegisterBatch',
            USERS.platform,
            JSON.stringify({ items }),
        );
        return { payload, event, reads: [...reads].sort() };
    } catch (error) {
        return { refused: decodeCodedError((error as Error).message) ?? String(error) };
    } finally {
        vi.unstubAllEnvs();
    }
}

describe('Evidence:RegisterBatch through batched peer messages', () => {
    afterEach(() => {
        vi.unstubAllEnvs();
    });

    it('answers, writes, emits, reads and refuses exactly as one message per key does', async () => {
        let accepted = 0;
        let refused = 0;
        await fc.assert(
            fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 8 }), async (steps) => {
                const items = itemsOf(steps);
                const [batched, plain] = [await seeded(), await seeded()];
                const before = plain.snapshot();
                const viaBatches = await registerBatch(batched, items, true);
                const oneByOne = await registerBatch(plain, items, false);
                expect(viaBatches).toEqual(oneByOne);
                expect(batched.snapshot()).toEqual(plain.snapshot());
                if ('refused' in oneByOne) {
                    refused += 1;
                    expect(batched.snapshot()).toEqual(before);
                    expect(batched.lastRefusal).toMatchObject({ writes: [], privateWrites: [], policyWrites: [] });
                    expect(batched.lastRefusal?.event).toBeUndefined();
                } else {
                    accepted += 1;
                }
            }),
            { numRuns: 200 },
        );
        // The generator must exercise both sides, or the comparison proves little.
        expect(accepted).toBeGreaterThan(20);
        expect(refused).toBeGreaterThan(20);
    });

    it.each([10, 100])('sends a batch of %i new loans as two read messages and one write message', async (size) => {
        const ledger = await seeded();
        const items = Array.from({ length: size }, (_, index) => first(`new ${index}`, `new ${index}`));
        const { calls } = await ledger.invoke(evidence, 'RegisterBatch', USERS.platform, JSON.stringify({ items }));
        expect(calls.get('getStateMultiple')).toBe(2);
        expect(calls.get('writeBatchState')).toBe(1);
        expect(calls.get('putState')).toBeUndefined();
        // Per transaction, not per record: the registry and the admission's withdrawal.
        expect(calls.get('getState')).toBe(2);
        expect(calls.get('getStateByPartialCompositeKey')).toBe(1);
    });

    it('sends records appended to existing loans as two read messages and one write message', async () => {
        const ledger = await seeded();
        const items = EXISTING.map((loan, index) => ({
            ...first(loan, `next ${index}`, false),
            stage: 'OTHER',
            previous: fp(`${loan} first`),
        }));
        const { calls } = await ledger.invoke(evidence, 'RegisterBatch', USERS.platform, JSON.stringify({ items }));
        expect(calls.get('getStateMultiple')).toBe(2);
        expect(calls.get('writeBatchState')).toBe(1);
        expect(calls.get('getState')).toBe(2);
    });
});
