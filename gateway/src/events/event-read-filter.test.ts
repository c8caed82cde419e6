import { EVIDENCE_EVENTS } from '@lendledger/domain';
import { describe, expect, it, vi } from 'vitest';
import { FakeLedger, rejection } from '../testing/fake-ledger.js';
import { EventReadFilter } from './event-read-filter.js';
import { ReadDecisions } from './read-decisions.js';
import { type PositionedEvent } from './resumable-event-stream.js';

const UTF8 = new TextEncoder();

function event(blockNumber: bigint, eventName: string, payload: unknown): PositionedEvent {
    return {
        blockNumber,
        transactionId: `tx-${blockNumber}`,
        eventName,
        payload: UTF8.encode(JSON.stringify(payload)),
        position: { blockNumber, index: 0 },
    };
}

const FILED = event(7n, EVIDENCE_EVENTS.caseFiled, { items: [{ caseId: 'CASE-1', loanRef: 'LOAN-1' }] });
const REGISTERED = event(8n, EVIDENCE_EVENTS.registered, { items: [{ loanRef: 'LOAN-1' }] });

/** A ledger where the court may read LOAN-1 once `filed.done` is set, and everyone else always. */
function ledgerWithFiling(filed: { done: boolean }): FakeLedger {
    return new FakeLedger()
        .on('Evidence:GetLoan', (call) => {
            if (call.identity === 'Court' && !filed.done) {
                throw rejection('ACCESS_DENIED');
            }
            return '{}';
        })
        .on('Case:Get', () => '{}');
}

describe('EventReadFilter', () => {
    it('drops the cached decisions about a loan a case.filed event opens, so the court sees its later evidence', async () => {
        const filed = { done: false };
        const ledger = ledgerWithFiling(filed);
        const filter = new EventReadFilter(new ReadDecisions({ ledger, ttlMs: 60_000, maxEntries: 100 }));
        expect(await filter.visibleTo('Court', REGISTERED)).toBeUndefined();
        filed.done = true;
        await filter.visibleTo('Court', FILED);
        expect(await filter.visibleTo('Court', REGISTERED)).toBeDefined();
    });

    it('clears once per event, not once per stream: a decision made after the filing survives other streams', async () => {
        const filed = { done: true };
        const ledger = ledgerWithFiling(filed);
        const decisions = new ReadDecisions({ ledger, ttlMs: 60_000, maxEntries: 100 });
        const forget = vi.spyOn(decisions, 'forget');
        const filter = new EventReadFilter(decisions);
        await filter.visibleTo('Court', FILED);
        expect(await filter.visibleTo('Court', REGISTERED)).toBeDefined();
        const reads = ledger.evaluated.length;
        for (const subject of ['Bank', 'Platform', 'Auditor']) {
            await filter.visibleTo(subject, FILED);
        }
        expect(forget).toHaveBeenCalledTimes(1);
        expect(await filter.visibleTo('Court', REGISTERED)).toBeDefined();
        expect(ledger.evaluated.length).toBe(reads + 3);
    });

    it('clears again for a different case.filed event about the same loan', async () => {
        const ledger = ledgerWithFiling({ done: true });
        const decisions = new ReadDecisions({ ledger, ttlMs: 60_000, maxEntries: 100 });
        const forget = vi.spyOn(decisions, 'forget');
        const filter = new EventReadFilter(decisions);
        await filter.visibleTo('Court', FILED);
        await filter.visibleTo('Court', { ...FILED, position: { blockNumber: 7n, index: 1 } });
        await filter.visibleTo('Court', { ...FILED, blockNumber: 9n, position: { blockNumber: 9n, index: 0 } });
        expect(forget).toHaveBeenCalledTimes(3);
    });
});
