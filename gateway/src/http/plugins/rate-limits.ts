import rateLimit from '@fastify/rate-limit';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type GatewayConfig } from '../../config/gateway-config.js';
import { ProblemError } from '../../errors/problem-error.js';
import '../fastify-types.js';

/** Reads and writes are counted apart: a reader at full speed must not use up the budget its writes need. */
type Budget = 'read' | 'write';

const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** A request's budget: GET and HEAD read, every other method may write. */
export function budgetOf(request: Pick<FastifyRequest, 'method'>): Budget {
    return READ_METHODS.has(request.method) ? 'read' : 'write';
}

/**
 * Per-subject rate limits of the scope (per client address before a subject is known): reads
 * (`limits.readRateLimitMax`) and writes (`limits.writeRateLimitMax`) each per `limits.rateLimitWindowMs`, then
 * 429 RATE_LIMITED with Retry-After. A budget of 0 is not limited. Runs after authentication (onRequest), so the
 * subject is the verified token subject, and at preParsing, before the body is read: a writer over its budget
 * cannot make the gateway read (or a sealed upload spool) up to its body limit first. The per-address limit
 * (address-rate-limit.ts) runs before both.
 */
export async function addRateLimits(scope: FastifyInstance, limits: GatewayConfig['limits']): Promise<void> {
    const maxOf = (budget: Budget): number => (budget === 'read' ? limits.readRateLimitMax : limits.writeRateLimitMax);
    if (maxOf('read') === 0 && maxOf('write') === 0) {
        return;
    }
    await scope.register(rateLimit, {
        hook: 'preParsing',
        timeWindow: limits.rateLimitWindowMs,
        keyGenerator: (request) => {
            const who = request.principal ? `sub:${request.principal.subject}` : `ip:${request.ip}`;
            return `${budgetOf(request)}:${who}`;
        },
        max: (request) => maxOf(budgetOf(request)),
        allowList: (request) => maxOf(budgetOf(request)) === 0,
        errorResponseBuilder: (request, context) =>
            new ProblemError(
                'RATE_LIMITED',
                `rate limit of ${context.max} ${budgetOf(request)}s exceeded, retry in ${context.after}`,
                {
                    fields: { budget: budgetOf(request), limit: context.max },
                    headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
                },
            ),
    });
}
