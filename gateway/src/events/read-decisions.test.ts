import { describe, expect, it } from 'vitest';
import { LedgerUnavailableError } from '../fabric/ledger-errors.js';
import { FakeLedger, rejection } from '../testing/fake-ledger.js';
import { loanCheck } from './event-audience.js';
import { ReadDecisions } from './read-decisions.js';

const LOAN = loanCheck('loan:1');

function decisions(ledger: FakeLedger, clock = { now: 0 }, maxEntries = 100): ReadDecisions {
    return new ReadDecisions({ ledger, ttlMs: 1_000, maxEntries, now: () => clock.now });
}

describe('ReadDecisions', () => {
    it("answers from the chaincode read under the subject's identity, remembering it per subject for ttlMs", async () => {
        const ledger = new FakeLedger().on('Evidence:GetLoan', (call) => {
            if (call.identity !== 'Reader') {
                throw rejection('ACCESS_DENIED');
            }
            return '{}';
        });
        const clock = { now: 0 };
        const cache = decisions(ledger, clock);
        expect(await cache.mayRead('Reader', LOAN)).toBe(true);
        expect(await cache.mayRead('Court', LOAN)).toBe(false);
        clock.now = 999;
        expect(await cache.mayRead('Reader', LOAN)).toBe(true);
        expect(await cache.mayRead('Court', LOAN)).toBe(false);
        expect(ledger.evaluated.map((call) => call.identity)).toEqual(['Reader', 'Court']);
        clock.now = 2_000;
        expect(await cache.mayRead('Court', LOAN)).toBe(false);
        expect(ledger.evaluated).toHaveLength(3);
    });

    it('shares one read between concurrent asks', async () => {
        const ledger = new FakeLedger();
        const cache = decisions(ledger);
        expect(await Promise.all([cache.mayRead('A', LOAN), cache.mayRead('A', LOAN)])).toEqual([true, true]);
        expect(ledger.evaluated).toHaveLength(1);
    });

    it('throws and remembers nothing when the read fails for a reason other than a refusal', async () => {
        const ledger = new FakeLedger();
        ledger.unavailable.evaluate = 1;
        const cache = decisions(ledger);
        await expect(cache.mayRead('A', LOAN)).rejects.toBeInstanceOf(LedgerUnavailableError);
        expect(cache.size).toBe(0);
        expect(cache.objects).toBe(0);
        expect(await cache.mayRead('A', LOAN)).toBe(true);
    });

    it('forgets every subject’s decision about an object, and only that object', async () => {
        const ledger = new FakeLedger();
        const cache = decisions(ledger);
        const other = loanCheck('loan:2');
        await Promise.all([cache.mayRead('A', LOAN), cache.mayRead('B', LOAN), cache.mayRead('A', other)]);
        cache.forget(LOAN.object);
        expect(cache.size).toBe(1);
        await cache.mayRead('A', other);
        expect(ledger.evaluated).toHaveLength(3);
    });

    it('indexes decisions by object, and the index never outgrows the decisions it indexes', async () => {
        const ledger = new FakeLedger();
        const cache = decisions(ledger, { now: 0 }, 4);
        for (let loan = 0; loan < 10; loan++) {
            await Promise.all(['A', 'B'].map((subject) => cache.mayRead(subject, loanCheck(`loan:${loan}`))));
        }
        expect([cache.size, cache.objects]).toEqual([4, 2]);
        cache.forget(loanCheck('loan:0').object);
        expect([cache.size, cache.objects]).toEqual([4, 2]);
        cache.forget(loanCheck('loan:9').object);
        expect([cache.size, cache.objects]).toEqual([2, 1]);
        await cache.mayRead('A', loanCheck('loan:8'));
        expect(ledger.evaluated).toHaveLength(20);
        await cache.mayRead('A', loanCheck('loan:9'));
        expect([cache.size, cache.objects]).toEqual([3, 2]);
    });

    it('keeps at most maxEntries decisions, dropping the oldest', async () => {
        const ledger = new FakeLedger();
        const cache = decisions(ledger, { now: 0 }, 3);
        for (let loan = 0; loan < 10; loan++) {
            await cache.mayRead('A', loanCheck(`loan:${loan}`));
        }
        expect(cache.size).toBe(3);
        await cache.mayRead('A', loanCheck('loan:9'));
        await cache.mayRead('A', loanCheck('loan:0'));
        expect(ledger.evaluated).toHaveLength(11);
    });
});
