import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import { LENDLEDGER_CONSORTIUM } from '@lendledger/domain';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sealResolver } from '../anchors/seal-resolution.js';
import { MerkleWorkerPool } from '../anchors/merkle-worker-pool.js';
import { SealedBatchStore } from '../anchors/sealed-batches.js';
import { devJwks, loadOrCreateDevKey, type DevIssuerKey } from '../auth/dev-issuer.js';
import { createTokenVerifier } from '../auth/token-verifier.js';
import { type GatewayConfig } from '../config/gateway-config.js';
import { ConcurrencyLimiter } from '../fabric/concurrency-limiter.js';
import { withEndorsementFallback } from '../fabric/endorsement-fallback.js';
import { type LedgerClient } from '../fabric/ledger-client.js';
import { LedgerHeightWatch, observingCommits } from '../fabric/ledger-height.js';
import { TransactionRunner } from '../fabric/transaction-runner.js';
import { WriteCoalescer } from '../fabric/write-coalescer.js';
import { EVIDENCE_COALESCING } from './routes/evidence-coalescing.js';
import { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { JobQueue } from '../jobs/job-queue.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { type NotaryIdentity } from '../notary/notary-reports.js';
import { PeerAuthenticator } from '../peers/peer-authenticator.js';
import { type PeerIdentity } from '../peers/signed-request.js';
import { type TrustStore } from '@lendledger/verifier';
import { BlockTimestamps } from '../timestamps/block-timestamps.js';
import { stampingCommits } from '../timestamps/stamping-commits.js';
import { type TsaClient } from '../timestamps/tsa-client.js';
import { AJV_OPTIONS } from './ajv-options.js';
import { contentSecurityDirectives } from './content-security-policy.js';
import { registerDocs } from './plugins/docs.js';
import { clientErrorHandler, frameworkErrorsHandler } from './plugins/framework-errors.js';
import { convertTextNumbers } from './plugins/strict-numbers.js';
import { ProblemError } from '../errors/problem-error.js';
import { renderProblem, sendProblem } from './reply-problem.js';
import { operationsRoutes } from './routes/operations-routes.js';
import { peerRoutes } from './routes/peer-routes.js';
import { v1Api } from './routes/v1-routes.js';
import { appRoutes } from '../web/app-routes.js';
import { publicRoutes } from '../web/public-routes.js';
import { readServedRoots } from '../roots/served-roots.js';
import { receiptServiceOf } from './receipt-service-of.js';
import { type GatewayServices } from './services.js';
import './fastify-types.js';

/** What {@link buildApp} needs. The ledger is the seam: the Fabric connection in production, a fake in tests. */
export interface BuildAppOptions {
    readonly config: GatewayConfig;
    readonly ledger: LedgerClient;
    /** Fastify logger option; defaults to pino at `config.log.level`, with the Authorization header redacted. */
    readonly logger?: FastifyServerOptions['logger'];
    readonly metrics?: GatewayMetrics;
    /** The notary's signing identity and roots; only the Notary's gateway has one. */
    readonly notary?: NotaryIdentity;
    /** Other members' gateways: the roots that authenticate them, and this gateway's identity towards them. */
    readonly peers?: PeerLinks;
    /** The time-stamping authority (`timestamping.*`); without one, receipts and reports carry no token. */
    readonly tsa?: Pick<TsaClient, 'stamp'>;
    /** Waits between retries; tests pass an immediate one. */
    readonly sleep?: (millis: number) => Promise<void>;
    /** The sealed-batch hashing workers' script; tests pass one that fails. By default the gateway's own. */
    readonly hashWorkerUrl?: URL;
}

/** What a gateway needs to serve sealed leaves to other members and to fetch theirs; either part may be absent. */
export interface PeerLinks {
    /** The trust store of `roots.path`: its members' roots check signed requests' certificates. */
    readonly trust?: Pick<TrustStore, 'validate' | 'policy'>;
    readonly identity?: PeerIdentity;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds the gateway's Fastify application without listening: services (retries, limits, idempotency store,
 * jobs, metrics, token verification), security plugins, documentation, operations endpoints and the /v1 API.
 * Closing the app drains requests, stops jobs after their running transaction, and closes the ledger.
 *
 * @example const app = await buildApp({ config, ledger: connectLedger({ config, materials }) }); await app.listen(...)
 */
export async function buildApp(options: Readonly<BuildAppOptions>): Promise<FastifyInstance> {
    const { config } = options;
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    let closing = false;
    const metrics = options.metrics ?? new GatewayMetrics({ labels: { org: config.org } });
    const app = Fastify({
        logger: options.logger ?? {
            level: config.log.level,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
        },
        trustProxy: config.http.trustProxy,
        requestIdHeader: config.http.trustProxy ? 'x-request-id' : false,
        genReqId: (request) => {
            const given = config.http.trustProxy ? request.headers['x-request-id'] : undefined;
            return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
        },
        bodyLimit: config.limits.bodyLimitBytes,
        return503OnClosing: true,
        exposeHeadRoutes: false,
        ajv: AJV_OPTIONS,
        clientErrorHandler: clientErrorHandler(metrics),
        frameworkErrors: frameworkErrorsHandler(metrics),
    });
    app.addHook('onRoute', convertTextNumbers);
    const services = await createServices({ ...options, metrics }, app.log);
    app.decorateRequest('principal', null);
    app.setErrorHandler((error, request, reply) => sendProblem(reply, renderProblem(error, request, services.metrics)));
    app.setNotFoundHandler((request, reply) =>
        sendProblem(
            reply,
            renderProblem(
                new ProblemError('ROUTE_NOT_FOUND', `${request.method} ${request.url.split('?')[0]}`),
                request,
                services.metrics,
            ),
        ),
    );
    app.addHook('onRequest', async (request, reply) => {
        reply.header('x-request-id', request.id);
    });
    app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        services.metrics.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
    app.addHook('preClose', async () => {
        closing = true;
        // Writes waiting for a window go now: the app drains them with the other requests in flight.
        void Promise.all([...services.coalescers.values()].map((coalescer) => coalescer.drain()));
    });
    // While draining, each answer closes its connection, so keep-alive clients do not hold the shutdown open.
    app.addHook('onSend', async (_request, reply) => {
        if (closing) {
            reply.header('connection', 'close');
        }
    });
    app.addHook('onClose', async () => {
        await Promise.all([...services.coalescers.values()].map((coalescer) => coalescer.drain()));
        await services.jobs.close();
        await services.idempotency.close();
        await services.merkleWorkers.close();
        services.ledger.close();
    });

    await registerProtection(app, services);
    await registerDocs(app);
    const isClosing = (): boolean => closing;
    await app.register(operationsRoutes, { config, health: services.health, metrics: services.metrics, isClosing });
    if (services.devIssuer) {
        registerDevJwks(app, services.devIssuer);
    }
    // One receipt service for the signed-in and the public routes, so they share its fetcher's in-flight dedup.
    const receipts = receiptServiceOf(services);
    await app.register(v1Api, { services, receipts, isClosing });
    if (config.web.enabled) {
        await app.register(appRoutes, { config, ...(services.devIssuer ? { devIssuer: services.devIssuer } : {}) });
    }
    // The public look-up is an API of its own (a court's tool may call it too), so it does not hang on web.enabled.
    await app.register(publicRoutes, {
        web: config.web,
        limits: config.limits,
        receipts: config.web.publicReader === '' ? undefined : receipts,
        roots: await readServedRoots(config.roots.path),
    });
    if (services.peerAuthenticator) {
        await app.register(peerRoutes, {
            authenticator: services.peerAuthenticator,
            sealed: services.sealed,
            limits: config.limits,
        });
    }
    return app;
}

/**
 * The policy the roots bundle states when there is one (a consortium may have more than the founding five members,
 * and order with BFT consenters that only the bundle names).
 */
function consortiumOf(peers: PeerLinks | undefined): GatewayServices['consortium'] {
    return peers?.trust?.policy ?? LENDLEDGER_CONSORTIUM;
}

/** Builds the services from the options, with the metrics {@link buildApp} already made (its error handlers count too). */
async function createServices(
    options: Readonly<BuildAppOptions & { metrics: GatewayMetrics }>,
    log: FastifyBaseLogger,
): Promise<GatewayServices> {
    const { config, metrics } = options;
    const consortium = consortiumOf(options.peers);
    // The own peer's chaincode server may be down: endorse on other members then (any quorum of them suffices).
    const fallback = withEndorsementFallback(options.ledger, {
        mspId: config.mspId,
        organizations: consortium.organisations,
        quorum: consortium.requiredEndorsingOrganisations,
    });
    const heights = new LedgerHeightWatch({
        readHeight: () => options.ledger.chainHeight(),
        pollMs: config.consistency.pollMs,
    });
    const timestamps = options.tsa
        ? await BlockTimestamps.open({
              dir: join(config.dataDir, 'timestamps'),
              tsa: options.tsa,
              onError: (blockNumber, error) =>
                  log.warn({ blockNumber: String(blockNumber), err: error }, 'block not time-stamped after commit'),
          })
        : undefined;
    const observed = observingCommits(fallback, heights);
    const ledger = timestamps ? stampingCommits(observed, timestamps) : observed;
    const sleep = options.sleep ?? ((millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis)));
    const devIssuer = config.devIssuer.enabled ? await loadOrCreateDevKey(config.devIssuer.keyPath) : undefined;
    const tokens = createTokenVerifier({ ...config.auth, extraKeys: devIssuer ? devJwks(devIssuer) : undefined });
    const runner = new TransactionRunner({
        ledger,
        retry: config.retry,
        timeouts: config.timeouts,
        observer: metrics,
        sleep,
    });
    const { limits } = config;
    const submits = new ConcurrencyLimiter({
        name: 'submissions',
        maxInFlight: limits.maxInFlightSubmits,
        maxQueued: limits.maxQueuedSubmits,
        queueTimeoutMs: limits.queueTimeoutMs,
    });
    const coalescers = new Map<string, WriteCoalescer>();
    if (config.coalesce.windowMs > 0) {
        const coalescer = new WriteCoalescer({
            policy: EVIDENCE_COALESCING,
            runner,
            submits,
            windowMs: config.coalesce.windowMs,
            maxRecords: config.coalesce.maxRecords,
            maxBatchesInFlight: config.coalesce.maxBatchesInFlight,
            maxWaiting: config.coalesce.maxWaiting,
            observer: metrics,
        });
        coalescers.set(coalescer.transaction, coalescer);
        metrics.gauge(
            'gateway_coalesce_waiting',
            'Single writes waiting for a coalesced batch',
            () => coalescer.waiting,
        );
    }
    const evaluates = new ConcurrencyLimiter({
        name: 'evaluations',
        maxInFlight: limits.maxInFlightEvaluates,
        maxQueued: limits.maxQueuedEvaluates,
        queueTimeoutMs: limits.queueTimeoutMs,
    });
    const idempotency = await IdempotencyStore.open({
        file: join(config.dataDir, 'idempotency.jsonl'),
        ttlMs: config.idempotency.ttlHours * 3_600_000,
        waitMs: config.idempotency.waitMs,
        maxEntries: config.idempotency.maxEntries,
        fsync: config.idempotency.fsync,
    });
    const merkleWorkers = new MerkleWorkerPool({
        workers: config.limits.sealHashWorkers,
        timeoutMs: config.timeouts.sealHashMs,
        ...(options.hashWorkerUrl ? { workerUrl: options.hashWorkerUrl } : {}),
    });
    const sealed = await SealedBatchStore.open({
        dir: join(config.dataDir, 'sealed-batches'),
        bytesPerSubject: config.limits.subjectSealedBytes,
        cachedLeaves: config.limits.sealedCachedLeaves,
        buildTree: (leaves) => merkleWorkers.build(leaves),
        resolve: sealResolver(ledger, config.timeouts.commitStatusMs),
    });
    const jobs = await JobQueue.open({
        file: join(config.dataDir, 'jobs.jsonl'),
        runner,
        limiter: submits,
        concurrency: config.jobs.concurrency,
        retentionMs: config.jobs.retentionHours * 3_600_000,
        fsync: config.idempotency.fsync,
        metrics,
        log,
        sleep,
    });
    metrics.gauge('gateway_submissions_in_flight', 'Submissions running', () => submits.inFlight);
    metrics.gauge('gateway_submissions_queued', 'Submissions waiting for a slot', () => submits.queued);
    metrics.gauge('gateway_evaluations_in_flight', 'Evaluations running', () => evaluates.inFlight);
    metrics.gauge('gateway_jobs_unfinished', 'Jobs queued or running', () => jobs.unfinished);
    const { notary, peers } = options;
    const peerAuthenticator = peers?.trust
        ? new PeerAuthenticator({
              mspId: config.mspId,
              // The members the roots bundle names, not a list in code: the orderer organisation is none.
              members: peers.trust.policy.organisations,
              trust: peers.trust,
              maxSkewMs: config.peers.maxClockSkewSeconds * 1000,
          })
        : undefined;
    return {
        config,
        consortium,
        ledger,
        health: () => fallback.health(),
        heights,
        runner,
        submits,
        coalescers,
        evaluates,
        idempotency,
        jobs,
        sealed,
        merkleWorkers,
        metrics,
        tokens,
        devIssuer,
        notary,
        peerAuthenticator,
        peerIdentity: peers?.identity,
        ...(timestamps && options.tsa ? { timestamps, tsa: options.tsa } : {}),
        sleep,
    };
}

async function registerProtection(app: FastifyInstance, services: GatewayServices): Promise<void> {
    await app.register(helmet, {
        contentSecurityPolicy: { directives: { ...contentSecurityDirectives(services.config.web) } },
    });
    const maxEventLoopDelay = services.config.limits.maxEventLoopDelayMs;
    if (maxEventLoopDelay > 0) {
        await app.register(underPressure, {
            maxEventLoopDelay,
            retryAfter: 5,
            pressureHandler: (request, reply, type) => {
                const problem = new ProblemError('GATEWAY_SATURATED', `the gateway is under pressure (${type})`, {
                    headers: { 'retry-after': '5' },
                });
                sendProblem(reply, renderProblem(problem, request, services.metrics));
            },
        });
    }
}

function registerDevJwks(app: FastifyInstance, key: DevIssuerKey): void {
    app.get('/dev/jwks.json', { schema: { hide: true } }, async () => devJwks(key));
}
