import { createHash } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import {
    createTsaCredentials,
    LENDLEDGER_TSA_POLICY,
    TIMESTAMP_QUERY_TYPE,
    TIMESTAMP_REPLY_TYPE,
    TimestampResponder,
} from '@lendledger/verifier/tsa';
import { parseTimestampReply, timestampQuery } from '@lendledger/verifier/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTsaServer, MAX_QUERY_BYTES } from './tsa-server.ts';

describe('the TSA over HTTP (RFC 3161 §3.4)', () => {
    let responder: TimestampResponder;
    const server = createTsaServer({ respond: (query) => responder.respond(query) });
    let url: string;

    beforeAll(async () => {
        const credentials = await createTsaCredentials({ organisation: 'Test', commonName: 'HTTP TSA' });
        responder = new TimestampResponder({
            privateKey: credentials.privateKey,
            certificatePem: credentials.certificatePem,
            policy: LENDLEDGER_TSA_POLICY,
            accuracySeconds: 1,
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });

    afterAll(async () => {
        await new Promise((resolve) => server.close(resolve));
    });

    const imprint = new Uint8Array(createHash('sha256').update('header').digest());
    const post = (body: Uint8Array, type = TIMESTAMP_QUERY_TYPE): Promise<Response> =>
        fetch(url, { method: 'POST', headers: { 'content-type': type }, body });

    it('answers a timestamp-query with a granted timestamp-reply', async () => {
        const response = await post(timestampQuery(imprint, { nonce: 99n, certReq: true }));
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe(TIMESTAMP_REPLY_TYPE);
        const reply = parseTimestampReply(new Uint8Array(await response.arrayBuffer()));
        expect(reply.status).toBe(0);
        expect(reply.token).toBeDefined();
    });

    it('answers bytes that are not a request with a rejection reply, not an error page', async () => {
        const response = await post(new Uint8Array([0x30, 0x03, 0x02, 0x01]));
        expect(response.status).toBe(200);
        expect(parseTimestampReply(new Uint8Array(await response.arrayBuffer()))).toMatchObject({
            status: 2,
            failures: ['badDataFormat'],
        });
    });

    it('refuses another media type (415), another method (405) and an oversized body (413)', async () => {
        expect((await post(timestampQuery(imprint), 'application/json')).status).toBe(415);
        expect((await fetch(url, { method: 'PUT', body: 'x' })).status).toBe(405);
        expect((await fetch(url)).status).toBe(405);
        expect((await post(new Uint8Array(MAX_QUERY_BYTES + 1))).status).toBe(413);
    });

    it('serves a health check for the start-up wait', async () => {
        const response = await fetch(`${url}healthz`);
        expect([response.status, await response.text()]).toEqual([200, 'ok\n']);
    });
});
