import { type IdentityPaths } from './setting-types.js';

/** A role a token may grant. `admin` includes the other two. */
export type Role = 'submitter' | 'auditor' | 'admin';

/** The gateway's configuration, as {@link loadConfig} builds it from SETTINGS. */
export interface GatewayConfig {
    readonly org: string;
    readonly mspId: string;
    /** The organisation's membership roles, as the consortium's registry gives them (e.g. `notary`). */
    readonly roles: readonly string[];
    readonly mode: 'production' | 'development';
    readonly channel: string;
    readonly chaincode: string;
    readonly peer: {
        readonly endpoint: string;
        readonly tlsRootCertPath: string;
        readonly hostAlias: string;
        readonly keepaliveMs: number;
        readonly reconnectMaxMs: number;
        readonly staleAfterMs: number;
    };
    readonly identities: Readonly<Record<string, IdentityPaths>>;
    readonly listen: { readonly host: string; readonly port: number };
    readonly auth: {
        readonly issuer: string;
        readonly audience: string;
        readonly algorithms: readonly string[];
        readonly jwksUrl: string;
        readonly jwksPath: string;
        readonly orgClaim: string;
        readonly rolesClaim: string;
        readonly clockToleranceSeconds: number;
        readonly maxTokenLifetimeSeconds: number;
        readonly jwksTimeoutMs: number;
    };
    readonly devIssuer: { readonly enabled: boolean; readonly keyPath: string; readonly tokenTtlSeconds: number };
    readonly dataDir: string;
    readonly timeouts: {
        readonly evaluateMs: number;
        readonly endorseMs: number;
        readonly submitMs: number;
        readonly commitStatusMs: number;
        readonly writeMs: number;
        readonly eventsMs: number;
        readonly sealHashMs: number;
    };
    readonly retry: RetryPolicy;
    readonly limits: {
        readonly maxInFlightSubmits: number;
        readonly maxQueuedSubmits: number;
        readonly maxInFlightEvaluates: number;
        readonly maxQueuedEvaluates: number;
        readonly queueTimeoutMs: number;
        readonly bodyLimitBytes: number;
        readonly uploadLimitBytes: number;
        readonly maxSealedBatch: number;
        readonly sealedBodyLimitBytes: number;
        readonly subjectSealedBytes: number;
        readonly maxConcurrentSeals: number;
        readonly sealHashWorkers: number;
        readonly sealedCachedLeaves: number;
        readonly readRateLimitMax: number;
        readonly writeRateLimitMax: number;
        readonly addressRateLimitMax: number;
        readonly rateLimitWindowMs: number;
        readonly maxEventLoopDelayMs: number;
        readonly maxSseClients: number;
    };
    /** Coalescing of concurrent single writes into batch transactions; `windowMs` 0 turns it off. */
    readonly coalesce: {
        readonly windowMs: number;
        readonly maxRecords: number;
        readonly maxBatchesInFlight: number;
        readonly maxWaiting: number;
    };
    readonly jobs: {
        readonly evidenceThreshold: number;
        readonly evidenceChunkSize: number;
        readonly anchorThreshold: number;
        readonly anchorChunkSize: number;
        readonly caseThreshold: number;
        readonly caseChunkSize: number;
        readonly concurrency: number;
        readonly retentionHours: number;
    };
    readonly idempotency: {
        readonly ttlHours: number;
        readonly waitMs: number;
        readonly maxEntries: number;
        readonly fsync: boolean;
    };
    readonly events: {
        readonly heartbeatMs: number;
        readonly reconnectInitialMs: number;
        readonly reconnectMaxMs: number;
        readonly accessCacheMs: number;
    };
    readonly readiness: { readonly cacheMs: number };
    readonly consistency: { readonly maxWaitMs: number; readonly pollMs: number };
    readonly shutdown: { readonly timeoutMs: number };
    readonly log: { readonly level: string };
    readonly http: { readonly trustProxy: boolean };
    readonly peers: {
        readonly signingIdentity: string;
        readonly gateways: Readonly<Record<string, string>>;
        readonly maxClockSkewSeconds: number;
        readonly fetchTimeoutMs: number;
    };
    readonly web: {
        readonly enabled: boolean;
        readonly root: string;
        readonly oidc: {
            readonly issuer: string;
            readonly clientId: string;
            readonly scope: string;
            readonly resource: string;
            /** Origins (`https://host[:port]`) the sign-in may reach besides the issuer's. */
            readonly connectOrigins: readonly string[];
        };
        readonly publicReader: string;
        readonly publicRateLimitMax: number;
        /** Public requests running at once. */
        readonly publicMaxInFlight: number;
    };
    readonly timestamping: {
        readonly url: string;
        readonly caPath: string;
        readonly timeoutMs: number;
        readonly retryAfterSeconds: number;
    };
    /** The roots bundle the gateway trusts and serves; '' for none. */
    readonly roots: { readonly path: string };
    /** `rootsPath` is the older name of `roots.path`, which holds its value when it was given. */
    readonly notary: {
        readonly rootsPath: string;
        readonly signingIdentity: string;
        readonly maxFingerprints: number;
        readonly reportFontPath: string;
        readonly renderTimeoutMs: number;
        readonly renderQueueLimit: number;
    };
    /** `rootsPath` is the older name of `roots.path`, which holds its value when it was given. */
    readonly package: { readonly rootsPath: string };
    /** Bound of a grantee's reconciliation report (POST /v1/consents/reconciliation). */
    readonly consent: { readonly reconciliationMaxUses: number };
}

/** How transactions are retried; every bound but `disagreementMs` is an attempt count (1 = no retry). */
export interface RetryPolicy {
    readonly conflictAttempts: number;
    /** How long fresh proposals follow one another while the endorsers disagree (one of them a block behind). */
    readonly disagreementMs: number;
    readonly submitAttempts: number;
    readonly unavailableAttempts: number;
    readonly backoffMs: number;
    readonly maxBackoffMs: number;
}
