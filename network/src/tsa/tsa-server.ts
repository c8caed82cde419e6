import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
    rejection,
    TIMESTAMP_QUERY_TYPE,
    TIMESTAMP_REPLY_TYPE,
    type TimestampResponder,
} from '@lendledger/verifier/tsa';

/** A time-stamp request is a few hundred bytes; anything much larger is not one. */
export const MAX_QUERY_BYTES = 16 * 1024;

/**
 * RFC 3161 §3.4 over HTTP: `POST` a DER TimeStampReq as `application/timestamp-query`, get a DER TimeStampResp as
 * `application/timestamp-reply`. A request the TSA cannot serve is answered with a TimeStampResp of status
 * rejection and the PKIFailureInfo that says why, with HTTP 200 as the protocol's status is in the body. Only what
 * is not the protocol at all gets a plain HTTP error: another method (405), another media type (415), a body over
 * {@link MAX_QUERY_BYTES} (413). `GET /healthz` answers 200 for the network's start-up wait.
 */
export function createTsaServer(responder: Pick<TimestampResponder, 'respond'>): Server {
    return createServer((request, response) => {
        handle(responder, request, response).catch(() => {
            if (!response.headersSent) {
                reply(response, 200, rejection('systemFailure', 'the TSA failed to answer'));
            }
        });
    });
}

async function handle(
    responder: Pick<TimestampResponder, 'respond'>,
    request: IncomingMessage,
    response: ServerResponse,
): Promise<void> {
    if (request.method === 'GET' && request.url === '/healthz') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
        return;
    }
    if (request.method !== 'POST') {
        response.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('POST a timestamp query\n');
        return;
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== TIMESTAMP_QUERY_TYPE) {
        request.resume();
        response
            .writeHead(415, { 'content-type': 'text/plain' })
            .end(`the body must be ${TIMESTAMP_QUERY_TYPE} (RFC 3161 §3.4)\n`);
        return;
    }
    const body = await readBody(request);
    if (body === undefined) {
        response.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('query too large\n');
        return;
    }
    reply(response, 200, await responder.respond(body));
}

function reply(response: ServerResponse, status: number, der: Uint8Array): void {
    response.writeHead(status, { 'content-type': TIMESTAMP_REPLY_TYPE, 'content-length': der.length }).end(der);
}

/** The request body, or `undefined` once it passes {@link MAX_QUERY_BYTES}. */
async function readBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of request) {
        length += (chunk as Buffer).length;
        if (length > MAX_QUERY_BYTES) {
            return undefined;
        }
        chunks.push(chunk as Buffer);
    }
    return new Uint8Array(Buffer.concat(chunks));
}
