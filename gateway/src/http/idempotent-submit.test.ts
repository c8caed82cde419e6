import { type FastifyReply, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ExecutionContext, type StoredResponse } from '../idempotency/idempotency-store.js';
import { type GatewayMetrics } from '../metrics/gateway-metrics.js';
import { commitCall, submitIdempotently, type WritePath } from './idempotent-submit.js';
import { waitsStartedAt } from './min-block.js';

const NOW = 1_800_000_000_000;
const WRITE_MS = 20_000;

afterEach(() => {
    vi.useRealTimers();
});

function writePath(submitted: number[]): WritePath {
    return {
        idempotency: {
            run: (_scope, _key, _fingerprint, execute, options) =>
                execute({ recordSubmitted: async () => undefined, deadline: options?.deadline }).then((result) => ({
                    response: result.response,
                    replayed: false,
                })),
        },
        submits: { run: (task) => task() },
        runner: {
            writeDeadline: () => Date.now() + WRITE_MS,
            resume: () => Promise.resolve(undefined),
            submit: (_call, _onSubmitted, deadline) => {
                submitted.push(deadline ?? Number.NaN);
                return Promise.resolve({ transactionId: 'tx', blockNumber: 7n, result: new Uint8Array(), attempts: 1 });
            },
        },
        metrics: {} as GatewayMetrics,
    };
}

function fakeRequest(key?: string): FastifyRequest {
    const headers: Record<string, string> = key === undefined ? {} : { 'idempotency-key': key };
    return { method: 'PUT', url: '/v1/probes/alive', body: {}, headers, principal: { subject: 'me' } } as never;
}

const fakeReply = {
    code: () => fakeReply,
    headers: () => fakeReply,
    send: () => fakeReply,
} as unknown as FastifyReply;

const ok: StoredResponse = { status: 200, body: '{}', headers: {} };

describe('the one deadline of a write', () => {
    it.each([
        ['with an Idempotency-Key', 'k-1'],
        ['without one', undefined],
    ])(
        'counts the waits before the commit (%s): the commit gets only what is left of timeouts.writeMs',
        async (_label, key) => {
            vi.useFakeTimers({ now: NOW });
            const request = fakeRequest(key);
            // The Ledger-Min-Block wait started 15 s ago.
            waitsStartedAt(request, NOW - 15_000);
            const submitted: number[] = [];
            const services = writePath(submitted);

            await submitIdempotently(request, fakeReply, services, async (context: ExecutionContext) => {
                await commitCall({ identity: 'me', name: 'Probe:Put', arguments: [] } as never, services, context);
                return ok;
            });

            expect(submitted).toEqual([NOW - 15_000 + WRITE_MS]);
        },
    );

    it('starts counting at the first wait: a later call does not move the start', () => {
        const request = fakeRequest();
        expect(waitsStartedAt(request, 5)).toBe(5);
        expect(waitsStartedAt(request, 9)).toBe(5);
    });
});
