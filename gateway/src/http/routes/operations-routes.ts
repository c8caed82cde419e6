import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type LedgerHealth } from '../../fabric/endorsement-fallback.js';
import { ProblemError } from '../../errors/problem-error.js';
import { Problem } from '../schemas/common.js';
import { type GatewayConfig } from '../../config/gateway-config.js';
import { type GatewayMetrics } from '../../metrics/gateway-metrics.js';

/**
 * Shares one live peer check among the probes of `cacheMs` (and runs at most one at a time); a degraded answer
 * ages out like a ready one, and a failed check is asked again at the next probe.
 */
function peerCheck(health: () => Promise<LedgerHealth>, cacheMs: number): () => Promise<LedgerHealth> {
    let checkedAt = Number.NEGATIVE_INFINITY;
    let last: Promise<LedgerHealth> = Promise.resolve({ status: 'ready' });
    return () => {
        const now = Date.now();
        if (now - checkedAt >= cacheMs) {
            checkedAt = now;
            last = health();
            // A failed check is not cached: the next probe asks the peer again.
            last.catch(() => (checkedAt = Number.NEGATIVE_INFINITY));
        }
        return last;
    };
}

const Status = Type.Object({ status: Type.String() }, { additionalProperties: true });

const Readiness = Type.Object(
    {
        status: Type.Union([Type.Literal('ready'), Type.Literal('degraded')], {
            description:
                "`degraded`: this organisation's peer cannot run the chaincode (its chaincode server is down); reads " +
                'and writes still succeed, endorsed by the organisations listed in `endorsingOrganizations`',
        }),
        org: Type.String(),
        mspId: Type.String(),
        endorsingOrganizations: Type.Optional(Type.Array(Type.String())),
    },
    { additionalProperties: true },
);

/** What the operations endpoints need: the live peer check, the metrics and whether the app is closing. */
export interface OperationsRoutesOptions {
    readonly config: Pick<GatewayConfig, 'org' | 'mspId' | 'readiness'>;
    readonly health: () => Promise<LedgerHealth>;
    readonly metrics: GatewayMetrics;
    readonly isClosing: () => boolean;
}

/**
 * Unauthenticated operations endpoints: liveness (`/healthz`, the process answers), readiness (`/readyz`, the
 * peer runs the chaincode) and Prometheus metrics (`/metrics`).
 */
export async function operationsRoutes(app: FastifyInstance, options: OperationsRoutesOptions): Promise<void> {
    const { config, metrics, isClosing } = options;
    const checkPeer = peerCheck(options.health, config.readiness.cacheMs);
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
                summary: 'Readiness: the peer runs the chaincode (degraded: other organisations run it instead)',
                response: { 200: Readiness, 503: Problem },
            },
        },
        async () => {
            if (isClosing()) {
                throw new ProblemError('SHUTTING_DOWN', 'the gateway is shutting down');
            }
            let health: LedgerHealth;
            try {
                health = await checkPeer();
            } catch (error) {
                throw new ProblemError('NOT_READY', `peer check failed: ${(error as Error).message}`, {
                    headers: { 'retry-after': '2' },
                    cause: error,
                });
            }
            return { ...health, org: config.org, mspId: config.mspId };
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
            const text = await metrics.registry.metrics();
            return reply.type(metrics.registry.contentType).send(text);
        },
    );
}
