import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SseReader, type SseMessage } from '../../testing/sse-reader.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

function summary(messages: readonly SseMessage[]): string[] {
    return messages.map((message) => `${message.id} ${message.event}`);
}

async function until(condition: () => boolean): Promise<void> {
    for (let waited = 0; !condition(); waited += 5) {
        if (waited > 2_000) {
            throw new Error('condition not met in time');
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

describe('GET /v1/events', () => {
    let gateway: TestGateway;
    let base: string;
    const readers: SseReader[] = [];

    beforeEach(async () => {
        gateway = await startTestGateway({
            events: { heartbeatMs: 1_000, reconnectInitialMs: 10, reconnectMaxMs: 20 },
            limits: { maxEventLoopDelayMs: 0, maxSseClients: 2 },
        });
        base = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
    });

    afterEach(async () => {
        await Promise.all(readers.splice(0).map((reader) => reader.cancel().catch(() => undefined)));
        await gateway.close();
    });

    async function connect(
        query = '',
        headers: Record<string, string> = {},
    ): Promise<{ response: Response; reader: SseReader }> {
        const response = await fetch(`${base}/v1/events${query}`, {
            headers: { ...(await gateway.auth({ roles: ['auditor'] })), ...headers },
        });
        // The Fabric stream is open before the headers are sent, so events emitted from here on are delivered.
        const reader = new SseReader(response.ok ? response : new Response(''));
        readers.push(reader);
        return { response, reader };
    }

    it('streams events in ledger order with resumable ids, names and JSON data', async () => {
        const { response, reader } = await connect();
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
        expect(response.headers.get('x-accel-buffering')).toBe('no');
        expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect(await reader.next()).toEqual({ retry: '10' });
        gateway.ledger.emitBlock([
            { name: 'evidence.registered', payload: { items: [{ seq: 1 }] } },
            { name: 'anchor.created', payload: 'not json' },
        ]);
        gateway.ledger.emit('case.filed', { caseId: 'BK-1' });
        const messages = await reader.events(3);
        expect(summary(messages)).toEqual(['11.0 evidence.registered', '11.1 anchor.created', '12.0 case.filed']);
        expect(JSON.parse(messages[0]!.data!)).toEqual({
            blockNumber: 11,
            txId: 'ext11-0',
            eventName: 'evidence.registered',
            payload: { items: [{ seq: 1 }] },
            payloadEncoding: 'json',
        });
        expect(JSON.parse(messages[1]!.data!)).toMatchObject({
            payload: Buffer.from('not json').toString('base64'),
            payloadEncoding: 'base64',
        });
        expect(gateway.ledger.eventRequests[0]).toEqual({ identity: 'User1', startBlock: undefined });
    });

    it('resumes after Last-Event-ID, skipping the events of that block already seen', async () => {
        gateway.ledger.emitBlock([
            { name: 'a', payload: 1 },
            { name: 'b', payload: 2 },
            { name: 'c', payload: 3 },
        ]);
        gateway.ledger.emit('d', 4);
        const { reader } = await connect('?fromBlock=1', { 'last-event-id': '11.1' });
        expect(summary(await reader.events(2))).toEqual(['11.2 c', '12.0 d']);
        expect(gateway.ledger.eventRequests[0]?.startBlock).toBe(11n);

        const byQuery = await connect('?after=11.0');
        expect(summary(await byQuery.reader.events(1))).toEqual(['11.1 b']);
    });

    it('starts with the first event of fromBlock', async () => {
        gateway.ledger.emit('a', 1);
        gateway.ledger.emit('b', 2);
        const { reader } = await connect('?fromBlock=12');
        expect(summary(await reader.events(1))).toEqual(['12.0 b']);
    });

    it('reconnects after the peer stream fails, without duplicates or gaps', async () => {
        const { reader } = await connect();
        gateway.ledger.emitBlock([
            { name: 'a', payload: 1 },
            { name: 'b', payload: 2 },
        ]);
        expect(summary(await reader.events(2))).toEqual(['11.0 a', '11.1 b']);
        gateway.ledger.unavailable.events = 1;
        gateway.ledger.breakStreams();
        gateway.ledger.emit('c', 3);
        expect(summary(await reader.events(1))).toEqual(['12.0 c']);
        expect(gateway.ledger.eventRequests.map((request) => request.startBlock)).toEqual([undefined, 11n, 11n]);
    });

    it('sends only the events named in ?events=', async () => {
        const { reader } = await connect('?events=anchor.created,case.filed');
        gateway.ledger.emit('evidence.registered', {});
        gateway.ledger.emit('anchor.created', {});
        gateway.ledger.emit('evidence.registered', {});
        gateway.ledger.emit('case.filed', {});
        expect(summary(await reader.events(2))).toEqual(['12.0 anchor.created', '14.0 case.filed']);
    });

    it('sends heartbeat comments while idle', async () => {
        const { reader } = await connect();
        await reader.next();
        expect(await reader.next()).toEqual({ comment: 'heartbeat' });
    });

    it('refuses a stream beyond limits.maxSseClients with a 503 problem', async () => {
        await connect();
        await connect();
        const { response } = await connect();
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(await response.json()).toMatchObject({ code: 'EVENT_STREAMS_EXHAUSTED', maxSseClients: 2 });
    });

    it('closes the Fabric stream when the client disconnects, freeing its slot', async () => {
        const first = await connect();
        await connect();
        await first.reader.cancel();
        await until(() => gateway.ledger.openStreams === 1);
        const { response } = await connect();
        expect(response.status).toBe(200);
    });

    it('ends open streams when the app closes', async () => {
        const { reader } = await connect();
        await reader.next();
        await gateway.app.close();
        expect(await reader.next()).toBeUndefined();
        expect(gateway.ledger.openStreams).toBe(0);
    });

    it('answers 503 LEDGER_UNAVAILABLE when the peer cannot be reached at the start', async () => {
        gateway.ledger.unavailable.events = 1;
        const { response } = await connect();
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    });

    it('refuses a malformed Last-Event-ID and a request without a token', async () => {
        const { response } = await connect('', { 'last-event-id': 'yesterday' });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        const anonymous = await fetch(`${base}/v1/events`);
        expect(anonymous.status).toBe(401);
    });
});
