import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

/** Sends raw bytes and reads the whole answer (the server closes the connection after these errors). */
async function rawRequest(port: number, bytes: string): Promise<{ status: number; headers: string; body: string }> {
    const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.end(bytes);
    });
    const split = answer.indexOf('\r\n\r\n');
    const headers = answer.slice(0, split);
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]), headers, body: answer.slice(split + 4) };
}

describe("Fastify's own errors", () => {
    let gateway: TestGateway;
    let port: number;
    let token: string;

    beforeAll(async () => {
        gateway = await startTestGateway({ limits: { maxEventLoopDelayMs: 0, bodyLimitBytes: 1_024 } });
        const address = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
        port = Number(new URL(address).port);
        token = await gateway.token();
    });

    afterAll(async () => {
        await gateway.close();
    });

    it.each([
        [
            'headers larger than the parser allows',
            `GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
            431,
            'HEADERS_TOO_LARGE',
        ],
        [
            'a request line longer than the parser allows',
            `GET /v1/anchors?bookmark=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
            431,
            'HEADERS_TOO_LARGE',
        ],
        [
            'Content-Length together with Transfer-Encoding',
            'POST /v1/evidence HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
            400,
            'MALFORMED_HTTP',
        ],
        ['a request that is not HTTP', 'HELLO\r\n\r\n', 400, 'MALFORMED_HTTP'],
    ])('answers %s with a problem document', async (_what, bytes, status, code) => {
        const answer = await rawRequest(port, bytes);
        expect(answer.status).toBe(status);
        expect(answer.headers).toMatch(/content-type: application\/problem\+json/i);
        expect(JSON.parse(answer.body)).toMatchObject({ code, status, type: `urn:lendledger:problem:${code}` });
    });

    async function send(
        method: string,
        path: string,
        headers: Record<string, string> = {},
        body?: string,
    ): Promise<{ status: number; type: string | null; problem: Record<string, unknown> }> {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, {
            method,
            headers: { authorization: `Bearer ${token}`, ...headers },
            body,
        });
        return {
            status: response.status,
            type: response.headers.get('content-type'),
            problem: (await response.json()) as Record<string, unknown>,
        };
    }

    it.each([
        [
            'a URL that is not valid percent-encoding',
            'GET',
            '/v1/evidence/%E0%A4%A',
            {},
            undefined,
            400,
            'MALFORMED_URL',
        ],
        [
            'a path parameter beyond maxParamLength',
            'GET',
            `/v1/evidence/${'a'.repeat(600)}`,
            {},
            undefined,
            414,
            'URI_TOO_LONG',
        ],
        [
            'a body over the limit',
            'PUT',
            '/v1/probes/a',
            { 'content-type': 'application/json' },
            `{"value":"${'x'.repeat(2_000)}"}`,
            413,
            'PAYLOAD_TOO_LARGE',
        ],
        [
            'a body that is not JSON',
            'PUT',
            '/v1/probes/a',
            { 'content-type': 'application/json' },
            '{"value":',
            400,
            'MALFORMED_REQUEST',
        ],
        [
            'an empty JSON body',
            'PUT',
            '/v1/probes/a',
            { 'content-type': 'application/json' },
            '',
            400,
            'MALFORMED_REQUEST',
        ],
        [
            'an unsupported media type',
            'PUT',
            '/v1/probes/a',
            { 'content-type': 'text/csv' },
            'a,b',
            415,
            'UNSUPPORTED_MEDIA_TYPE',
        ],
        ['an unknown route', 'GET', '/v2/nothing', {}, undefined, 404, 'ROUTE_NOT_FOUND'],
    ])('answers %s with a problem document', async (_what, method, path, headers, body, status, code) => {
        const answer = await send(method, path, headers, body);
        expect(answer.status).toBe(status);
        expect(answer.type).toMatch(/^application\/problem\+json/);
        expect(answer.problem).toMatchObject({ code, status });
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });
});
