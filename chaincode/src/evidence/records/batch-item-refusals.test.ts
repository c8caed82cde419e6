import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../../testing/memory-ledger.js';
import { failureOf } from '../../testing/refusals.js';
import { EvidenceContract } from './evidence-contract.js';

// Consents are the consent seam's (consent-seam.test.ts); here every consent is in force.
vi.mock('../../consent/consent-in-force.js', async () =>
    (await import('../../testing/consent-seam-stub.js')).passingConsentSeam(),
);

const evidence = new EvidenceContract();
const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const loanOf = (label: string): string => `loan:${createHash('sha256').update(`loan ${label}`).digest('hex')}`;

function item(label: string, extra: object = {}): Record<string, unknown> {
    return {
        fingerprint: fp(label),
        salted: true,
        evidenceType: 'DOC',
        stage: 'OTHER',
        loanRef: loanOf(label),
        previous: null,
        parties: TEST_LOAN_PARTIES,
        ...extra,
    };
}

/**
 * Ways one item of a batch breaks a rule, the ones that name a field and the ones that do not (an admission, the
 * loan's parties, a stage the caller's role never writes).
 */
const FAULTS = {
    notAdmitted: () => item('not admitted', { parties: { ...TEST_LOAN_PARTIES, product: 'NOT_ADMITTED' } }),
    otherPlatform: () => item('other platform', { parties: { ...TEST_LOAN_PARTIES, platform: 'NotaryMSP' } }),
    prerequisite: () => item('early disbursement', { stage: 'DISBURSEMENT' }),
    stageOfBank: () => item('credit decision', { stage: 'CREDIT_DECISION' }),
    conflict: () => item('registered before', { evidenceType: 'OTHER_DOC' }),
    badPrevious: () => item('unknown previous', { previous: fp('nowhere') }),
} as const;

describe('RegisterBatch refusals', () => {
    let ledger: MemoryLedger;

    beforeEach(async () => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
        await ledger.invokeJson(evidence, 'Register', USERS.platform, JSON.stringify(item('registered before')));
    });

    it('name the refused item in details.item, whatever the rule, and alone the item gets the same code', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 0, max: 5 }),
                fc.integer({ min: 0, max: 5 }),
                fc.constantFrom(...(Object.keys(FAULTS) as (keyof typeof FAULTS)[])),
                async (before, after, fault) => {
                    const bad = FAULTS[fault]();
                    const items = [
                        ...Array.from({ length: before }, (_, i) => item(`before ${i}`)),
                        bad,
                        ...Array.from({ length: after }, (_, i) => item(`after ${i}`)),
                    ];
                    const written = ledger.keysWritten().length;
                    const inBatch = await failureOf(
                        ledger.invoke(evidence, 'RegisterBatch', USERS.platform, JSON.stringify({ items })),
                    );
                    expect(inBatch.details.item).toBe(`items[${before}]`);
                    expect(ledger.keysWritten()).toHaveLength(written);

                    const alone = await failureOf(
                        ledger.invoke(evidence, 'Register', USERS.platform, JSON.stringify(bad)),
                    );
                    expect(alone.code).toBe(inBatch.code);
                    expect(alone.details.item).toBeUndefined();
                },
            ),
            { numRuns: 40 },
        );
    });

    it('keeps the refusals that concern the whole batch unnamed', async () => {
        const empty = await failureOf(
            ledger.invoke(evidence, 'RegisterBatch', USERS.platform, JSON.stringify({ items: [] })),
        );
        expect(empty).toMatchObject({ code: 'BATCH_EMPTY' });
        expect(empty.details.item).toBeUndefined();
        const notWriter = await failureOf(
            ledger.invoke(evidence, 'RegisterBatch', USERS.investor, JSON.stringify({ items: [item('x')] })),
        );
        expect(notWriter.details.item).toBeUndefined();
    });
});
