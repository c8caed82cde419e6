import { CanonicalJsonError, ERROR_CATALOGUE } from '@lendledger/domain';
import { SaturatedError } from '../fabric/concurrency-limiter.js';
import {
    ChaincodeRejectedError,
    CommitStatusUnknownError,
    LedgerDeadlineError,
    LedgerError,
    LedgerFailedError,
    LedgerUnavailableError,
    TransactionConflictError,
    TransactionInvalidError,
} from '../fabric/ledger-errors.js';
import { GATEWAY_PROBLEMS, ProblemError, type GatewayProblemCode, type ProblemFields } from './problem-error.js';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** An RFC 9457 problem document with the gateway's stable `code`. */
export interface ProblemDocument {
    readonly type: string;
    readonly title: string;
    readonly status: number;
    readonly detail: string;
    readonly code: string;
    readonly [field: string]: unknown;
}

/** Status, headers and body of an error response. */
export interface ProblemResponse {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: ProblemDocument;
}

/** The `type` URI of a problem code. */
function problemType(code: string): string {
    return `urn:lendledger:problem:${code}`;
}

/**
 * THE table from errors to responses. Chaincode codes take their status and title from the domain
 * ERROR_CATALOGUE, the gateway's own from GATEWAY_PROBLEMS; Fastify's request errors (schema, body, media type)
 * become 4xx; ledger failures become 502/503/504. Only an error nobody anticipated is a 500.
 */
export function toProblem(error: unknown): ProblemResponse {
    if (error instanceof ProblemError) {
        return gatewayProblem(error.code, error.message, error.fields, error.headers);
    }
    if (error instanceof LedgerError) {
        return ledgerProblem(error);
    }
    if (error instanceof SaturatedError) {
        return gatewayProblem('GATEWAY_SATURATED', error.message, {}, retryAfter(error.retryAfterSeconds));
    }
    if (error instanceof CanonicalJsonError) {
        return gatewayProblem('VALIDATION_FAILED', error.message, {
            errors: [{ path: error.path, message: error.message }],
        });
    }
    return (
        requestProblem(error) ?? gatewayProblem('INTERNAL_ERROR', 'An unexpected error occurred; quote the request ID.')
    );
}

/** Builds a problem response for one of the gateway's own codes. */
function gatewayProblem(
    code: GatewayProblemCode,
    detail: string,
    fields: ProblemFields = {},
    headers: Readonly<Record<string, string>> = {},
): ProblemResponse {
    return problemOf({ code, ...GATEWAY_PROBLEMS[code] }, detail, fields, headers);
}

/** The response of a problem code with its status and title; `fields` never override the standard members. */
function problemOf(
    problem: Readonly<{ code: string; status: number; title: string }>,
    detail: string,
    fields: ProblemFields,
    headers: Readonly<Record<string, string>> = {},
): ProblemResponse {
    const { code, status, title } = problem;
    return { status, headers, body: { ...fields, type: problemType(code), title, status, detail, code } };
}

function ledgerProblem(error: LedgerError): ProblemResponse {
    const transactionId = error.transactionId;
    if (error instanceof ChaincodeRejectedError) {
        return chaincodeProblem(error);
    }
    if (error instanceof TransactionConflictError) {
        const fields = { transactionId, validationCode: error.codeName, attempts: error.attempts };
        return gatewayProblem('TRANSACTION_CONFLICT', error.message, fields, retryAfter(1));
    }
    if (error instanceof TransactionInvalidError) {
        return gatewayProblem('TRANSACTION_INVALID', error.message, { transactionId, validationCode: error.codeName });
    }
    if (error instanceof CommitStatusUnknownError) {
        // The gateway keeps the signed transaction: a repeat with the same key follows it to its outcome.
        const detail = `${error.message}; repeat the request with the same Idempotency-Key to learn the outcome`;
        return gatewayProblem('COMMIT_STATUS_UNKNOWN', detail, { transactionId }, retryAfter(2));
    }
    if (error instanceof LedgerUnavailableError) {
        return gatewayProblem('LEDGER_UNAVAILABLE', error.message, { step: error.step, transactionId }, retryAfter(2));
    }
    if (error instanceof LedgerDeadlineError) {
        return gatewayProblem('LEDGER_TIMEOUT', error.message, { step: error.step, transactionId }, retryAfter(2));
    }
    const peerMessages = error instanceof LedgerFailedError ? error.peerMessages : [];
    return gatewayProblem('ENDORSEMENT_FAILED', error.message, { step: error.step, transactionId, peerMessages });
}

function chaincodeProblem(error: ChaincodeRejectedError): ProblemResponse {
    const spec = ERROR_CATALOGUE[error.code];
    const fields = { details: error.details, transactionId: error.transactionId };
    if (!spec) {
        return gatewayProblem('CHAINCODE_ERROR_UNMAPPED', error.chaincodeMessage, {
            ...fields,
            chaincodeCode: error.code,
        });
    }
    return problemOf(spec, error.chaincodeMessage, fields);
}

interface FastifyLikeError {
    readonly statusCode?: number;
    readonly code?: string;
    readonly message?: string;
    readonly validation?: readonly { instancePath?: string; message?: string; params?: unknown }[];
    readonly validationContext?: string;
}

const STATUS_CODES: Readonly<Record<number, GatewayProblemCode>> = {
    404: 'ROUTE_NOT_FOUND',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
};

/** Fastify errors whose code says more than their status: a path @fastify/static refuses is a bad URL. */
const FRAMEWORK_CODES: Readonly<Record<string, GatewayProblemCode>> = {
    FST_STATIC_FORBIDDEN_PATH: 'MALFORMED_URL',
};

function codeOf(error: FastifyLikeError, status: number): GatewayProblemCode {
    const byCode = error.code === undefined ? undefined : FRAMEWORK_CODES[error.code];
    return byCode ?? STATUS_CODES[status] ?? 'MALFORMED_REQUEST';
}

function requestProblem(error: unknown): ProblemResponse | undefined {
    if (typeof error !== 'object' || error === null) {
        return undefined;
    }
    const candidate = error as FastifyLikeError;
    if (Array.isArray(candidate.validation)) {
        const location = candidate.validationContext ?? 'body';
        const errors = candidate.validation.map((item) => ({
            in: location,
            path: item.instancePath ?? '',
            message: item.message ?? 'is invalid',
        }));
        return gatewayProblem('VALIDATION_FAILED', candidate.message ?? 'invalid request', { errors });
    }
    const status = candidate.statusCode;
    if (typeof status !== 'number' || status < 400 || status >= 500) {
        return undefined;
    }
    return gatewayProblem(codeOf(candidate, status), candidate.message ?? 'bad request', {
        reason: candidate.code,
    });
}

function retryAfter(seconds: number): Readonly<Record<string, string>> {
    return { 'retry-after': String(seconds) };
}
