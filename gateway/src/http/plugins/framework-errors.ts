import { STATUS_CODES } from 'node:http';
import { type Socket } from 'node:net';
import { type FastifyError, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { type GatewayMetrics } from '../../metrics/gateway-metrics.js';
import { PROBLEM_MEDIA_TYPE, toProblem } from '../../errors/problem.js';
import { ProblemError } from '../../errors/problem-error.js';
import { renderProblem, sendProblem } from '../reply-problem.js';

/**
 * Fastify answers some requests before any route or error handler runs: HTTP the parser refuses (headers too
 * large, Content-Length together with Transfer-Encoding, a timeout), a URL it cannot decode, a path parameter
 * beyond `maxParamLength`. By default those answers are plain JSON in Fastify's own shape; these handlers make
 * them problem documents with the gateway's stable codes, like every other error.
 */

/** The problem for an error of Node's HTTP parser or server. */
export function clientErrorProblem(error: NodeJS.ErrnoException): ProblemError {
    const reason = error.code ?? 'UNKNOWN';
    if (reason === 'HPE_HEADER_OVERFLOW') {
        return new ProblemError('HEADERS_TOO_LARGE', 'the request line and headers exceed the allowed size', {
            fields: { reason },
        });
    }
    if (reason === 'ERR_HTTP_REQUEST_TIMEOUT' || reason === 'ERR_HTTP_REQUEST_HEADERS_TIMEOUT') {
        return new ProblemError('REQUEST_TIMEOUT', 'the request did not arrive in time', { fields: { reason } });
    }
    return new ProblemError('MALFORMED_HTTP', `the request cannot be parsed (${reason})`, { fields: { reason } });
}

/**
 * Fastify's `clientErrorHandler`: answers a request Node's parser refused with a problem document, then closes the
 * connection (the rest of the bytes cannot be trusted to start a new request).
 */
export function clientErrorHandler(metrics?: GatewayMetrics): NonNullable<FastifyServerOptions['clientErrorHandler']> {
    return (error: NodeJS.ErrnoException, socket: Socket) => {
        // A reset connection has nobody left to answer.
        if (error.code === 'ECONNRESET' || socket.destroyed) {
            return;
        }
        const { status, body } = toProblem(clientErrorProblem(error));
        metrics?.problem(body.code, status);
        if (socket.writable) {
            const json = JSON.stringify(body);
            socket.write(
                `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
                    `content-type: ${PROBLEM_MEDIA_TYPE}\r\n` +
                    `content-length: ${Buffer.byteLength(json)}\r\n` +
                    'connection: close\r\n\r\n' +
                    json,
            );
        }
        socket.destroy();
    };
}

/** The problem for one of Fastify's router errors. */
export function frameworkProblem(error: FastifyError): unknown {
    if (error.code === 'FST_ERR_BAD_URL') {
        return new ProblemError('MALFORMED_URL', 'the request URL is not valid percent-encoding', {
            fields: { reason: error.code },
        });
    }
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return new ProblemError('URI_TOO_LONG', 'a path segment of the URL is longer than any this API accepts', {
            fields: { reason: error.code },
        });
    }
    return error;
}

/** Fastify's `frameworkErrors`: router errors as problem documents. */
export function frameworkErrorsHandler(
    metrics?: GatewayMetrics,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
    return (error, request, reply) => {
        reply.header('x-request-id', request.id);
        sendProblem(reply, renderProblem(frameworkProblem(error), request, metrics));
    };
}
