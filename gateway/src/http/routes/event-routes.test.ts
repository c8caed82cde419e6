import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TransactionCall } from '../../fabric/ledger-client.js';
import { rejection } from '../../testing/fake-ledger.js';
import { SseReader, type SseMessage } from '../../testing/sse-reader.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const LOAN_A = `loan:${'a'.repeat(64)}`;
const LOAN_B = `loan:${'b'.repeat(64)}`;

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
            { name: 'evidence.registered', payload: { items: [{ loanRef: LOAN_A, seq: 1 }] } },
            { name: 'anchor.created', payload: 'not json' },
        ]);
        gateway.ledger.emit('case.transitioned', { caseId: 'BK-1' });
        const messages = await reader.events(3);
        expect(summary(messages)).toEqual([
            '11.0 evidence.registered',
            '11.1 anchor.created',
            '12.0 case.transitioned',
        ]);
        expect(JSON.parse(messages[0]!.data!)).toEqual({
            blockNumber: 11,
            txId: 'ext11-0',
            eventName: 'evidence.registered',
            payload: { items: [{ loanRef: LOAN_A, seq: 1 }] },
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
            { name: 'anchor.created', payload: 1 },
            { name: 'anchor.sealed', payload: 2 },
            { name: 'probe.written', payload: 3 },
        ]);
        gateway.ledger.emit('anchor.created', 4);
        const { reader } = await connect('?fromBlock=1', { 'last-event-id': '11.1' });
        expect(summary(await reader.events(2))).toEqual(['11.2 probe.written', '12.0 anchor.created']);
        expect(gateway.ledger.eventRequests[0]?.startBlock).toBe(11n);

        const byQuery = await connect('?after=11.0');
        expect(summary(await byQuery.reader.events(1))).toEqual(['11.1 anchor.sealed']);
    });

    it('starts with the first event of fromBlock', async () => {
        gateway.ledger.emit('anchor.created', 1);
        gateway.ledger.emit('anchor.sealed', 2);
        const { reader } = await connect('?fromBlock=12');
        expect(summary(await reader.events(1))).toEqual(['12.0 anchor.sealed']);
    });

    it('reconnects after the peer stream fails, without duplicates or gaps', async () => {
        const { reader } = await connect();
        gateway.ledger.emitBlock([
            { name: 'anchor.created', payload: 1 },
            { name: 'anchor.sealed', payload: 2 },
        ]);
        expect(summary(await reader.events(2))).toEqual(['11.0 anchor.created', '11.1 anchor.sealed']);
        gateway.ledger.unavailable.events = 1;
        gateway.ledger.breakStreams();
        gateway.ledger.emit('probe.written', 3);
        expect(summary(await reader.events(1))).toEqual(['12.0 probe.written']);
        expect(gateway.ledger.eventRequests.map((request) => request.startBlock)).toEqual([undefined, 11n, 11n]);
    });

    it('sends only the events named in ?events=', async () => {
        const { reader } = await connect('?events=anchor.created,case.filed');
        gateway.ledger.emit('evidence.registered', { items: [{ loanRef: LOAN_A }] });
        gateway.ledger.emit('anchor.created', {});
        gateway.ledger.emit('evidence.registered', { items: [{ loanRef: LOAN_A }] });
        gateway.ledger.emit('case.filed', { items: [{ caseId: 'BK-1', loanRef: LOAN_A }] });
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

    it.each([
        ['?fromBlock=18446744073709551616', {}],
        ['?fromBlock=9223372036854775808', {}],
        ['?fromBlock=0x10', {}],
        ['?after=18446744073709551616.0', {}],
        ['?after=9223372036854775808.0', {}],
        ['', { 'last-event-id': '18446744073709551616.0' }],
        ['', { 'last-event-id': '9223372036854775808.3' }],
    ])('answers 400 VALIDATION_FAILED for a block number above 2^63-1: %s %j', async (query, headers) => {
        const { response } = await connect(query, headers);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
        expect(gateway.ledger.eventRequests).toHaveLength(0);
    });

    it('accepts the largest block number, 2^63-1', async () => {
        const { response } = await connect('?fromBlock=9223372036854775807');
        expect(response.status).toBe(200);
        expect(gateway.ledger.eventRequests[0]?.startBlock).toBe(2n ** 63n - 1n);
    });
});

describe('GET /v1/events read rules', () => {
    let gateway: TestGateway;
    let base: string;
    const readers: SseReader[] = [];
    /** Objects the chaincode lets User1 read, as `<function> <argument>`; everything else is ACCESS_DENIED. */
    let readable: Set<string>;

    function chaincodeRead(call: TransactionCall): string {
        if (!readable.has(`${call.name} ${call.args[0]}`)) {
            throw rejection('ACCESS_DENIED', `${call.identity} may not read this`);
        }
        return '{}';
    }

    beforeEach(async () => {
        gateway = await startTestGateway({
            events: { heartbeatMs: 60_000, reconnectInitialMs: 10, reconnectMaxMs: 20, accessCacheMs: 60_000 },
            limits: { maxEventLoopDelayMs: 0 },
        });
        base = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
        readable = new Set();
        for (const name of ['Evidence:GetLoan', 'Evidence:Get', 'Case:Get', 'Consent:Get', 'AbsDeal:GetDeal']) {
            gateway.ledger.on(name, chaincodeRead);
        }
    });

    afterEach(async () => {
        await Promise.all(readers.splice(0).map((reader) => reader.cancel().catch(() => undefined)));
        await gateway.close();
    });

    async function connect(): Promise<SseReader> {
        const response = await fetch(`${base}/v1/events`, { headers: await gateway.auth({ roles: ['auditor'] }) });
        expect(response.status).toBe(200);
        const reader = new SseReader(response);
        readers.push(reader);
        return reader;
    }

    /** Events the reader receives up to and including the next `anchor.created`, which every member gets. */
    async function receivedUntilMarker(reader: SseReader): Promise<SseMessage[]> {
        gateway.ledger.emit('anchor.created', { anchorId: 'marker' });
        const received: SseMessage[] = [];
        for (;;) {
            const [message] = await reader.events(1);
            if (!message || message.event === 'anchor.created') {
                return received;
            }
            received.push(message);
        }
    }

    function evidence(...loanRefs: string[]): { items: { loanRef: string; stage: string }[]; mspId: string } {
        return { items: loanRefs.map((loanRef) => ({ loanRef, stage: 'DISBURSEMENT' })), mspId: 'BankMSP' };
    }

    it("keeps a loan's evidence events from a caller the chaincode does not let read the loan", async () => {
        const reader = await connect();
        gateway.ledger.emit('evidence.registered', evidence(LOAN_A));
        gateway.ledger.emit('evidence.withdrawn', evidence(LOAN_A));
        expect(await receivedUntilMarker(reader)).toEqual([]);
        expect(gateway.ledger.evaluated).toEqual([
            { identity: 'User1', name: 'Evidence:GetLoan', args: [`{"loanRef":"${LOAN_A}"}`] },
        ]);
    });

    it('sends the evidence once a case filed to the caller opens the loan, despite the remembered refusal', async () => {
        const reader = await connect();
        gateway.ledger.emit('evidence.registered', evidence(LOAN_A));
        expect(await receivedUntilMarker(reader)).toEqual([]);
        readable.add('Case:Get {"caseId":"CASE-1"}');
        readable.add(`Evidence:GetLoan {"loanRef":"${LOAN_A}"}`);
        gateway.ledger.emit('case.filed', { items: [{ caseId: 'CASE-1', court: 'CourtMSP', loanRef: LOAN_A }] });
        gateway.ledger.emit('evidence.registered', evidence(LOAN_A));
        expect(summary(await receivedUntilMarker(reader))).toEqual(['13.0 case.filed', '14.0 evidence.registered']);
    });

    it('sends a batch with only the items of loans the caller may read', async () => {
        readable.add(`Evidence:GetLoan {"loanRef":"${LOAN_A}"}`);
        const reader = await connect();
        gateway.ledger.emit('evidence.registered', evidence(LOAN_B, LOAN_A, LOAN_B));
        gateway.ledger.emit('evidence.registered', evidence(LOAN_B));
        const [message, ...rest] = await receivedUntilMarker(reader);
        expect(rest).toEqual([]);
        expect(JSON.parse(message!.data!).payload).toEqual(evidence(LOAN_A));
        // One read per loan: the refusal of LOAN_B was remembered for the second event.
        expect(gateway.ledger.evaluated).toHaveLength(2);
    });

    it('sends ABS, case, consent and attestation events only to readers of their deal, case, consent or record', async () => {
        readable.add('AbsDeal:GetDeal {"dealId":"DEAL-OK"}');
        readable.add('Case:Get {"caseId":"CASE-OK"}');
        readable.add('Consent:Get {"consentId":"CONSENT-OK"}');
        readable.add('Evidence:Get {"id":"EV-OK"}');
        const reader = await connect();
        gateway.ledger.emit('abs.deal.created', { dealId: 'DEAL-NO', issuerMspId: 'BankMSP', status: 'STRUCTURING' });
        gateway.ledger.emit('abs.period.closed', { dealId: 'DEAL-OK', periodNo: 1 });
        gateway.ledger.emit('case.transitioned', { caseId: 'CASE-NO', court: 'CourtMSP' });
        gateway.ledger.emit('case.filed', { items: [{ caseId: 'CASE-NO', loanRef: LOAN_B }] });
        gateway.ledger.emit('case.transitioned', { caseId: 'CASE-OK', court: 'CourtMSP' });
        gateway.ledger.emit('consent.used', { consentId: 'CONSENT-NO' });
        gateway.ledger.emit('consent.recorded', { consentId: 'CONSENT-OK' });
        gateway.ledger.emit('attestation.recorded', { target: { kind: 'CASE', id: 'CASE-NO' } });
        gateway.ledger.emit('attestation.recorded', { target: { kind: 'EVIDENCE', id: 'EV-OK' } });
        expect(summary(await receivedUntilMarker(reader))).toEqual([
            '12.0 abs.period.closed',
            '15.0 case.transitioned',
            '17.0 consent.recorded',
            '19.0 attestation.recorded',
        ]);
    });

    it('sends unknown events and events whose payload names nothing to nobody', async () => {
        readable.add(`Evidence:GetLoan {"loanRef":"${LOAN_A}"}`);
        const reader = await connect();
        gateway.ledger.emit('something.new', { loanRef: LOAN_A });
        gateway.ledger.emit('evidence.registered', { items: [{ stage: 'DISBURSEMENT' }] });
        gateway.ledger.emit('abs.deal.created', 'not json');
        gateway.ledger.emit('case.transitioned', { caseId: 7 });
        expect(await receivedUntilMarker(reader)).toEqual([]);
        expect(gateway.ledger.evaluated).toEqual([]);
    });

    it('ends the stream with an error event when the read that decides cannot be made', async () => {
        const reader = await connect();
        gateway.ledger.unavailable.evaluate = 1;
        gateway.ledger.emit('consent.used', { consentId: 'CONSENT-OK' });
        const [message] = await reader.events(1);
        expect(message?.event).toBe('error');
        expect(JSON.parse(message!.data!)).toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
        expect(await reader.next()).toBeUndefined();
    });
});
