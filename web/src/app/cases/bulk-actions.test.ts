import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBulk, runBulk, tally, type BulkItem, type BulkOutcome } from './bulk-actions.ts';

const caseIds = fc.array(fc.stringMatching(/^[A-Z]-[0-9]{1,3}$/), { maxLength: 30 });
const FP = `sha256:${'a'.repeat(64)}`;

function counter(): () => string {
    let n = 0;
    return () => `key-${++n}`;
}

describe('planning a bulk move', () => {
    it('gives each distinct case one write with its own key', () => {
        fc.assert(
            fc.property(caseIds, (ids) => {
                const plan = planBulk(ids, 'accept', FP, new Map(), counter());
                expect(plan.map((item) => item.caseId)).toEqual([...new Set(ids)]);
                expect(new Set(plan.map((item) => item.idempotencyKey)).size).toBe(plan.length);
            }),
        );
    });

    it('sends the same keys when the same action is planned again, so a retried click writes nothing new', () => {
        fc.assert(
            fc.property(caseIds, caseIds, (first, second) => {
                const keys = new Map<string, string>();
                const newKey = counter();
                const before = new Map(
                    planBulk(first, 'judge', FP, keys, newKey).map((i) => [i.caseId, i.idempotencyKey]),
                );
                for (const item of planBulk(second, 'judge', FP, keys, newKey)) {
                    if (before.has(item.caseId)) expect(item.idempotencyKey).toBe(before.get(item.caseId));
                }
            }),
        );
    });

    it('uses a fresh key for another move or another document of the same case', () => {
        const keys = new Map<string, string>();
        const newKey = counter();
        const [accept] = planBulk(['C-1'], 'accept', FP, keys, newKey);
        const [judge] = planBulk(['C-1'], 'judge', FP, keys, newKey);
        const [other] = planBulk(['C-1'], 'accept', `sha256:${'b'.repeat(64)}`, keys, newKey);
        expect(new Set([accept!.idempotencyKey, judge!.idempotencyKey, other!.idempotencyKey]).size).toBe(3);
    });
});

describe('running a bulk move', () => {
    it('answers one outcome per item in order, never more writes in flight than allowed, and reports each', async () => {
        await fc.assert(
            fc.asyncProperty(
                caseIds,
                fc.integer({ min: 1, max: 5 }),
                fc.func(fc.boolean()),
                async (ids, limit, fails) => {
                    const items = planBulk(ids, 'accept', FP, new Map(), counter());
                    let inFlight = 0;
                    let most = 0;
                    const reported: number[] = [];
                    const send = async (item: BulkItem): Promise<BulkOutcome> => {
                        inFlight += 1;
                        most = Math.max(most, inFlight);
                        await new Promise((resolve) => setTimeout(resolve, 0));
                        inFlight -= 1;
                        if (fails(item.caseId)) throw new Error('network down');
                        return { caseId: item.caseId, ok: true, status: 'ACCEPTED' };
                    };
                    const outcomes = await runBulk(items, send, (_, done) => reported.push(done), limit);
                    expect(outcomes.map((o) => o.caseId)).toEqual(items.map((i) => i.caseId));
                    expect(most).toBeLessThanOrEqual(limit);
                    expect(reported).toEqual(items.map((_, i) => i + 1));
                    const failed = outcomes.filter((o) => !o.ok);
                    expect(failed.every((o) => !o.ok && o.code === 'CLIENT_ERROR')).toBe(true);
                    expect(tally(outcomes)).toEqual({ succeeded: items.length - failed.length, failed: failed.length });
                },
            ),
            { numRuns: 50 },
        );
    });
});
