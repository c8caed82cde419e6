import { ERROR_CATALOGUE } from '@lendledger/domain';
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_PROBLEMS, ProblemError, type GatewayProblemCode } from '../errors/problem-error.js';
import {
    ChaincodeRejectedError,
    EndorserUnreachableError,
    LedgerDeadlineError,
    LedgerFailedError,
    LedgerUnavailableError,
} from '../fabric/ledger-errors.js';
import { renderProblem, sendProblem } from '../http/reply-problem.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { publicRoutes } from './public-routes.js';

const FINGERPRINT = `sha256:${'ab'.repeat(32)}`;
/** Every member a public problem may carry; anything else would be a detail of the failure behind it. */
const FIXED_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId', 'fingerprint']);
const FIXED_DETAILS = new Set([
    'this gateway can give no receipt of this fingerprint',
    'the public look-up cannot answer now; retry later',
]);
/** Headers any answer of the app has; a problem adds at most Retry-After to them. */
const PLAIN_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'retry-after']);

describe('what a failed public look-up tells an anonymous caller', () => {
    let gateway: TestGateway;
    let app: FastifyInstance;
    let failure: unknown;

    beforeAll(async () => {
        // Only for its configuration: the limits and window a real gateway loads.
        gateway = await startTestGateway();
        app = Fastify({ logger: false });
        // The same error chain as buildApp's: the scope's handler, then the app's problem+json renderer.
        app.setErrorHandler((error, request, reply) => sendProblem(reply, renderProblem(error, request)));
        await app.register(publicRoutes, {
            web: { publicReader: 'User2', publicRateLimitMax: 100_000, publicMaxInFlight: 8 },
            limits: gateway.config.limits,
            receipts: {
                forFingerprint: async () => {
                    throw failure;
                },
            },
            roots: undefined,
        });
        await app.ready();
    });

    afterAll(async () => {
        await app.close();
        await gateway.close();
    });

    /** A detail no fixed text contains, so finding it in an answer means it leaked. */
    const secret = fc.string({ minLength: 1, maxLength: 40 }).map((text) => `secret-${text}-terces`);
    const gatewayCode = fc.constantFrom(...(Object.keys(GATEWAY_PROBLEMS) as GatewayProblemCode[]));
    const chaincodeCode = fc.oneof(
        fc.constantFrom(...Object.keys(ERROR_CATALOGUE)),
        fc.stringMatching(/^[A-Z][A-Z_]{0,30}$/),
    );
    const retryAfter = fc.option(fc.oneof(fc.nat({ max: 600 }).map(String), fc.string()), { nil: undefined });
    const failures = fc.oneof(
        fc.tuple(gatewayCode, secret, retryAfter).map(
            ([code, detail, retry]) =>
                new ProblemError(code, detail, {
                    fields: { leaked: detail, organizations: [detail] },
                    ...(retry === undefined ? {} : { headers: { 'retry-after': retry, 'x-leak': detail } }),
                }),
        ),
        fc.tuple(chaincodeCode, secret).map(
            ([code, detail]) =>
                new ChaincodeRejectedError({
                    step: 'evaluate',
                    code,
                    message: detail,
                    details: { leaked: detail },
                    transactionId: detail,
                }),
        ),
        secret.map(
            (detail) =>
                new LedgerFailedError(detail, { step: 'evaluate', peerMessages: [detail], transactionId: detail }),
        ),
        secret.map(
            (detail) => new EndorserUnreachableError(detail, { step: 'evaluate', organizations: [`${detail}MSP`] }),
        ),
        secret.map((detail) => new LedgerUnavailableError(detail, { step: 'evaluate' })),
        secret.map((detail) => new LedgerDeadlineError(detail, { step: 'evaluate' })),
        secret.map((detail) => new Error(detail)),
    );

    it('is, for every problem code and chaincode code, a fixed not-found or a fixed unavailable with nothing else', async () => {
        await fc.assert(
            fc.asyncProperty(failures, async (error) => {
                failure = error;
                const answer = await app.inject({
                    method: 'GET',
                    url: `/public/v1/fingerprints/${FINGERPRINT}/receipt`,
                });
                const body = answer.json<Record<string, unknown>>();
                expect([404, 503]).toContain(answer.statusCode);
                expect(Object.keys(body).filter((member) => !FIXED_MEMBERS.has(member))).toEqual([]);
                expect(FIXED_DETAILS).toContain(body.detail);
                expect(body.code).toBe(
                    answer.statusCode === 404 ? 'PUBLIC_RECEIPT_NOT_FOUND' : 'PUBLIC_LOOKUP_UNAVAILABLE',
                );
                expect(body.title).toBe(GATEWAY_PROBLEMS[body.code as GatewayProblemCode].title);
                expect(answer.body).not.toContain('secret-');
                expect(Object.keys(answer.headers).filter((name) => !PLAIN_HEADERS.has(name))).toEqual([]);
                if (answer.statusCode === 503) {
                    expect(answer.headers['retry-after']).toMatch(/^\d+$/);
                } else {
                    expect(body.fingerprint).toBe(FINGERPRINT);
                    expect(answer.headers['retry-after']).toBeUndefined();
                }
            }),
            { numRuns: 300 },
        );
    });

    it('keeps the Retry-After of the failure behind an unavailable answer', async () => {
        failure = new ProblemError('LEDGER_MIN_BLOCK_NOT_REACHED', 'peer0.bank is behind', {
            headers: { 'retry-after': '17' },
        });
        const answer = await app.inject({ method: 'GET', url: `/public/v1/fingerprints/${FINGERPRINT}/receipt` });
        expect(answer.statusCode).toBe(503);
        expect(answer.headers['retry-after']).toBe('17');
    });
});
