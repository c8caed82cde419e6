import { toProblem } from '../errors/problem.js';
import { ProblemError } from '../errors/problem-error.js';

/** The one answer for "no receipt here", whether the fingerprint is absent or the public reader may not read it. */
const NOT_FOUND_DETAIL = 'this gateway can give no receipt of this fingerprint';

/** The one answer for any failure of this gateway or the ledger behind it. */
const UNAVAILABLE_DETAIL = 'the public look-up cannot answer now; retry later';

/** Retry-After of an unavailable answer whose cause named none. */
const DEFAULT_RETRY_AFTER_SECONDS = '5';

/**
 * What a failed public look-up answers an anonymous caller. Every refusal of the look-up itself (a 4xx other than
 * 429: absent, forbidden, not anchored, not in the sealed batch) is one PUBLIC_RECEIPT_NOT_FOUND naming only the
 * fingerprint asked for. Everything else (429 and 5xx: the ledger, a peer, the sealer, the TSA, a bug) is one
 * fixed 503 PUBLIC_LOOKUP_UNAVAILABLE keeping only its Retry-After: a server problem's detail and fields
 * (chaincode messages, peer messages, MSP names, transaction IDs) are for the operator's log, not for anyone.
 *
 * @param fingerprint - the fingerprint the caller asked for; absent for a failure outside the receipt route.
 */
export function publicProblem(error: unknown, fingerprint?: string): ProblemError {
    const { status, headers } = toProblem(error);
    if (status >= 400 && status < 500 && status !== 429) {
        return new ProblemError('PUBLIC_RECEIPT_NOT_FOUND', NOT_FOUND_DETAIL, {
            fields: fingerprint === undefined ? {} : { fingerprint },
        });
    }
    return publicUnavailable(headers['retry-after']);
}

/** The fixed 503 PUBLIC_LOOKUP_UNAVAILABLE, with `retryAfter` when it is a whole number of seconds. */
export function publicUnavailable(retryAfter: string | undefined): ProblemError {
    const seconds = retryAfter !== undefined && /^\d{1,6}$/.test(retryAfter) ? retryAfter : DEFAULT_RETRY_AFTER_SECONDS;
    return new ProblemError('PUBLIC_LOOKUP_UNAVAILABLE', UNAVAILABLE_DETAIL, { headers: { 'retry-after': seconds } });
}
