import { describe, expect, it } from 'vitest';
import { LedgerFailedError, LedgerUnavailableError } from '../fabric/ledger-errors.js';
import { FakeLedger } from '../testing/fake-ledger.js';
import { formatEventId, parseEventId } from './event-position.js';
import {
    openResumableEvents,
    type PositionedEvent,
    type ReconnectNotice,
    type ResumableEventsOptions,
} from './resumable-event-stream.js';
import { eventData, sseEventMessage } from './sse-message.js';

const BACKOFF = { reconnectInitialMs: 100, reconnectMaxMs: 350, random: () => 1 };

function options(ledger: FakeLedger, extra: Partial<ResumableEventsOptions> = {}): ResumableEventsOptions {
    return { ledger, identity: 'User1', sleep: async () => undefined, ...BACKOFF, ...extra };
}

/** Reads `count` events, then leaves the stream open. */
async function take(iterator: AsyncIterator<PositionedEvent>, count: number): Promise<string[]> {
    const ids: string[] = [];
    while (ids.length < count) {
        const next = await iterator.next();
        if (next.done) {
            break;
        }
        ids.push(`${formatEventId(next.value.position)} ${next.value.eventName}`);
    }
    return ids;
}

describe('openResumableEvents', () => {
    it('yields events in ledger order with block and in-block index as their position', async () => {
        const ledger = new FakeLedger();
        const stream = await openResumableEvents(options(ledger));
        const iterator = stream[Symbol.asyncIterator]();
        ledger.emitBlock([
            { name: 'a', payload: { n: 1 } },
            { name: 'b', payload: { n: 2 } },
        ]);
        ledger.emit('c', { n: 3 });
        expect(await take(iterator, 3)).toEqual(['11.0 a', '11.1 b', '12.0 c']);
        expect(ledger.eventRequests[0]).toEqual({ identity: 'User1', startBlock: undefined });
        stream.close();
        expect(await iterator.next()).toEqual({ done: true, value: undefined });
        expect(ledger.openStreams).toBe(0);
    });

    it('resumes after a position, skipping the events of that block it already delivered', async () => {
        const ledger = new FakeLedger();
        ledger.emitBlock([
            { name: 'a', payload: 1 },
            { name: 'b', payload: 2 },
            { name: 'c', payload: 3 },
        ]);
        ledger.emit('d', 4);
        const stream = await openResumableEvents(options(ledger, { after: parseEventId('11.1'), fromBlock: 1n }));
        expect(await take(stream[Symbol.asyncIterator](), 2)).toEqual(['11.2 c', '12.0 d']);
        expect(ledger.eventRequests[0]?.startBlock).toBe(11n);
        stream.close();
    });

    it('starts at the first event of fromBlock', async () => {
        const ledger = new FakeLedger();
        ledger.emit('a', 1);
        ledger.emit('b', 2);
        const stream = await openResumableEvents(options(ledger, { fromBlock: 12n }));
        expect(await take(stream[Symbol.asyncIterator](), 1)).toEqual(['12.0 b']);
        stream.close();
    });

    it('reconnects at the block of the last event after a failure, without duplicates or gaps', async () => {
        const ledger = new FakeLedger();
        const notices: ReconnectNotice[] = [];
        const stream = await openResumableEvents(options(ledger, { onReconnect: (notice) => notices.push(notice) }));
        const iterator = stream[Symbol.asyncIterator]();
        ledger.emitBlock([
            { name: 'a', payload: 1 },
            { name: 'b', payload: 2 },
            { name: 'c', payload: 3 },
        ]);
        expect(await take(iterator, 2)).toEqual(['11.0 a', '11.1 b']);
        ledger.breakStreams();
        ledger.unavailable.events = 2;
        ledger.emit('d', 4);
        expect(await take(iterator, 2)).toEqual(['11.2 c', '12.0 d']);
        expect(ledger.eventRequests.map((request) => request.startBlock)).toEqual([undefined, 11n, 11n, 11n]);
        expect(notices.map(({ attempt, delayMs, startBlock }) => ({ attempt, delayMs, startBlock }))).toEqual([
            { attempt: 1, delayMs: 100, startBlock: 11n },
            { attempt: 2, delayMs: 200, startBlock: 11n },
            { attempt: 3, delayMs: 350, startBlock: 11n },
        ]);
        expect(notices[0]?.error).toBeInstanceOf(LedgerUnavailableError);
        expect(stream.reconnects).toBe(3);
        expect(ledger.openStreams).toBe(1);
        stream.close();
    });

    it('resets the backoff once an event arrives again', async () => {
        const ledger = new FakeLedger();
        const delays: number[] = [];
        const stream = await openResumableEvents(
            options(ledger, { onReconnect: ({ delayMs }) => delays.push(delayMs) }),
        );
        const iterator = stream[Symbol.asyncIterator]();
        ledger.emit('a', 1);
        await take(iterator, 1);
        ledger.breakStreams();
        ledger.unavailable.events = 1;
        ledger.emit('b', 2);
        await take(iterator, 1);
        ledger.breakStreams();
        ledger.emit('c', 3);
        expect(await take(iterator, 1)).toEqual(['13.0 c']);
        expect(delays).toEqual([100, 200, 100]);
        stream.close();
    });

    it('yields only the named events but still counts the others for positions', async () => {
        const ledger = new FakeLedger();
        const stream = await openResumableEvents(options(ledger, { eventNames: new Set(['b', 'd']) }));
        ledger.emitBlock([
            { name: 'a', payload: 1 },
            { name: 'b', payload: 2 },
        ]);
        ledger.emit('c', 3);
        ledger.emit('d', 4);
        expect(await take(stream[Symbol.asyncIterator](), 2)).toEqual(['11.1 b', '13.0 d']);
        expect(stream.position).toEqual({ blockNumber: 13n, index: 0 });
        stream.close();
    });

    it('ends with the error when reopening fails for a reason reconnecting cannot fix', async () => {
        const ledger = new FakeLedger();
        const denied = new LedgerFailedError('access denied', { step: 'events', peerMessages: [] });
        let opened = 0;
        const seam: ResumableEventsOptions['ledger'] = {
            chaincodeEvents: (request) => (++opened === 1 ? ledger.chaincodeEvents(request) : Promise.reject(denied)),
        };
        const stream = await openResumableEvents({ ...options(ledger), ledger: seam });
        const iterator = stream[Symbol.asyncIterator]();
        ledger.emit('a', 1);
        await take(iterator, 1);
        ledger.breakStreams();
        await expect(iterator.next()).rejects.toBe(denied);
        expect(opened).toBe(2);
    });

    it('throws at open when the peer cannot be reached', async () => {
        const ledger = new FakeLedger();
        ledger.unavailable.events = 1;
        await expect(openResumableEvents(options(ledger))).rejects.toBeInstanceOf(LedgerUnavailableError);
    });

    it('stops waiting to reconnect when closed', async () => {
        const ledger = new FakeLedger();
        const stream = await openResumableEvents(options(ledger, { sleep: () => new Promise<void>(() => undefined) }));
        const iterator = stream[Symbol.asyncIterator]();
        const next = iterator.next();
        ledger.breakStreams();
        await new Promise((resolve) => setImmediate(resolve));
        stream.close();
        expect(await next).toEqual({ done: true, value: undefined });
        expect(ledger.openStreams).toBe(0);
    });
});

describe('sseEventMessage', () => {
    it('formats id, event name and JSON data, keeping non-JSON payloads as base64', () => {
        const event: PositionedEvent = {
            blockNumber: 7n,
            transactionId: 'tx1',
            eventName: 'evidence.registered',
            payload: new TextEncoder().encode('{"items":[1]}'),
            position: { blockNumber: 7n, index: 2 },
        };
        expect(sseEventMessage(event)).toBe(
            'id: 7.2\nevent: evidence.registered\ndata: {"blockNumber":7,"txId":"tx1","eventName":"evidence.registered","payload":{"items":[1]},"payloadEncoding":"json"}\n\n',
        );
        const binary = { ...event, payload: new Uint8Array([0xff, 0x00]) };
        expect(eventData(binary)).toMatchObject({ payload: '/wA=', payloadEncoding: 'base64' });
    });
});
