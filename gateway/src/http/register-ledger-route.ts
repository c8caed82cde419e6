import { canonicalJson } from '@lendledger/domain';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type TSchema } from 'typebox';
import { READ_ROLES, WRITE_ROLES, type Principal } from '../auth/principal.js';
import { type ExecutionContext, type StoredResponse } from '../idempotency/idempotency-store.js';
import { chunkItems } from '../jobs/chunking.js';
import { type NewJob } from '../jobs/job-queue.js';
import {
    mergedRequest,
    type CallArguments,
    type CallContext,
    type JobPolicy,
    type LedgerRoute,
    type RouteInput,
} from './ledger-route.js';
import {
    commitCall,
    committedResponse,
    IdempotencyHeaders,
    JSON_TYPE,
    jsonText,
    submitIdempotently,
    type WritePath,
} from './idempotent-submit.js';
import { MinBlockHeaders } from './min-block.js';
import { callerOf } from './plugins/authentication.js';
import { JobAccepted, Problem, SubmitEnvelope } from './schemas/common.js';
import { type GatewayConfig } from '../config/gateway-config.js';
import { evaluateJson, type LedgerReads } from '../fabric/evaluate-json.js';
import { type JobQueue } from '../jobs/job-queue.js';
import { type WriteCoalescer } from '../fabric/write-coalescer.js';

/** What the ledger routes need: reads, the write path, the job queue and the job sizes of each area. */
export type LedgerRouteServices = LedgerReads &
    WritePath & {
        readonly jobs: Pick<JobQueue, 'create'>;
        readonly config: Pick<GatewayConfig, 'jobs'>;
        /** Coalescers of single writes by their transaction (`coalesce.windowMs` > 0); a route without one commits alone. */
        readonly coalescers?: ReadonlyMap<string, Pick<WriteCoalescer, 'commit'>>;
    };

/** What {@link ledgerRoutes} registers, and with what. */
export interface LedgerRoutesOptions {
    readonly routes: readonly LedgerRoute[];
    readonly services: LedgerRouteServices;
}

/** Registers every chaincode-backed operation of `routes` in the plugin's scope. */
export async function ledgerRoutes(scope: FastifyInstance, { routes, services }: LedgerRoutesOptions): Promise<void> {
    for (const route of routes) {
        registerLedgerRoute(scope, route, services);
    }
}

/**
 * Adds one ledger operation to a Fastify scope: schema (and so validation and OpenAPI), roles, the concurrency
 * limit, retries, idempotency for writes, and job acceptance for large batches.
 */
function registerLedgerRoute(app: FastifyInstance, route: LedgerRoute, services: LedgerRouteServices): void {
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
            headers: route.mode === 'submit' ? IdempotencyHeaders : MinBlockHeaders,
            response: responsesOf(route),
        }),
        handler: async (request, reply) => {
            const principal = callerOf(request);
            const input: RouteInput = { params: request.params ?? {}, query: request.query ?? {}, body: request.body };
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

async function callOf(
    route: LedgerRoute,
    input: RouteInput,
    principal: Principal,
    services: LedgerRouteServices,
): Promise<CallArguments> {
    if (!route.call) {
        return { args: [canonicalJson(mergedRequest(input))] };
    }
    const context: CallContext = {
        readJson: <T>(name: string, request: Readonly<Record<string, unknown>>) =>
            evaluateJson<T>(services, principal.subject, name, request),
    };
    return route.call(input, context);
}

async function evaluate(
    route: LedgerRoute,
    input: RouteInput,
    principal: Principal,
    services: LedgerRouteServices,
    reply: FastifyReply,
): Promise<FastifyReply> {
    const call = {
        identity: principal.subject,
        name: route.transaction,
        ...(await callOf(route, input, principal, services)),
    };
    const bytes = await services.evaluates.run(() => services.runner.evaluate(call));
    return reply.type(JSON_TYPE).send(jsonText(bytes));
}

async function submit(
    route: LedgerRoute,
    input: RouteInput,
    principal: Principal,
    services: LedgerRouteServices,
    request: FastifyRequest,
    reply: FastifyReply,
): Promise<FastifyReply> {
    return submitIdempotently(request, reply, services, async (context: ExecutionContext): Promise<StoredResponse> => {
        const chunks = route.job ? jobChunks(route, route.job, input, services) : undefined;
        if (chunks) {
            return acceptJob(route, chunks, principal, services);
        }
        const call = {
            identity: principal.subject,
            name: route.transaction,
            ...(await callOf(route, input, principal, services)),
        };
        const coalescer = services.coalescers?.get(route.transaction);
        if (coalescer) {
            // A key's journal entry holds this write's own answer, so an earlier attempt is followed as for any write.
            const request = mergedRequest(input);
            return committedResponse(
                await commitCall(call, services, context, (deadline) =>
                    coalescer.commit({ call, request, recordSubmitted: context.recordSubmitted, deadline }),
                ),
            );
        }
        return committedResponse(await commitCall(call, services, context));
    });
}

function jobChunks(
    route: LedgerRoute,
    policy: JobPolicy,
    input: RouteInput,
    services: LedgerRouteServices,
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
    services: LedgerRouteServices,
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
