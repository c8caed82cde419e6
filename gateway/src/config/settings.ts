import {
    LENDLEDGER_CONSORTIUM,
    MAX_ANCHOR_BATCH,
    MAX_CASE_BATCH,
    MAX_EVIDENCE_BATCH,
    MAX_SEALED_BATCH,
    MEMBER_ROLES,
} from '@lendledger/domain';
import { DEFAULT_REPORT_FONT_PATH } from '@lendledger/verifier/report';
import { flag, gatewayUrls, identities, integer, list, oneOf, path, text } from './setting-types.js';

/** Signature algorithms a token may use. Symmetric algorithms and `none` are not offered. */
const TOKEN_ALGORITHMS = ['ES256', 'ES384', 'EdDSA', 'Ed25519', 'RS256', 'PS256'] as const;

const MINUTE = 60_000;

/**
 * Every setting of the gateway, with its default; a setting without a default is required. Each is read from the
 * JSON configuration file (`GATEWAY_CONFIG`, or `--config <file>`) at its dotted path, and overridden by the
 * environment variable `GATEWAY_` + the path in upper snake case (`peer.tlsRootCertPath` →
 * `GATEWAY_PEER_TLS_ROOT_CERT_PATH`). Relative paths in the file resolve against the file's folder.
 * gateway/README.md lists the same table.
 */
export const SETTINGS = {
    org: text('Organisation key this process serves (e.g. bank); tokens must name it in their org claim'),
    mspId: text("The organisation's MSP ID (e.g. BankMSP)"),
    // The roles the membership registry gives the organisation decide what its gateway offers, not its MSP ID.
    roles: list(
        "The organisation's membership roles (e.g. notary); only a notary's gateway issues notary reports",
        [],
        MEMBER_ROLES,
    ),
    mode: oneOf(
        'production, or development (allows the development token issuer)',
        ['production', 'development'],
        'production',
    ),
    // The consortium's channel and chaincode, the ones the network commits and the verifier expects.
    channel: text('Channel name', LENDLEDGER_CONSORTIUM.channel),
    chaincode: text('Chaincode name', LENDLEDGER_CONSORTIUM.chaincode),

    'peer.endpoint': text("The organisation's gateway peer, host:port", undefined, /^[^\s:]+:\d{1,5}$/),
    'peer.tlsRootCertPath': path("PEM file of the peer's TLS root CA"),
    'peer.hostAlias': text('TLS server name to expect when it differs from the endpoint host', ''),
    'peer.keepaliveMs': integer(
        'gRPC keepalive interval (the peer allows at most one ping a minute)',
        120_000,
        60_000,
        3_600_000,
    ),
    'peer.reconnectMaxMs': integer(
        'Longest wait between attempts to reconnect to the peer (gRPC back-off cap)',
        2_000,
        100,
        120_000,
    ),
    'peer.staleAfterMs': integer(
        'How long calls may time out with no answer from the peer before the connection is replaced by a new one',
        10_000,
        1_000,
        10 * MINUTE,
    ),

    identities: identities('Fabric identities keyed by token subject: { "<subject>": { certPath, keyPath } }'),

    'listen.host': text('Address to listen on', '127.0.0.1'),
    'listen.port': integer('Port to listen on (0 = any free port)', 8080, 0, 65_535),

    'auth.issuer': text('Expected token issuer (iss)'),
    'auth.audience': text('Expected token audience (aud)', 'lendledger-gateway'),
    'auth.algorithms': list('Accepted token signature algorithms', ['ES256', 'EdDSA'], TOKEN_ALGORITHMS),
    'auth.jwksUrl': text('URL of the issuer JWKS (one of jwksUrl / jwksPath, unless the development issuer is on)', ''),
    'auth.jwksPath': path('File holding the issuer JWKS', ''),
    'auth.orgClaim': text('Claim naming the organisation of the token (org key or MSP ID)', 'org'),
    'auth.rolesClaim': text('Claim listing roles (array or space-separated string)', 'roles'),
    'auth.clockToleranceSeconds': integer('Clock skew allowed on exp/nbf/iat', 30, 0, 300),
    'auth.maxTokenLifetimeSeconds': integer(
        'Longest token lifetime (exp - iat) accepted; tokens must then carry iat. 0 accepts any lifetime',
        86_400,
        0,
        366 * 86_400,
    ),
    'auth.jwksTimeoutMs': integer('Timeout fetching the JWKS URL', 5_000, 100, MINUTE),

    'devIssuer.enabled': flag('Development token issuer (mode must be development)', false),
    'devIssuer.keyPath': path(
        'Private JWK of the development issuer; created on first use',
        '',
        '<dataDir>/dev-issuer/signing-key.json',
    ),
    'devIssuer.tokenTtlSeconds': integer('Lifetime of development tokens', 3_600, 60, 86_400),

    dataDir: path('Folder for the idempotency store, job records and the development key', '', '.data/gateway/<org>'),

    'timeouts.evaluateMs': integer('gRPC deadline of an evaluate', 5_000, 100, 10 * MINUTE),
    'timeouts.endorseMs': integer('gRPC deadline of an endorsement', 15_000, 100, 10 * MINUTE),
    'timeouts.submitMs': integer('gRPC deadline of a submit to the orderer', 5_000, 100, 10 * MINUTE),
    'timeouts.commitStatusMs': integer(
        'Longest commit-status wait before the same signed transaction is submitted again',
        5_000,
        100,
        10 * MINUTE,
    ),
    'timeouts.writeMs': integer(
        'Longest a write waits for its commit; then 503 COMMIT_STATUS_UNKNOWN, and its key resumes it',
        20_000,
        100,
        10 * MINUTE,
    ),
    'timeouts.eventsMs': integer('gRPC deadline to open an event stream', 10_000, 100, 10 * MINUTE),
    'timeouts.sealHashMs': integer(
        "Longest a sealed batch's Merkle tree may take in the hashing workers before 503 SEAL_HASHING_FAILED",
        60_000,
        100,
        10 * MINUTE,
    ),

    'retry.conflictAttempts': integer('Fresh proposals when a commit loses an MVCC/phantom conflict', 5, 1, 20),
    'retry.disagreementMs': integer(
        'How long a write endorses afresh while its endorsers disagree (another peer a block behind) before 503',
        10_000,
        0,
        10 * MINUTE,
    ),
    'retry.submitAttempts': integer('Attempts to hand the same signed transaction to the orderer', 3, 1, 10),
    'retry.unavailableAttempts': integer(
        'Attempts of an evaluate or endorsement while the peer is unavailable',
        2,
        1,
        10,
    ),
    'retry.backoffMs': integer('First retry delay; doubles per attempt, with jitter', 100, 0, MINUTE),
    'retry.maxBackoffMs': integer('Largest retry delay', 2_000, 0, MINUTE),

    'limits.maxInFlightSubmits': integer('Submissions running at once', 64, 1, 10_000),
    'limits.maxQueuedSubmits': integer('Submissions waiting for a slot before 503', 256, 0, 100_000),
    'limits.maxInFlightEvaluates': integer('Evaluations running at once', 256, 1, 10_000),
    'limits.maxQueuedEvaluates': integer('Evaluations waiting for a slot before 503', 1_024, 0, 100_000),
    'limits.queueTimeoutMs': integer('Longest wait for a slot before 503', 5_000, 0, 10 * MINUTE),
    'limits.bodyLimitBytes': integer('Largest JSON request body', 32 * 1024 * 1024, 1_024, 1024 * 1024 * 1024),
    'limits.uploadLimitBytes': integer('Largest file hashed by POST /v1/verify', 1024 * 1024 * 1024, 1, 64 * 1024 ** 3),
    'limits.maxSealedBatch': integer(
        'Fingerprints one sealed batch (POST /v1/anchors/sealed) may hold, and the most of a batch fetched from its sealer',
        1_000_000,
        1,
        MAX_SEALED_BATCH,
    ),
    'limits.sealedBodyLimitBytes': integer(
        'Largest request body of a sealed batch',
        128 * 1024 * 1024,
        1_024,
        4 * 1024 ** 3,
    ),
    'limits.subjectSealedBytes': integer(
        'Bytes of sealed-batch leaves one token subject may keep on this gateway; a batch beyond gets 413',
        4 * 1024 ** 3,
        1_024,
        1024 ** 4,
    ),
    'limits.maxConcurrentSeals': integer(
        'Sealed batches read and hashed at once (about 450 MB each at 1,000,000 fingerprints); more get 503',
        2,
        1,
        64,
    ),
    'limits.sealHashWorkers': integer(
        "Worker threads that hash sealed batches' Merkle trees, off the event loop (one per core to spare)",
        2,
        1,
        64,
    ),
    'limits.sealedCachedLeaves': integer(
        'Leaves of sealed-batch proof trees kept in memory, summed over the batches (about 160 bytes each)',
        1_000_000,
        1_000,
        100_000_000,
    ),
    'limits.readRateLimitMax': integer(
        'Reads (GET, HEAD) per subject (or address) per window; 0 disables',
        30_000,
        0,
        10_000_000,
    ),
    'limits.writeRateLimitMax': integer(
        'Writes (every other method) per subject (or address) per window; 0 disables',
        7_200,
        0,
        10_000_000,
    ),
    'limits.addressRateLimitMax': integer(
        'Requests per client address per window, counted before authentication (so bad tokens count too); 0 disables',
        60_000,
        0,
        10_000_000,
    ),
    'limits.rateLimitWindowMs': integer('Rate-limit window', MINUTE, 1_000, 60 * MINUTE),
    'limits.maxEventLoopDelayMs': integer(
        'Event-loop delay above which requests get 503; 0 disables',
        1_000,
        0,
        MINUTE,
    ),
    'limits.maxSseClients': integer('Concurrent event-stream clients', 100, 1, 10_000),

    'coalesce.windowMs': integer(
        'How long a single POST /v1/evidence waits for others to share its batch transaction (Evidence:RegisterBatch); 0 = one transaction per request',
        20,
        0,
        MINUTE,
    ),
    'coalesce.maxRecords': integer(
        `Records in one coalesced batch transaction; a batch this full goes at once (chaincode maximum ${MAX_EVIDENCE_BATCH})`,
        500,
        1,
        MAX_EVIDENCE_BATCH,
    ),
    'coalesce.maxBatchesInFlight': integer(
        'Coalesced batch transactions running at once; while that many run, waiting writes gather into fuller batches',
        2,
        1,
        10_000,
    ),
    'coalesce.maxWaiting': integer(
        'Single writes waiting for a coalesced batch; one more is refused at once with 503 GATEWAY_SATURATED and Retry-After',
        2_000,
        1,
        1_000_000,
    ),
    'jobs.evidenceThreshold': integer(
        'Evidence batch items above which the batch becomes a job',
        MAX_EVIDENCE_BATCH,
        1,
        1_000_000,
    ),
    'jobs.evidenceChunkSize': integer(
        `Evidence items per transaction in a job (chaincode maximum ${MAX_EVIDENCE_BATCH})`,
        MAX_EVIDENCE_BATCH,
        1,
        MAX_EVIDENCE_BATCH,
    ),
    'jobs.anchorThreshold': integer(
        'Fingerprints above which an anchor request becomes a job',
        MAX_ANCHOR_BATCH,
        1,
        10_000_000,
    ),
    'jobs.anchorChunkSize': integer(
        `Fingerprints per anchor in a job (chaincode maximum ${MAX_ANCHOR_BATCH})`,
        MAX_ANCHOR_BATCH,
        1,
        MAX_ANCHOR_BATCH,
    ),
    'jobs.caseThreshold': integer('Cases above which a bulk filing becomes a job', MAX_CASE_BATCH, 1, 1_000_000),
    'jobs.caseChunkSize': integer(
        `Cases per transaction in a job (chaincode maximum ${MAX_CASE_BATCH})`,
        MAX_CASE_BATCH,
        1,
        MAX_CASE_BATCH,
    ),
    'jobs.concurrency': integer('Jobs processed at once', 2, 1, 64),
    'jobs.retentionHours': integer('How long finished jobs stay readable', 168, 1, 24 * 365),

    'idempotency.ttlHours': integer('How long an Idempotency-Key and its response are kept', 24, 1, 24 * 30),
    'idempotency.waitMs': integer(
        'How long a concurrent duplicate waits for the first request before 409',
        10_000,
        0,
        10 * MINUTE,
    ),
    'idempotency.maxEntries': integer(
        'Most keys kept; beyond it the oldest answered go first, never one whose write is unresolved',
        100_000,
        100,
        10_000_000,
    ),
    'idempotency.fsync': flag('fsync the idempotency journal after every record', true),

    'events.heartbeatMs': integer('Comment line sent to idle event streams', 15_000, 1_000, 10 * MINUTE),
    'events.reconnectInitialMs': integer('First delay before reopening a failed event stream', 500, 10, MINUTE),
    'events.reconnectMaxMs': integer('Largest delay between event-stream reconnects', 15_000, 10, 10 * MINUTE),
    'events.accessCacheMs': integer(
        "How long an event stream reuses the chaincode's answer to whether a subject may read an event's object",
        10_000,
        0,
        10 * MINUTE,
    ),

    'readiness.cacheMs': integer('How long a peer check result is reused by /readyz', 2_000, 0, MINUTE),
    'consistency.maxWaitMs': integer(
        "Longest wait for the peer to reach a request's Ledger-Min-Block before 503",
        10_000,
        0,
        MINUTE,
    ),
    'consistency.pollMs': integer('How often the peer height is read while requests wait for a block', 200, 10, 10_000),
    'shutdown.timeoutMs': integer(
        'Longest graceful shutdown before the process exits anyway',
        30_000,
        1_000,
        10 * MINUTE,
    ),
    'log.level': oneOf('Log level', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    'http.trustProxy': flag(
        'Trust X-Forwarded-* and X-Request-Id from a proxy in front; only behind a proxy that overwrites X-Forwarded-For',
        false,
    ),
    'timestamping.url': text(
        'RFC 3161 time-stamping authority (POST application/timestamp-query); empty: receipts carry no token',
        '',
    ),
    'timestamping.caPath': path(
        "PEM file of the TSA's CA certificate(s); tokens that do not chain to one are refused",
        '',
    ),
    'timestamping.timeoutMs': integer('Longest wait for one answer of the TSA', 10_000, 100, MINUTE),
    'timestamping.retryAfterSeconds': integer(
        'Retry-After of a receipt or report refused while the TSA cannot be reached',
        30,
        1,
        3_600,
    ),
    'roots.path': path(
        'Roots bundle (lendledger-roots/3, or /2 of an older network) the gateway trusts: served at GET /v1/roots, copied into case packages, what notary reports verify against; empty: notary.rootsPath or package.rootsPath',
        '',
    ),
    'notary.rootsPath': path('Older name of roots.path, still read', ''),
    'notary.signingIdentity': text(
        'Identity (a key of identities) whose key and certificate sign notary reports; needs roots.path',
        '',
    ),
    'notary.maxFingerprints': integer('Fingerprints one notary report may cover', 500, 1, 10_000),
    // Debian's fonts-wqy-microhei (scripts/start.sh installs it); the report's PDF embeds a subset of it.
    'notary.reportFontPath': path(
        'TrueType CJK font (or collection) whose glyphs the notary report PDF embeds; read at start-up when reports are issued',
        DEFAULT_REPORT_FONT_PATH,
    ),
    // A 50-record report takes 2-3 s to draw and notary.maxFingerprints allows ten times that many.
    'notary.renderTimeoutMs': integer(
        "Longest a notary report's PDF may take to be drawn, waiting for the render worker included",
        120_000,
        1_000,
        30 * MINUTE,
    ),
    'notary.renderQueueLimit': integer(
        'Notary report PDFs that may wait while the render worker draws one; more are refused with 503 REPORT_RENDER_BUSY',
        4,
        0,
        100,
    ),
    'consent.reconciliationMaxUses': integer(
        'Consent uses one reconciliation report may read (POST /v1/consents/reconciliation); a window holding more is refused with 422 RECONCILIATION_TOO_LARGE',
        10_000,
        1,
        100_000,
    ),
    'package.rootsPath': path('Older name of roots.path, still read', ''),
    'web.enabled': flag(
        'Serve the web application under /app (the public verification page and the signed-in pages)',
        true,
    ),
    'web.root': path(
        'Folder of the built web application (vite build output)',
        '',
        '<the @lendledger/web package>/dist',
    ),
    'web.oidc.issuer': text(
        'OIDC issuer the web application signs users in with (authorization code + PKCE); production',
        '',
    ),
    'web.oidc.clientId': text('OIDC client ID of the web application (a public client)', ''),
    'web.oidc.scope': text('Scopes the web application asks the OIDC issuer for', 'openid'),
    'web.oidc.resource': text(
        'Resource indicator (RFC 8707) the web application asks access tokens for; empty: none (the issuer must then give its access tokens auth.audience by default)',
        '',
    ),
    'web.oidc.connectOrigins': list(
        "Origins besides the issuer's that the browser must reach during sign-in (token or JWKS endpoint on another origin); added to the Content-Security-Policy connect-src",
        [],
    ),
    'web.publicReader': text(
        'Identity (a key of identities) under which the public, sign-in-free receipt look-up reads; empty: no public look-up',
        '',
    ),
    'web.publicRateLimitMax': integer(
        'Public look-ups one client address may make per limits.rateLimitWindowMs (IPv6: per /64)',
        30,
        1,
        100_000,
    ),
    'web.publicMaxInFlight': integer(
        'Public requests (look-ups and roots) running at once; beyond it 503 PUBLIC_LOOKUP_UNAVAILABLE with Retry-After',
        8,
        1,
        1_000,
    ),
    'peers.signingIdentity': text(
        "Identity (a key of identities) whose key and certificate sign requests to other members' gateways",
        '',
    ),
    'peers.gateways': gatewayUrls(
        'Member gateways { "<MSP ID>": "<base URL>" }, where sealed leaves are fetched from their sealer',
    ),
    'peers.maxClockSkewSeconds': integer(
        "How far a signed request's time may be from this gateway's clock, either way",
        60,
        1,
        600,
    ),
    'peers.fetchTimeoutMs': integer(
        "Longest wait for a sealer to hand over a batch's leaves",
        120_000,
        1_000,
        30 * MINUTE,
    ),
} as const;

/** Name of a setting. */
export type SettingKey = keyof typeof SETTINGS;

/** The environment variable of a setting: `GATEWAY_` + its path in upper snake case. */
export function envNameOf(key: string): string {
    return `GATEWAY_${key
        .replace(/\./g, '_')
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .toUpperCase()}`;
}

/** How messages name a setting: its path and its environment variable, e.g. `org (GATEWAY_ORG)`. */
export function settingLabel(key: SettingKey): string {
    return `${key} (${envNameOf(key)})`;
}
