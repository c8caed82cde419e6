import { canonicalJson } from '@lendledger/domain';
import { createHash } from 'node:crypto';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type TransactionCall } from '../fabric/ledger-client.js';
import { type SubmitResult } from '../fabric/transaction-runner.js';
import { type ExecutionContext, type StoredResponse } from '../idempotency/idempotency-store.js';
import { BLOCK_HEADER, MIN_BLOCK_HEADER, MinBlockHeader, waitsStartedAt } from './min-block.js';
import { callerOf } from './plugins/authentication.js';
import { PROBLEM_MEDIA_TYPE } from '../errors/problem.js';
import { ProblemError } from '../errors/problem-error.js';
import { renderProblem } from './reply-problem.js';
import { type ConcurrencyLimiter } from '../fabric/concurrency-limiter.js';
import { type TransactionRunner } from '../fabric/transaction-runner.js';
import { type IdempotencyStore } from '../idempotency/idempotency-store.js';
import { type GatewayMetrics } from '../metrics/gateway-metrics.js';

/** The media type of every JSON answer the write path stores and replays. */
export const JSON_TYPE = 'application/json; charset=utf-8';
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const NON_CACHEABLE_CODES = new Set(['TRANSACTION_CONFLICT', 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 'RATE_LIMITED']);

/** What the shared write path needs: the idempotency store, the submission limit, the runner and the metrics. */
export interface WritePath {
    readonly idempotency: Pick<IdempotencyStore, 'run'>;
    readonly submits: Pick<ConcurrencyLimiter, 'run'>;
    readonly runner: Pick<TransactionRunner, 'writeDeadline' | 'resume' | 'submit'>;
    readonly metrics: GatewayMetrics;
}

/** The request headers every write route documents: `Idempotency-Key`, `Ledger-Min-Block`, other headers allowed. */
export const IdempotencyHeaders = Type.Object(
    {
        'idempotency-key': Type.Optional(
            Type.String({
                maxLength: 257,
                description: 'Makes the write safe to repeat: a repeat returns the first response and writes nothing',
            }),
        ),
        [MIN_BLOCK_HEADER]: MinBlockHeader,
    },
    { additionalProperties: true },
);

/**
 * The shared write path: runs `execute` once per `Idempotency-Key` (scoped to the token subject) and sends its
 * answer. Without a key the write simply runs. With a key, the same request again replays the first answer
 * (`idempotent-replayed: true`), a different request under the key is refused (422), and a refusal (4xx) is kept
 * and replayed like a success, while transient failures (5xx, conflicts, saturation) let a repeat run again.
 *
 * Every write route goes through here, so every write behaves alike; a route test loops over all write routes.
 *
 * @throws {@link ProblemError} IDEMPOTENCY_KEY_INVALID (400), IDEMPOTENCY_KEY_REUSED (422) or
 *   IDEMPOTENCY_REQUEST_IN_PROGRESS (409).
 */
export async function submitIdempotently(
    request: FastifyRequest,
    reply: FastifyReply,
    services: WritePath,
    execute: (context: ExecutionContext) => Promise<StoredResponse>,
): Promise<FastifyReply> {
    const key = idempotencyKeyOf(request);
    // One deadline from when the request's waits began: the min-block wait, the same-key wait and the commit share
    // `timeouts.writeMs`, so no write outlives it by the other waits.
    const deadline = services.runner.writeDeadline() - (Date.now() - waitsStartedAt(request));
    if (key === undefined) {
        return sendStored(reply, await execute({ recordSubmitted: async () => undefined, deadline }));
    }
    const fingerprint = createHash('sha256')
        .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
        .digest('hex');
    const outcome = await services.idempotency.run(
        callerOf(request).subject,
        key,
        fingerprint,
        async (context) => {
            try {
                return { response: await execute(context), cacheable: true };
            } catch (error) {
                const problem = renderProblem(error, request, services.metrics);
                const cacheable = problem.status < 500 && !NON_CACHEABLE_CODES.has(problem.body.code);
                const headers = { ...problem.headers, 'content-type': PROBLEM_MEDIA_TYPE };
                return { response: { status: problem.status, headers, body: JSON.stringify(problem.body) }, cacheable };
            }
        },
        { deadline },
    );
    if (outcome.replayed) {
        services.metrics.idempotentReplay();
        reply.header('idempotent-replayed', 'true');
    }
    return sendStored(reply, outcome.response);
}

/**
 * Commits one chaincode call under the concurrency limit. When an earlier attempt under the same key handed a
 * transaction to the orderer without learning its outcome, that transaction is followed instead of endorsing a
 * second one. `submit` replaces how a fresh transaction is endorsed and committed (a coalescer's batch); by default
 * the call alone, under the submission limit.
 */
export async function commitCall(
    call: TransactionCall,
    services: WritePath,
    context: ExecutionContext,
    submit: (deadline: number) => Promise<SubmitResult> = (deadline) =>
        services.submits.run(() => services.runner.submit(call, context.recordSubmitted, deadline)),
): Promise<SubmitResult> {
    // One deadline covers the queue, following an earlier transaction and endorsing afresh when it proved invalid;
    // it is the request's, so the waits before the commit count against it.
    const deadline = context.deadline ?? services.runner.writeDeadline();
    if (context.previous) {
        const resumed = await services.runner.resume(call.identity, context.previous, deadline);
        if (resumed) {
            return resumed;
        }
    }
    return submit(deadline);
}

/**
 * The answer to a committed write: `{ blockNumber, result, txId }`, the `x-transaction-id` header and the block as
 * `Ledger-Block`, the consistency token another organisation's gateway takes as `Ledger-Min-Block`.
 */
export function committedResponse(committed: SubmitResult): StoredResponse {
    const body = `{"blockNumber":${committed.blockNumber},"result":${jsonText(committed.result)},"txId":${JSON.stringify(committed.transactionId)}}`;
    const headers = {
        'content-type': JSON_TYPE,
        'x-transaction-id': committed.transactionId,
        [BLOCK_HEADER]: committed.blockNumber.toString(),
    };
    return { status: 200, body, headers };
}

/** A chaincode answer as JSON text; an empty answer is `null`. */
export function jsonText(bytes: Uint8Array): string {
    return bytes.length === 0 ? 'null' : Buffer.from(bytes).toString('utf8');
}

/**
 * The request's `Idempotency-Key` as the idempotency store knows it (quotes of a structured-field string removed);
 * undefined when absent. Routes that look at the key themselves use this, so `"k"` and `k` are one key everywhere.
 *
 * @throws {@link ProblemError} IDEMPOTENCY_KEY_INVALID (400) unless it is 1-255 visible ASCII characters.
 */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
    const header = request.headers['idempotency-key'];
    if (header === undefined) {
        return undefined;
    }
    // The draft standard sends the key as a structured-field string ("..."); plain tokens are accepted too.
    const raw = String(header);
    const key = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
        throw new ProblemError('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1-255 visible ASCII characters');
    }
    return key;
}

function sendStored(reply: FastifyReply, response: StoredResponse): FastifyReply {
    return reply.code(response.status).headers(response.headers).send(response.body);
}
