import { type ServerResponse } from 'node:http';
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES } from '../../auth/principal.js';
import { EventReadFilter } from '../../events/event-read-filter.js';
import {
    BLOCK_NUMBER_PATTERN,
    EVENT_ID_PATTERN,
    parseBlockNumber,
    parseEventId,
    type EventPosition,
} from '../../events/event-position.js';
import { ReadDecisions } from '../../events/read-decisions.js';
import { openResumableEvents, type ResumableEventStream } from '../../events/resumable-event-stream.js';
import { sseComment, sseErrorMessage, sseEventMessage, sseRetry } from '../../events/sse-message.js';
import { callerOf } from '../plugins/authentication.js';
import { ProblemError } from '../../errors/problem-error.js';
import { renderProblem } from '../reply-problem.js';
import { BEARER_AUTH, closed, withProblems } from '../schemas/common.js';
import { type GatewayConfig } from '../../config/gateway-config.js';
import { type LedgerClient } from '../../fabric/ledger-client.js';
import { type GatewayMetrics } from '../../metrics/gateway-metrics.js';

const EVENT_NAME = '[A-Za-z0-9._:-]{1,128}';

const EventsQuery = closed({
    after: Type.Optional(
        Type.String({
            pattern: EVENT_ID_PATTERN.source,
            description: 'Resume after this event id (what Last-Event-ID carries; the header wins)',
            examples: ['1042.0'],
        }),
    ),
    fromBlock: Type.Optional(
        Type.String({
            pattern: BLOCK_NUMBER_PATTERN.source,
            description: 'Start with the first event of this block (at most 2^63-1)',
        }),
    ),
    events: Type.Optional(
        Type.String({
            pattern: `^${EVENT_NAME}(,${EVENT_NAME}){0,31}$`,
            description: 'Comma-separated event names to receive (default: all)',
            examples: ['evidence.registered,anchor.created'],
        }),
    ),
});

const EventsHeaders = Type.Object(
    {
        'last-event-id': Type.Optional(
            Type.String({
                // Empty, or an event id.
                pattern: `^$|${EVENT_ID_PATTERN.source}`,
                description: 'Sent by EventSource when it reconnects',
            }),
        ),
    },
    { additionalProperties: true },
);

interface EventsQueryValue {
    readonly after?: string;
    readonly fromBlock?: string;
    readonly events?: string;
}

const DESCRIPTION = `Server-Sent Events of the configured chaincode, as the peer delivers them from committed blocks.

Each message has \`id: <blockNumber>.<index>\` (index = position among the chaincode's events in that block),
\`event: <event name>\` and \`data\`: \`{"blockNumber","txId","eventName","payload","payloadEncoding"}\`, where
\`payload\` is the event payload parsed as JSON, or its bytes in base64 when it is not JSON (\`payloadEncoding\` says
which). Comment lines are sent as heartbeats.

Read rules: a caller receives an event only if the chaincode, asked under the caller's own Fabric identity,
lets it read what the event is about (the loan for evidence events, the case, the consent, the ABS deal, the
attested record); anchor and probe events go to every member. An evidence batch or bulk filing arrives with only
the items the caller may read. Decisions are reused for \`events.accessCacheMs\`. If such a read fails (peer
unavailable) the stream ends with an \`event: error\` message; reconnect with \`Last-Event-ID\`.

Where the stream starts: after the event named by \`Last-Event-ID\` (or \`?after=\`), so a reconnecting client gets
exactly the events it missed; else at the first event of \`?fromBlock=\`; else at the next block committed. If the
peer connection fails the gateway reopens it from the last event it sent, without duplicates or gaps. An
unrecoverable failure ends the stream with an \`event: error\` message holding a problem document.

503 \`EVENT_STREAMS_EXHAUSTED\` when \`limits.maxSseClients\` streams are open, \`LEDGER_UNAVAILABLE\` when the
peer cannot be reached at the start.`;

/** Most (subject, object) read decisions the event streams remember. */
const READ_DECISIONS = 10_000;

/** One open event stream and the promise that settles when it has ended. */
interface OpenStream {
    readonly events: ResumableEventStream;
    readonly finished: Promise<void>;
}

/** What the event stream needs: the ledger's events and reads, the metrics, and whether the app is closing. */
export interface EventRoutesOptions {
    readonly config: Pick<GatewayConfig, 'limits' | 'events'>;
    readonly ledger: LedgerClient;
    readonly metrics: GatewayMetrics;
    readonly isClosing: () => boolean;
}

/**
 * `GET /v1/events`: the chaincode's events as a resumable Server-Sent Events stream for the organisation's users.
 * At most `limits.maxSseClients` streams are open at once; closing the app ends them all.
 */
export async function eventRoutes(scope: FastifyInstance, options: EventRoutesOptions): Promise<void> {
    const { ledger, metrics, isClosing } = options;
    const { limits, events: settings } = options.config;
    const open = new Set<OpenStream>();
    const filter = new EventReadFilter(
        new ReadDecisions({ ledger, ttlMs: settings.accessCacheMs, maxEntries: READ_DECISIONS }),
    );
    let opening = 0;
    metrics.gauge('gateway_event_streams_open', 'Server-Sent Events streams open', () => open.size);

    scope.addHook('preClose', async () => {
        const ending = [...open];
        ending.forEach((stream) => stream.events.close());
        await Promise.all(ending.map((stream) => stream.finished));
    });

    scope.withTypeProvider<TypeBoxTypeProvider>().get(
        '/v1/events',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'streamEvents',
                summary: "Server-Sent Events stream of the chaincode's events, resumable with Last-Event-ID",
                description: DESCRIPTION,
                tags: ['events'],
                security: BEARER_AUTH,
                querystring: EventsQuery,
                headers: EventsHeaders,
                response: withProblems(Type.String({ description: 'text/event-stream' })),
            },
        },
        async (request, reply) => {
            if (isClosing()) {
                throw new ProblemError('SHUTTING_DOWN', 'the gateway is shutting down');
            }
            if (open.size + opening >= limits.maxSseClients) {
                throw new ProblemError('EVENT_STREAMS_EXHAUSTED', `${limits.maxSseClients} event streams are open`, {
                    fields: { maxSseClients: limits.maxSseClients },
                    headers: { 'retry-after': '5' },
                });
            }
            const { query } = request;
            opening++;
            let events: ResumableEventStream;
            try {
                events = await openResumableEvents({
                    ledger,
                    identity: callerOf(request).subject,
                    ...startOf(request, query),
                    eventNames: query.events ? new Set(query.events.split(',')) : undefined,
                    reconnectInitialMs: settings.reconnectInitialMs,
                    reconnectMaxMs: settings.reconnectMaxMs,
                    onReconnect: ({ error, attempt, delayMs, startBlock }) =>
                        request.log.warn(
                            { err: error, attempt, delayMs, startBlock: startBlock?.toString() },
                            'event stream failed; reconnecting',
                        ),
                });
            } finally {
                opening--;
            }
            if (isClosing()) {
                events.close();
                throw new ProblemError('SHUTTING_DOWN', 'the gateway is shutting down');
            }
            reply.hijack();
            const stream: OpenStream = {
                events,
                finished: sendEvents(events, request, reply).finally(() => open.delete(stream)),
            };
            open.add(stream);
            return reply;
        },
    );

    async function sendEvents(
        events: ResumableEventStream,
        request: FastifyRequest,
        reply: FastifyReply,
    ): Promise<void> {
        const raw = reply.raw;
        raw.writeHead(200, {
            ...headersOf(reply),
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-cache, no-transform',
            'x-accel-buffering': 'no',
        });
        raw.on('close', () => events.close());
        write(raw, sseRetry(settings.reconnectInitialMs));
        const heartbeat = setInterval(() => write(raw, sseComment('heartbeat')), settings.heartbeatMs);
        heartbeat.unref();
        try {
            const subject = callerOf(request).subject;
            for await (const event of events) {
                const visible = await filter.visibleTo(subject, event);
                if (visible && !write(raw, sseEventMessage(visible.event, visible.payload))) {
                    await drained(raw);
                }
            }
        } catch (error) {
            write(raw, sseErrorMessage(renderProblem(error, request, metrics).body));
        } finally {
            clearInterval(heartbeat);
            events.close();
            if (!raw.writableEnded) {
                raw.end();
            }
        }
    }
}

function startOf(request: FastifyRequest, query: EventsQueryValue): { after?: EventPosition; fromBlock?: bigint } {
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && header !== '' ? header : query.after;
    if (lastEventId !== undefined) {
        const after = parseEventId(lastEventId);
        if (!after) {
            throw new ProblemError(
                'VALIDATION_FAILED',
                `event id ${lastEventId.slice(0, 40)} is not <block>.<index> with a block of at most 2^63-1`,
            );
        }
        return { after };
    }
    if (query.fromBlock === undefined) {
        return {};
    }
    const fromBlock = parseBlockNumber(query.fromBlock);
    if (fromBlock === undefined) {
        throw new ProblemError('VALIDATION_FAILED', `fromBlock ${query.fromBlock.slice(0, 40)} is above 2^63-1`, {
            fields: {
                errors: [{ in: 'querystring', path: '/fromBlock', message: 'must be at most 9223372036854775807' }],
            },
        });
    }
    return { fromBlock };
}

/** Headers set on the reply before it was hijacked (request id, security headers). */
function headersOf(reply: FastifyReply): Record<string, string | number | string[]> {
    const headers: Record<string, string | number | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) {
            headers[name] = value;
        }
    }
    return headers;
}

/** Writes unless the client has gone; false when the socket buffer is full. */
function write(raw: ServerResponse, text: string): boolean {
    return raw.destroyed || raw.writableEnded ? true : raw.write(text);
}

function drained(raw: ServerResponse): Promise<void> {
    if (raw.destroyed) {
        return Promise.resolve();
    }
    return new Promise((resolve) => {
        const done = (): void => {
            raw.off('drain', done);
            raw.off('close', done);
            resolve();
        };
        raw.on('drain', done);
        raw.on('close', done);
    });
}
