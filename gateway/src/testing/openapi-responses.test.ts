import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseChecker, type OpenApiDocument } from './openapi-responses.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

const json = (schema: object): { content: { 'application/json': { schema: object } } } => ({
    content: { 'application/json': { schema } },
});

const PROBLEM = json({ type: 'object', required: ['code', 'status'], properties: { code: { type: 'string' } } });

/** A small document: one item read by id, a literal path beside the template, and a write with a 202. */
const DOCUMENT: OpenApiDocument = {
    paths: {
        '/v1/items/{id}': {
            get: {
                operationId: 'getItem',
                responses: {
                    200: json({
                        type: 'object',
                        required: ['id', 'size'],
                        properties: { id: { type: 'string' }, size: { type: 'integer', minimum: 1 } },
                        additionalProperties: false,
                    }),
                    '4XX': PROBLEM,
                },
            },
        },
        '/v1/items/latest': {
            get: { operationId: 'getLatest', responses: { 200: json({ type: 'array' }) } },
        },
        '/v1/jobs': {
            post: {
                operationId: 'createJob',
                responses: {
                    202: json({ type: 'object', required: ['jobId'], properties: { jobId: { format: 'uuid' } } }),
                },
            },
        },
    },
};

describe('checking answers against the documented response schemas', () => {
    const checker = new ResponseChecker(DOCUMENT);

    it('passes an answer that conforms to its operation and status', () => {
        expect(checker.problems('GET', '/v1/items/a1?pageSize=2', 200, { id: 'a1', size: 3 })).toEqual([]);
        expect(checker.problems('POST', '/v1/jobs', 202, { jobId: 'b6f1a1e6-3c1f-4a39-9c43-3d6e0f1c2a10' })).toEqual(
            [],
        );
    });

    it('names the operation, status and place of every mismatch', () => {
        const problems = checker.problems('GET', '/v1/items/a1', 200, { id: 7, size: 0, extra: true });
        expect(problems).toHaveLength(3);
        expect(problems.join('\n')).toContain('GET /v1/items/a1 200 (getItem): /id must be string');
        expect(problems.join('\n')).toContain('/size must be >= 1');
        expect(problems.join('\n')).toContain('must NOT have additional properties (extra)');
    });

    it('refuses an answer missing a required member, or of the wrong format', () => {
        expect(checker.problems('GET', '/v1/items/a1', 200, { id: 'a1' })).toEqual([
            "GET /v1/items/a1 200 (getItem): / must have required property 'size'",
        ]);
        expect(checker.problems('POST', '/v1/jobs', 202, { jobId: 'not-a-uuid' })).toHaveLength(1);
    });

    it('checks problem documents against the 4XX class, problem+json included', () => {
        const problem = { code: 'NOT_FOUND', status: 404 };
        expect(checker.problems('GET', '/v1/items/a1', 404, problem, 'application/problem+json')).toEqual([]);
        expect(checker.problems('GET', '/v1/items/a1', 404, { status: 404 }, 'application/problem+json')).toHaveLength(
            1,
        );
    });

    it('takes a literal path before a template that also matches it', () => {
        expect(checker.problems('GET', '/v1/items/latest', 200, [])).toEqual([]);
        expect(checker.problems('GET', '/v1/items/latest', 200, { id: 'latest', size: 1 })).toHaveLength(1);
    });

    it('leaves alone what has no schema: undocumented paths, methods, statuses and media types', () => {
        expect(checker.problems('GET', '/metrics', 200, 'text')).toEqual([]);
        expect(checker.problems('DELETE', '/v1/items/a1', 200, 'anything')).toEqual([]);
        expect(checker.problems('GET', '/v1/items/latest', 500, 'anything')).toEqual([]);
        expect(checker.problems('GET', '/v1/items/a1', 200, 'data: x', 'text/event-stream')).toEqual([]);
    });
});

describe("the gateway's own document", () => {
    let gateway: TestGateway;
    let checker: ResponseChecker;

    beforeAll(async () => {
        gateway = await startTestGateway();
        const document = await gateway.app.inject({ method: 'GET', url: '/v1/openapi.json' });
        checker = new ResponseChecker(document.json<OpenApiDocument>());
    });
    afterAll(() => gateway.close());

    it('compiles and applies its response schemas, e.g. a probe record and a problem document', () => {
        const probe = {
            name: 'probe-1',
            value: 'ok',
            mspId: 'BankMSP',
            subject: 'User1',
            txId: 'tx1',
            time: '2026-02-01T08:00:00.000Z',
        };
        expect(checker.problems('GET', '/v1/probes/probe-1', 200, probe)).toEqual([]);
        expect(checker.problems('GET', '/v1/probes/probe-1', 200, { ...probe, time: 'yesterday' })).toHaveLength(1);
        const problem = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no probe', code: 'NOT_FOUND' };
        expect(checker.problems('GET', '/v1/probes/probe-1', 404, problem, 'application/problem+json')).toEqual([]);
        expect(checker.problems('GET', '/v1/probes/probe-1', 404, { status: 404 })).not.toEqual([]);
    });
});
