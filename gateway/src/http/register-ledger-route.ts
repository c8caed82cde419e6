import { canonicalJson } from '@lendledger/domain';
import { createHash } from 'node:crypto';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { READ_ROLES, WRITE_ROLES, type Principal } from '../auth/principal.js';
import { type SubmitResult } from '../fabric/transaction-runner.js';
import { type ExecutionContext, type StoredResponse } from '../idempotency/idempotency-store.js';
import { chunkItems } from '../jobs/chunking.js';
import { type NewJob } from '../jobs/job-queue.js';
import {
    mergedRequest,
    type CallArguments,
    type JobPolicy,
    type LedgerRoute,
    type RouteInput,
} from './ledger-route.js';
import { PROBLEM_MEDIA_TYPE } from './problem.js';
import { ProblemError } from './problem-error.js';
import { renderProblem } from './reply-problem.js';
import { JobAccepted, Problem, SubmitEnvelope } from './schemas/common.js';
import { type GatewayServices } from './services.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const NON_CACHEABLE_CODES = new Set(['TRANSACTION_CONFLICT', 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 'RATE_LIMITED']);

const IdempotencyHeaders = Type.Object(
    {
        'idempotency-key': Type.Optional(
            Type.String({
                maxLength: 257,
                description: 'Makes the write safe to repeat: a repeat returns the first response and writes nothing',
            }),
        ),
    },
    { additionalProperties: true },
);

/**
 * Adds one ledger operation to a Fastify scope: schema (and so validation and OpenAPI), roles, the concurrency
 * limit, retries, idempotency for writes, and job acceptance for large batches.
 */
export function registerLedgerRoute(app: FastifyInstance, route: LedgerRoute, services: GatewayServices): void {
    const roles = route.roles ?? (route.mode === 'submit' ? WRITE_ROLES : READ_ROLES);
    app.route({
        method: route.method,
        url: route.url,
        config: { roles },
        schema: definedMembers({
            operationId: route.operationId,
            summary: route.summary,
            description: `${route.description ?? route.summary}\n\nChaincode: \`${route.transaction}\` (${route.mode}). Roles: ${roles.join(', ')}.`,
            tags: [...route.tags],
            security: [{ bearerAuth: [] }],
            params: route.schema.params,
            querystring: route.schema.querystring,
            body: route.schema.body,
            headers: route.mode === 'submit' ? IdempotencyHeaders : undefined,
            response: responsesOf(route),
        }),
        handler: async (request, reply) => {
            const principal = request.principal!;
            const input: RouteInput = {
                params: (request.params ?? {}) as Record<string, unknown>,
                query: (request.query ?? {}) as Record<string, unknown>,
                body: request.body,
            };
            if (route.mode === 'evaluate') {
                return evaluate(route, input, principal, services, reply);
            }
            return submit(route, input, principal, services, request, reply);
        },
    });
}

/** Fastify warns about schema members that are present but undefined. */
function definedMembers<T extends Record<string, unknown>>(schema: T): T {
    return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined)) as T;
}

function responsesOf(route: LedgerRoute): Record<string, TSchema> {
    const success = route.mode === 'submit' ? SubmitEnvelope(route.schema.result) : route.schema.result;
    const responses: Record<string, TSchema> = { 200: success, '4xx': Problem, '5xx': Problem };
    if (route.job) {
        responses[202] = JobAccepted;
    }
    return responses;
}

function callOf(route: LedgerRoute, input: RouteInput): CallArguments {
    return route.call ? route.call(input) : { args: [canonicalJson(mergedRequest(input))] };
}

async function evaluate(
    route: LedgerRoute,
    input: RouteInput,
    principal: Principal,
    services: GatewayServices,
    reply: FastifyReply,
): Promise<FastifyReply> {
    const call = { identity: principal.subject, name: route.transaction, ...callOf(route, input) };
    const bytes = await services.evaluates.run(() => services.runner.evaluate(call));
    return reply.type(JSON_TYPE).send(jsonText(bytes));
}

async function submit(
    route: LedgerRoute,
    input: RouteInput,
    principal: Principal,
    services: GatewayServices,
    request: FastifyRequest,
    reply: FastifyReply,
): Promise<FastifyReply> {
    const key = idempotencyKeyOf(request);
    const execute = (context: ExecutionContext): Promise<StoredResponse> => {
        const chunks = route.job ? jobChunks(route, route.job, input, services) : undefined;
        return chunks
            ? acceptJob(route, chunks, principal, services)
            : commit(route, input, principal, services, context);
    };
    if (key === undefined) {
        return sendStored(reply, await execute({ recordSubmitted: async () => undefined }));
    }
    const fingerprint = createHash('sha256')
        .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
        .digest('hex');
    const outcome = await services.idempotency.run(principal.subject, key, fingerprint, async (context) => {
        try {
            return { response: await execute(context), cacheable: true };
        } catch (error) {
            const problem = renderProblem(error, request, services.metrics);
            const cacheable = problem.status < 500 && !NON_CACHEABLE_CODES.has(problem.body.code);
            const headers = { ...problem.headers, 'content-type': PROBLEM_MEDIA_TYPE };
            return { response: { status: problem.status, headers, body: JSON.stringify(problem.body) }, cacheable };
        }
    });
    if (outcome.replayed) {
        services.metrics.idempotentReplay();
        reply.header('idempotent-replayed', 'true');
    }
    return sendStored(reply, outcome.response);
}

async function commit(
    route: LedgerRoute,
    input: RouteInput,
    principal: Principal,
    services: GatewayServices,
    context: ExecutionContext,
): Promise<StoredResponse> {
    const call = { identity: principal.subject, name: route.transaction, ...callOf(route, input) };
    if (context.previous) {
        const resumed = await services.runner.resume(call.identity, context.previous);
        if (resumed) {
            return envelope(resumed);
        }
    }
    const committed = await services.submits.run(() => services.runner.submit(call, context.recordSubmitted));
    return envelope(committed);
}

function envelope(committed: SubmitResult): StoredResponse {
    const body = `{"blockNumber":${committed.blockNumber},"result":${jsonText(committed.result)},"txId":${JSON.stringify(committed.transactionId)}}`;
    return { status: 200, body, headers: { 'content-type': JSON_TYPE, 'x-transaction-id': committed.transactionId } };
}

function jobChunks(
    route: LedgerRoute,
    policy: JobPolicy,
    input: RouteInput,
    services: GatewayServices,
): NewJob['chunks'] | undefined {
    const { jobs } = services.config;
    const sizes = {
        evidence: [jobs.evidenceThreshold, jobs.evidenceChunkSize],
        anchor: [jobs.anchorThreshold, jobs.anchorChunkSize],
        case: [jobs.caseThreshold, jobs.caseChunkSize],
    } as const;
    const [threshold, chunkSize] = sizes[policy.area];
    const items = policy.items(input);
    if (items.length <= threshold) {
        return undefined;
    }
    return chunkItems(items, chunkSize, policy.weight, policy.maxWeight).map((chunk) => ({
        items: chunk.length,
        call: { name: route.transaction, args: [canonicalJson(policy.request(input, chunk))] },
    }));
}

async function acceptJob(
    route: LedgerRoute,
    chunks: NewJob['chunks'],
    principal: Principal,
    services: GatewayServices,
): Promise<StoredResponse> {
    const job = await services.jobs.create({
        owner: principal.subject,
        operation: route.operationId,
        transaction: route.transaction,
        chunks,
    });
    const statusUrl = `/v1/jobs/${job.jobId}`;
    const body = canonicalJson({
        jobId: job.jobId,
        status: 'queued',
        statusUrl,
        chunks: chunks.length,
        items: job.items,
    });
    return { status: 202, body, headers: { 'content-type': JSON_TYPE, location: statusUrl } };
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
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

function jsonText(bytes: Uint8Array): string {
    return bytes.length === 0 ? 'null' : Buffer.from(bytes).toString('utf8');
}
