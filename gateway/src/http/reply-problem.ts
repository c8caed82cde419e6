import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type GatewayMetrics } from '../metrics/gateway-metrics.js';
import { PROBLEM_MEDIA_TYPE, toProblem, type ProblemResponse } from '../errors/problem.js';

/**
 * Renders any error as this request's problem: adds `instance` and `requestId`, logs server faults with their
 * stack (callers' mistakes at debug level only), and counts the problem code.
 */
export function renderProblem(error: unknown, request: FastifyRequest, metrics?: GatewayMetrics): ProblemResponse {
    const problem = toProblem(error);
    const body = { ...problem.body, instance: request.url.split('?')[0], requestId: String(request.id) };
    if (problem.status >= 500) {
        request.log.error({ err: error, code: body.code }, 'request failed');
    } else {
        request.log.debug({ code: body.code, detail: body.detail }, 'request refused');
    }
    metrics?.problem(body.code, problem.status);
    return { ...problem, body };
}

/** Sends a rendered problem as `application/problem+json`. */
export function sendProblem(reply: FastifyReply, problem: ProblemResponse): FastifyReply {
    return reply
        .code(problem.status)
        .headers(problem.headers)
        .type(PROBLEM_MEDIA_TYPE)
        .send(JSON.stringify(problem.body));
}
