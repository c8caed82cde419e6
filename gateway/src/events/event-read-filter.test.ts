import { EVIDENCE_EVENTS } from '@lendledger/domain';
import { describe, expect, it, vi } from 'vitest';
import { FakeLedger, rejection } from '../testing/fake-ledger.js';
import { EventReadFilter } from './event-read-filter.js';
import { ReadDecisions } from './read-decisions.js';
import { type PositionedEvent } from './resumable-event-stream.js';
import { sseEventMessage } from './sse-message.js';

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

    it('decodes a trimmed batch once per stream, and encodes no read arguments once its decisions are remembered', async () => {
        const ledger = new FakeLedger().on('Evidence:GetLoan', (call) => {
            if (call.args[0]?.includes('LOAN-2')) {
                throw rejection('ACCESS_DENIED');
            }
            return '{}';
        });
        const filter = new EventReadFilter(new ReadDecisions({ ledger, ttlMs: 60_000, maxEntries: 100 }));
        const batch = event(8n, EVIDENCE_EVENTS.registered, { items: [{ loanRef: 'LOAN-1' }, { loanRef: 'LOAN-2' }] });
        await filter.visibleTo('Bank', batch);
        const parse = vi.spyOn(JSON, 'parse');
        const stringify = vi.spyOn(JSON, 'stringify');
        try {
            const visible = await filter.visibleTo('Bank', batch);
            expect([parse.mock.calls.length, stringify.mock.calls.length]).toEqual([1, 0]);
            const message = sseEventMessage(visible!.event, visible!.payload);
            expect(parse.mock.calls.length).toBe(1);
            expect(message).toContain('"payload":{"items":[{"loanRef":"LOAN-1"}]},"payloadEncoding":"json"');
        } finally {
            parse.mockRestore();
            stringify.mockRestore();
        }
    });
});
