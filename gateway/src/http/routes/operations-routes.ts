import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type LedgerClient } from '../../fabric/ledger-client.js';
import { ProblemError } from '../problem-error.js';
import { Problem } from '../schemas/common.js';
import { type GatewayServices } from '../services.js';

/** Caches the peer check for `cacheMs`, and runs at most one check at a time. */
function peerCheck(ledger: LedgerClient, cacheMs: number): () => Promise<void> {
    let checkedAt = Number.NEGATIVE_INFINITY;
    let last: Promise<void> = Promise.resolve();
    return () => {
        const now = Date.now();
        if (now - checkedAt >= cacheMs) {
            checkedAt = now;
            last = ledger.ping();
            // A failed check is not cached: the next probe asks the peer again.
            last.catch(() => (checkedAt = Number.NEGATIVE_INFINITY));
        }
        return last;
    };
}

const Status = Type.Object({ status: Type.String() }, { additionalProperties: true });

/**
 * Unauthenticated operations endpoints: liveness (`/healthz`, the process answers), readiness (`/readyz`, the
 * peer runs the chaincode) and Prometheus metrics (`/metrics`).
 */
export function registerOperationsRoutes(
    app: FastifyInstance,
    services: GatewayServices,
    isClosing: () => boolean,
): void {
    const checkPeer = peerCheck(services.ledger, services.config.readiness.cacheMs);
    app.get(
        '/healthz',
        { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Status } } },
        async () => ({ status: 'ok' }),
    );
    app.get(
        '/readyz',
        {
            schema: {
                tags: ['operations'],
                summary: 'Readiness: the peer answers',
                response: { 200: Status, 503: Problem },
            },
        },
        async () => {
            if (isClosing()) {
                throw new ProblemError('SHUTTING_DOWN', 'the gateway is shutting down');
            }
            try {
                await checkPeer();
            } catch (error) {
                throw new ProblemError('NOT_READY', `peer check failed: ${(error as Error).message}`, {
                    headers: { 'retry-after': '2' },
                    cause: error,
                });
            }
            return { status: 'ready', org: services.config.org, mspId: services.config.mspId };
        },
    );
    app.get(
        '/metrics',
        {
            schema: {
                tags: ['operations'],
                summary: 'Prometheus metrics',
                response: { 200: Type.String({ description: 'Prometheus text exposition format' }) },
            },
        },
        async (_request, reply) => {
            const text = await services.metrics.registry.metrics();
            return reply.type(services.metrics.registry.contentType).send(text);
        },
    );
}
