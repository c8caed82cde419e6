import { CodedError } from '@lendledger/domain';

/**
 * Problems the gateway itself raises (chaincode codes come from the domain ERROR_CATALOGUE). Codes are stable:
 * clients branch on `code`, never on `title` or `detail`. None of them collides with a chaincode code.
 */
export const GATEWAY_PROBLEMS = {
    VALIDATION_FAILED: { status: 400, title: 'The request does not match the schema of this operation' },
    MALFORMED_REQUEST: { status: 400, title: 'The request body cannot be read' },
    MALFORMED_HTTP: { status: 400, title: 'The request is not well-formed HTTP/1.1' },
    MALFORMED_URL: { status: 400, title: 'The request URL cannot be decoded' },
    IDEMPOTENCY_KEY_INVALID: { status: 400, title: 'The Idempotency-Key header is malformed' },
    LEDGER_MIN_BLOCK_INVALID: { status: 400, title: 'The Ledger-Min-Block header is not a block number' },
    TOKEN_MISSING: { status: 401, title: 'A bearer token is required' },
    TOKEN_EXPIRED: { status: 401, title: 'The bearer token has expired' },
    TOKEN_INVALID: { status: 401, title: 'The bearer token is not valid here' },
    PEER_AUTH_MISSING: {
        status: 401,
        title: 'A request between gateways must carry a complete signed-request header set',
    },
    PEER_REQUEST_STALE: { status: 401, title: "The signed request's time is too far from this gateway's clock" },
    PEER_SIGNATURE_INVALID: {
        status: 401,
        title: 'The signature does not cover this request with the given certificate',
    },
    PEER_NONCE_REPLAYED: { status: 401, title: 'The signed request was already received once' },
    PEER_NOT_MEMBER: { status: 403, title: "The certificate does not chain to a member organisation's root" },
    PEER_ROLE_NOT_ALLOWED: {
        status: 403,
        title: 'The certificate is not of a peer, client or admin of its organisation',
    },
    WRONG_ORGANISATION: { status: 403, title: 'The token was issued for another organisation' },
    IDENTITY_NOT_FOUND: { status: 403, title: 'The token subject has no Fabric identity at this organisation' },
    ROLE_REQUIRED: { status: 403, title: 'The token lacks the role this operation needs' },
    ORGANISATION_NOT_ALLOWED: { status: 403, title: "This gateway's organisation may not perform this operation" },
    ROUTE_NOT_FOUND: { status: 404, title: 'No operation has this method and path' },
    SEALED_PROOF_NOT_FOUND: { status: 404, title: 'The fingerprint is not in a batch this gateway sealed' },
    SEALED_BATCH_NOT_HELD: { status: 404, title: 'This gateway holds no leaves of the sealed batch' },
    JOB_NOT_FOUND: { status: 404, title: 'No job has this identifier' },
    ROOTS_NOT_CONFIGURED: { status: 404, title: 'This gateway is configured with no roots bundle' },
    APP_NOT_BUILT: { status: 404, title: 'The web application is not built on this gateway' },
    PUBLIC_LOOKUP_DISABLED: { status: 404, title: 'This gateway offers no public look-up (web.publicReader is empty)' },
    PUBLIC_RECEIPT_NOT_FOUND: { status: 404, title: 'No receipt of this fingerprint can be given here' },
    IDEMPOTENCY_REQUEST_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still running' },
    TRANSACTION_CONFLICT: { status: 409, title: 'The transaction kept conflicting with concurrent writes' },
    REQUEST_TIMEOUT: { status: 408, title: 'The request did not arrive in time' },
    PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
    SEALED_STORAGE_EXCEEDED: {
        status: 413,
        title: 'The sealed leaves would exceed the disk this gateway allows the token subject',
    },
    URI_TOO_LONG: { status: 414, title: 'A path segment of the request URL is too long' },
    UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request content type is not supported here' },
    IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used for a different request' },
    RECONCILIATION_TOO_LARGE: {
        status: 422,
        title: 'The window holds more consent uses than one reconciliation reads',
    },
    RATE_LIMITED: { status: 429, title: 'Too many requests' },
    HEADERS_TOO_LARGE: { status: 431, title: 'The request line and headers are too large' },
    INTERNAL_ERROR: { status: 500, title: 'The gateway failed unexpectedly' },
    REPORT_RENDER_FAILED: { status: 500, title: "The notary report's PDF could not be drawn" },
    ENDORSEMENT_FAILED: { status: 502, title: 'The ledger could not endorse the transaction' },
    RECEIPT_UNAVAILABLE: {
        status: 502,
        title: 'The block from the peer does not yield a receipt for this fingerprint',
    },
    SEALER_UNREACHABLE: {
        status: 502,
        title: "The gateway of the batch's sealer is not configured or did not hand over the leaves",
    },
    SEALER_LEAVES_REFUSED: {
        status: 502,
        title: "The sealer's leaves do not make the root and size the ledger records for the batch",
    },
    TRANSACTION_INVALID: { status: 502, title: 'The transaction was ordered but committed invalid' },
    CHAINCODE_ERROR_UNMAPPED: {
        status: 502,
        title: 'The chaincode answered with an error code this gateway does not know',
    },
    LEDGER_UNAVAILABLE: { status: 503, title: 'The peer cannot be reached' },
    GATEWAY_SATURATED: { status: 503, title: 'The gateway is at its concurrency limit' },
    PUBLIC_LOOKUP_UNAVAILABLE: { status: 503, title: 'The public look-up cannot answer now' },
    EVENT_STREAMS_EXHAUSTED: { status: 503, title: 'The gateway already serves as many event streams as it allows' },
    SHUTTING_DOWN: { status: 503, title: 'The gateway is shutting down' },
    TIMESTAMP_UNAVAILABLE: {
        status: 503,
        title: 'The time-stamping authority gave no valid token; the write itself is on the ledger',
    },
    REPORT_RENDER_BUSY: {
        status: 503,
        title: 'As many notary report PDFs as the gateway queues are already being drawn or waiting',
    },
    SEAL_HASHING_FAILED: {
        status: 503,
        title: "The sealed batch's Merkle tree could not be computed (a hashing worker died or ran out of time)",
    },
    REPORT_RENDER_TIMEOUT: { status: 503, title: "The notary report's PDF was not drawn within the render deadline" },
    ISSUER_UNAVAILABLE: { status: 503, title: 'The token issuer keys cannot be fetched' },
    NOT_READY: { status: 503, title: 'The gateway cannot reach the ledger' },
    LEDGER_MIN_BLOCK_NOT_REACHED: {
        status: 503,
        title: "The organisation's peer has not yet committed the block named by Ledger-Min-Block",
    },
    COMMIT_STATUS_UNKNOWN: {
        status: 503,
        title: 'The transaction was sent but has not committed yet; repeat with the same Idempotency-Key',
    },
    LEDGER_TIMEOUT: { status: 504, title: 'The ledger did not answer in time' },
} as const satisfies Record<string, { status: number; title: string }>;

/** A problem code of the gateway itself. */
export type GatewayProblemCode = keyof typeof GATEWAY_PROBLEMS;

/** Extension members of a problem document. */
export type ProblemFields = Readonly<Record<string, unknown>>;

/**
 * An error the gateway raises on purpose: a stable problem code, a message for people, and fields to act on. It
 * follows the domain's one error-class pattern ({@link CodedError}: `name` from the class, `code`, data, `cause`).
 */
export class ProblemError extends CodedError {
    declare readonly code: GatewayProblemCode;
    /** The code's status in GATEWAY_PROBLEMS; Fastify reads it to set the reply code before the error handler runs. */
    readonly status: number;
    readonly fields: ProblemFields;
    readonly headers: Readonly<Record<string, string>>;

    constructor(
        code: GatewayProblemCode,
        detail: string,
        options: Readonly<{ fields?: ProblemFields; headers?: Record<string, string>; cause?: unknown }> = {},
    ) {
        super(code, detail, { cause: options.cause });
        this.status = GATEWAY_PROBLEMS[code].status;
        this.fields = options.fields ?? {};
        this.headers = options.headers ?? {};
    }
}
