import { ProblemError } from '../errors/problem-error.js';
import { TimestampUnavailableError } from './tsa-client.js';

/**
 * The answer when a receipt or report needs a token the TSA does not give: 503 TIMESTAMP_UNAVAILABLE with
 * Retry-After. Only reads end so: writes never wait for the TSA. Any other error is passed on as it is.
 */
export function timestampProblem(error: unknown, what: string, retryAfterSeconds: number): unknown {
    if (!(error instanceof TimestampUnavailableError)) {
        return error;
    }
    return new ProblemError('TIMESTAMP_UNAVAILABLE', `${what} has no time-stamp token yet: ${error.message}`, {
        headers: { 'retry-after': String(retryAfterSeconds) },
        cause: error,
    });
}
