import { createHash, randomBytes } from 'node:crypto';
import { CodedError } from '@lendledger/domain';
import {
    decodeTimestampToken,
    parseTimestampReply,
    TIMESTAMP_QUERY_TYPE,
    timestampQuery,
    type TimestampReplyError,
    verifyTimestampToken,
    type TrustedTimestampAuthority,
} from '@lendledger/verifier';

/** No valid token could be had: the TSA is unreachable, refused, or answered with a token that does not verify. */
export class TimestampUnavailableError extends CodedError {
    constructor(message: string, options?: { cause?: unknown }) {
        super('TIMESTAMP_UNAVAILABLE', message, options);
    }
}

/** Where and how to ask for tokens. */
export interface TsaClientOptions {
    /** The TSA's RFC 3161 HTTP endpoint. */
    readonly url: string;
    /** The TSA's CA certificates: a token that does not chain to one is refused, not kept. */
    readonly authority: TrustedTimestampAuthority;
    readonly timeoutMs: number;
    /** `fetch`, replaced in tests. */
    readonly fetch?: typeof fetch;
}

/**
 * Asks an RFC 3161 TSA (any: the local network's or a commercial one) to date data: sends the SHA-256 imprint with a
 * fresh nonce and certReq, and accepts the answer only when it is granted, echoes the nonce, and the token verifies
 * against the configured CA, exactly as a verifier will check it later. A bad token is never kept.
 */
export class TsaClient {
    readonly #options: TsaClientOptions;
    readonly #fetch: typeof fetch;

    constructor(options: Readonly<TsaClientOptions>) {
        this.#options = options;
        this.#fetch = options.fetch ?? fetch;
    }

    /**
     * A DER TimeStampToken over `data`.
     *
     * @param what - how messages name the data.
     * @throws {@link TimestampUnavailableError} when no valid token could be had.
     */
    async stamp(data: Uint8Array, what: string): Promise<Uint8Array> {
        const imprint = new Uint8Array(createHash('sha256').update(data).digest());
        // A positive 63-bit nonce: an answer to another request (or a replayed one) is recognised.
        const nonce = randomBytes(8).readBigUInt64BE() >> 1n;
        const reply = await this.#ask(timestampQuery(imprint, { nonce, certReq: true }));
        if (reply.token === undefined) {
            const why = [...reply.failures, ...reply.statusText].join('; ') || `status ${reply.status}`;
            throw new TimestampUnavailableError(`the TSA refused to time-stamp ${what}: ${why}`);
        }
        let echoed: bigint | undefined;
        try {
            echoed = decodeTimestampToken(reply.token).tstInfo.nonce?.toBigInt();
        } catch (error) {
            // A granted answer whose token does not decode is the TSA's fault: unavailable, never a 500.
            throw new TimestampUnavailableError(
                `the TSA's token for ${what} does not decode: ${(error as Error).message}`,
                {
                    cause: error,
                },
            );
        }
        if (echoed !== nonce) {
            throw new TimestampUnavailableError(`the TSA's token for ${what} does not carry the request's nonce`);
        }
        const verdict = await verifyTimestampToken(reply.token, data, [this.#options.authority], what);
        if (!verdict.ok) {
            throw new TimestampUnavailableError(`the TSA's token for ${what} does not verify: ${verdict.reason}`);
        }
        return reply.token;
    }

    async #ask(query: Uint8Array): Promise<ReturnType<typeof parseTimestampReply>> {
        let body: Uint8Array;
        try {
            const response = await this.#fetch(this.#options.url, {
                method: 'POST',
                headers: { 'content-type': TIMESTAMP_QUERY_TYPE },
                body: query,
                signal: AbortSignal.timeout(this.#options.timeoutMs),
            });
            if (!response.ok) {
                throw new TimestampUnavailableError(`the TSA answered HTTP ${response.status}`);
            }
            body = new Uint8Array(await response.arrayBuffer());
        } catch (error) {
            throw error instanceof TimestampUnavailableError
                ? error
                : new TimestampUnavailableError(`the TSA cannot be reached: ${(error as Error).message}`, {
                      cause: error,
                  });
        }
        try {
            return parseTimestampReply(body);
        } catch (error) {
            throw new TimestampUnavailableError((error as TimestampReplyError).message, { cause: error });
        }
    }
}
