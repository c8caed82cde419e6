import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PII_SHAPED_VALUES } from '@lendledger/domain';
import { parseRootsBundle, trustStoreFor } from '@lendledger/verifier';
import { jsonChanged, jsonPlaces, type Json } from '@lendledger/domain/testing/json-walk.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../testing/fake-ledger.js';
import { OTHER_USER, startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { ABS_ROUTES } from './routes/abs-routes.js';
import { ANCHOR_ROUTES } from './routes/anchor-routes.js';
import { ATTESTATION_ROUTES } from './routes/attestation-routes.js';
import { CASE_ROUTES } from './routes/case-routes.js';
import { CONSENT_ROUTES } from './routes/consent-routes.js';
import { EVIDENCE_ROUTES } from './routes/evidence-routes.js';
import { PROBE_ROUTES } from './routes/probe-routes.js';

/**
 * Every route of the OpenAPI document — reads and writes, path and query parameters, the headers it documents
 * (Idempotency-Key, Ledger-Min-Block, Last-Event-ID...) and its body — sent arbitrary and adversarial values over
 * real HTTP: no answer is a 5xx, and every 4xx is a problem document whose code and status agree. The one 5xx a
 * well-formed request may get is the documented 503 for a Ledger-Min-Block the peer has not reached. The ledger
 * is fake and refuses every call with a coded chaincode error, so what is tested is the gateway's own handling of
 * input; how it maps ledger failures is tested elsewhere.
 */

type Schema = Readonly<Record<string, unknown>>;

interface Parameter {
    readonly in: 'path' | 'query' | 'header';
    readonly name: string;
    readonly schema: Schema;
}

interface Operation {
    readonly id: string;
    readonly method: string;
    readonly path: string;
    readonly parameters: readonly Parameter[];
    readonly bodyTypes: readonly string[];
    readonly bodySchema: Schema | undefined;
}

/** A request as the property sends it. */
interface SentRequest {
    readonly method: string;
    readonly url: string;
    readonly headers: Record<string, string>;
    readonly body: string | undefined;
}

const RUNS_PER_ROUTE = 30;
/** The verifier's recorded roots bundle: served by GET /v1/roots, and the trust of the routes between gateways. */
const ROOTS_PATH = join(import.meta.dirname, '..', '..', '..', 'verifier', 'src', 'fixtures', 'roots.json');
const REQUEST_TIMEOUT_MS = 5_000;
const PRINTABLE = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) });

/** Text no field expects: edge numbers, odd encodings, personal data, the bookmark that crashed a peer. */
const ODD_TEXT = [
    '',
    ' ',
    '0',
    '-1',
    '00',
    '1e3',
    '0x10',
    '1.5',
    'NaN',
    'Infinity',
    '9007199254740993',
    '18446744073709551616',
    '9223372036854775808',
    '99999999999999999999999999',
    '\u009d\u0093\u00eb',
    '\u0000',
    '\u{10ffff}',
    '__proto__',
    'constructor',
    'null',
    'true',
    '[]',
    '{}',
    '../..',
    'a'.repeat(5_000),
    ...PII_SHAPED_VALUES,
];

const oddText: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom(...ODD_TEXT),
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

const oddJson: fc.Arbitrary<Json> = fc.oneof(
    oddText,
    fc.constantFrom(0, -1, 0.5, 1e308, -1e308, 2 ** 53 + 2, true, false, null),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
    fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'x'), fc.jsonValue({ maxDepth: 2 }), {
        maxKeys: 2,
    }) as fc.Arbitrary<Json>,
);

/** Reads the operations of the OpenAPI document. */
function operationsOf(document: {
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components?: { schemas?: Record<string, Schema> };
}): Operation[] {
    return Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
            .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
            .map(([method, operation]) => {
                const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
                    ?.content;
                return {
                    id: String(operation.operationId ?? `${method} ${path}`),
                    method: method.toUpperCase(),
                    path,
                    parameters: ((operation.parameters ?? []) as Parameter[]).filter((parameter) =>
                        ['path', 'query', 'header'].includes(parameter.in),
                    ),
                    bodyTypes: Object.keys(content ?? {}),
                    bodySchema: content?.['application/json']?.schema,
                };
            }),
    );
}

/** Builds arbitraries of values a schema accepts (or nearly: a pattern's lookaheads are dropped). */
class SchemaValues {
    readonly #components: Record<string, Schema>;

    constructor(components: Record<string, Schema>) {
        this.#components = components;
    }

    of(raw: Schema, depth = 0): fc.Arbitrary<Json> {
        const schema = this.#resolve(raw);
        const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
        if (branches && depth < 6) {
            return fc.oneof(...branches.map((branch) => this.of(branch, depth + 1)));
        }
        if (schema.const !== undefined) {
            return fc.constant(schema.const as Json);
        }
        if (Array.isArray(schema.enum)) {
            return fc.constantFrom(...(schema.enum as Json[]));
        }
        if (depth > 5) {
            return fc.constant(schema.type === 'array' ? [] : {});
        }
        return this.#typed(schema, depth);
    }

    #typed(schema: Schema, depth: number): fc.Arbitrary<Json> {
        const byType: Record<string, () => fc.Arbitrary<Json>> = {
            object: () => this.#object(schema, depth),
            array: () =>
                fc.array(this.of((schema.items ?? {}) as Schema, depth + 1), {
                    minLength: Math.min(Number(schema.minItems ?? 0), 3),
                    maxLength: Math.min(Number(schema.maxItems ?? 3), 3),
                }),
            string: () => stringOf(schema),
            integer: () =>
                fc.integer({
                    min: Math.max(Number(schema.minimum ?? -1_000_000), -1_000_000),
                    max: Math.min(Number(schema.maximum ?? 1_000_000), 1_000_000),
                }),
            number: () => fc.double({ noNaN: true, noDefaultInfinity: true }),
            boolean: () => fc.boolean(),
        };
        return byType[String(schema.type)]?.() ?? oddJson;
    }

    #object(schema: Schema, depth: number): fc.Arbitrary<Json> {
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        const required = (schema.required ?? []) as string[];
        const members = Object.fromEntries(
            Object.entries(properties).map(([name, member]) => [name, this.of(member, depth + 1)]),
        );
        return fc.record(members, { requiredKeys: required.filter((name) => name in members) }) as fc.Arbitrary<Json>;
    }

    #resolve(schema: Schema): Schema {
        const ref = schema.$ref;
        if (typeof ref !== 'string') {
            return schema;
        }
        return this.#resolve(this.#components[ref.replace('#/components/schemas/', '')] ?? {});
    }
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
    const max = Math.min(Number(schema.maxLength ?? 40), 200);
    const min = Math.min(Number(schema.minLength ?? 0), max);
    if (typeof schema.pattern === 'string') {
        try {
            const pattern = new RegExp(schema.pattern, 'u');
            // fast-check cannot generate lookaheads (the digit-run rule): drop them, then keep what the rule accepts.
            const source = schema.pattern.replace(/\(\?[!=](?:[^()]|\([^()]*\))*\)/g, '');
            return fc
                .stringMatching(new RegExp(source, 'u'))
                .filter((value) => value.length <= Math.max(max, 200) && pattern.test(value));
        } catch {
            return PRINTABLE;
        }
    }
    if (schema.format === 'date-time') {
        return fc
            .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
            .map((date) => date.toISOString());
    }
    return fc.string({ minLength: min, maxLength: max });
}

/** A value of the schema, mostly; sometimes with one place (or the whole) replaced by an odd value. */
function nearly(values: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
    return fc.oneof(
        { weight: 2, arbitrary: values },
        {
            weight: 3,
            arbitrary: fc.tuple(values, oddJson, fc.nat()).map(([value, odd, pick]) => {
                const places = jsonPlaces(value);
                return jsonChanged(value, places[pick % places.length]!, odd);
            }),
        },
        { weight: 1, arbitrary: oddJson },
    );
}

/** A parameter's value as text in a URL or header. */
const asText = (value: Json): string => (typeof value === 'string' ? value : JSON.stringify(value));

describe('every route of the OpenAPI document under arbitrary and adversarial input', () => {
    let gateway: TestGateway;
    let base: string;
    let operations: Operation[] = [];
    let values: SchemaValues;
    let authorizations: string[];

    beforeAll(async () => {
        // Every optional part switched on, so that its routes are in the document: the roots bundle, the routes
        // other members' gateways call, and the fetching of sealed batches from their sealers.
        gateway = await startTestGateway(
            {
                limits: { maxEventLoopDelayMs: 0, readRateLimitMax: 0, writeRateLimitMax: 0 },
                consistency: { maxWaitMs: 0 },
                roots: { path: ROOTS_PATH },
                peers: { gateways: { PlatformMSP: 'http://127.0.0.1:9' } },
            },
            {
                peers: {
                    trust: trustStoreFor(parseRootsBundle(readFileSync(ROOTS_PATH, 'utf8'))),
                    identity: {
                        mspId: 'BankMSP',
                        certificate: 'not used: the fake ledger refuses the seal record first',
                        sign: async () => new Uint8Array(64),
                    },
                },
            },
        );
        // Whatever reaches the ledger is refused as bad input, the way the chaincode answers it.
        gateway.ledger.handlers.get = () => () => {
            throw rejection('INVALID_ARGUMENT', 'refused by the fake chaincode');
        };
        base = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
        const document = (await (await fetch(`${base}/v1/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
        operations = operationsOf(document);
        values = new SchemaValues(document.components?.schemas ?? {});
        authorizations = [
            `Bearer ${await gateway.token({ roles: ['submitter', 'auditor', 'admin'] })}`,
            `Bearer ${await gateway.token({ roles: ['auditor'] })}`,
            `Bearer ${await gateway.token({ subject: OTHER_USER, roles: ['submitter'] })}`,
            'Bearer not.a.token',
            '',
        ];
    });

    afterAll(async () => {
        await gateway.close();
    });

    it('finds the reads and writes of the document', () => {
        const methods = new Set(operations.map((operation) => operation.method));
        expect([...methods]).toEqual(expect.arrayContaining(['GET', 'POST']));
        expect(operations.length).toBeGreaterThan(40);
        expect(operations.map((operation) => operation.path)).toEqual(
            expect.arrayContaining([
                '/v1/anchors',
                '/v1/events',
                '/v1/evidence',
                '/v1/roots',
                '/v1/cases/{caseId}/package',
                '/v1/consents/reconciliation',
                '/v1/consent-uses/reconciliation',
                '/v1/anchors/sealed/{root}',
                '/v1/anchors/sealed/{root}/proofs',
                '/v1/anchors/sealed/{root}/proofs/{fingerprint}',
                '/v1/peer/sealed/{root}/leaves',
            ]),
        );
    });

    it('walks every ledger route of the route tables, whatever its method (PUT /v1/abs/deals/{dealId}/investors too)', () => {
        // A route the walk skips (a method the filter forgot, a route missing from the document) is never fuzzed:
        // the tables the gateway registers are the list the walk must cover.
        const tables = [
            PROBE_ROUTES,
            EVIDENCE_ROUTES,
            ANCHOR_ROUTES,
            ATTESTATION_ROUTES,
            CASE_ROUTES,
            CONSENT_ROUTES,
            ABS_ROUTES,
        ];
        const walked = operations.map((operation) => `${operation.method} ${operation.id}`);
        const registered = tables.flat().map((route) => `${route.method} ${route.operationId}`);
        expect(registered.filter((route) => !walked.includes(route))).toEqual([]);
        expect(operations).toContainEqual(
            expect.objectContaining({
                method: 'PUT',
                path: '/v1/abs/deals/{dealId}/investors',
                bodySchema: expect.objectContaining({ type: 'object' }),
            }),
        );
    });

    it('documents every part of the new routes a caller sends, so that each is sent odd values here', () => {
        const parameters = (id: string): string[] =>
            operations
                .find((operation) => operation.id === id)!
                .parameters.map((parameter) => `${parameter.in}:${parameter.name.toLowerCase()}`);
        expect(parameters('getFingerprintReceipt')).toEqual(
            expect.arrayContaining(['path:fingerprint', 'query:sealedbatch']),
        );
        expect(parameters('getSealedLeaves')).toEqual(
            expect.arrayContaining([
                'path:root',
                'header:lendledger-peer-msp',
                'header:lendledger-peer-certificate',
                'header:lendledger-peer-time',
                'header:lendledger-peer-nonce',
                'header:lendledger-peer-signature',
            ]),
        );
        expect(parameters('getRoots')).toEqual(expect.arrayContaining(['header:if-none-match']));
        expect(parameters('getCasePackage')).toEqual(['path:caseid']);
        expect(parameters('listConsentUseLines')).toEqual(['query:from', 'query:to', 'query:grantee']);
        const reconcile = operations.find((operation) => operation.id === 'reconcileConsentUses')!;
        expect(Object.keys((reconcile.bodySchema?.properties ?? {}) as object)).toEqual([
            'from',
            'to',
            'grantee',
            'inquiries',
        ]);
    });

    /** Requests to one route: all its documented parts valid (or nearly), then at most one of them made odd. */
    function requestsTo(operation: Operation): fc.Arbitrary<SentRequest> {
        const of = (where: Parameter['in']) => operation.parameters.filter((parameter) => parameter.in === where);
        const valid = (list: readonly Parameter[]): fc.Arbitrary<Record<string, string>> =>
            fc.record(Object.fromEntries(list.map((parameter) => [parameter.name, validText(parameter)] as const)), {
                requiredKeys: list.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
            }) as fc.Arbitrary<Record<string, string>>;
        const bodySchema = operation.bodySchema;
        const validBody: fc.Arbitrary<string | undefined> =
            operation.bodyTypes.length === 0
                ? fc.constant(undefined)
                : bodySchema === undefined
                  ? fc.string()
                  : values.of(bodySchema).map((value) => JSON.stringify(value));
        const parts = fc.record({
            path: valid(of('path')),
            query: valid(of('query')),
            headers: valid(of('header')),
            authorization: fc.constant(authorizations[0]!),
            contentType: fc.constant(operation.bodyTypes[0] ?? 'application/json'),
            body: validBody,
        });
        type Parts = typeof parts extends fc.Arbitrary<infer T> ? T : never;
        const oddParameter = (where: 'path' | 'query' | 'headers', list: readonly Parameter[]) =>
            list.length === 0
                ? []
                : [
                      fc
                          .tuple(fc.constantFrom(...list), nearlyText())
                          .map(([parameter, odd]) => (request: Parts): Parts => ({
                              ...request,
                              [where]: { ...request[where], [parameter.name]: odd },
                          })),
                  ];
        const change = fc.oneof(
            ...oddParameter('path', of('path')),
            ...oddParameter('query', of('query')),
            ...oddParameter('headers', of('header')),
            fc
                .tuple(fc.constantFrom('x', 'pageSize', 'bookmark', 'from', '__proto__'), oddText)
                .map(([name, odd]) => (request: Parts): Parts => ({
                    ...request,
                    query: { ...request.query, [name]: odd },
                })),
            fc
                .tuple(fc.constantFrom('idempotency-key', 'ledger-min-block', 'last-event-id'), nearlyText())
                .map(([name, odd]) => (request: Parts): Parts => ({
                    ...request,
                    headers: { ...request.headers, [name]: odd },
                })),
            fc
                .constantFrom(...authorizations)
                .map((authorization) => (request: Parts): Parts => ({ ...request, authorization })),
            ...(operation.bodyTypes.length === 0
                ? []
                : [
                      (bodySchema === undefined
                          ? oddText
                          : nearly(values.of(bodySchema)).map((value) => JSON.stringify(value))
                      ).map((body) => (request: Parts): Parts => ({ ...request, body })),
                      fc
                          .constantFrom('', '{', '[]', 'null', '['.repeat(10_000), '{"a":1}}', '"text"')
                          .map((body) => (request: Parts): Parts => ({ ...request, body })),
                      fc
                          .constantFrom(
                              'text/plain',
                              'application/json; charset=latin1',
                              'application/x-www-form-urlencoded',
                          )
                          .map((contentType) => (request: Parts): Parts => ({ ...request, contentType })),
                  ]),
        );
        return fc
            .tuple(parts, fc.option(change, { freq: 4, nil: undefined }))
            .map(([request, alter]) => toSent(operation, alter === undefined ? request : alter(request)));
    }

    /** A valid value of a parameter; for Ledger-Min-Block, whose schema is a bare string, a block the peer has. */
    function validText(parameter: Parameter): fc.Arbitrary<string> {
        if (parameter.name.toLowerCase() === 'ledger-min-block') {
            return fc.bigInt({ min: 0n, max: gateway.ledger.blockHeight - 1n }).map(String);
        }
        if (parameter.schema.format === 'uuid') {
            return fc.uuid();
        }
        return values.of(parameter.schema).map(asText);
    }

    /** Text for a parameter or header: odd text, or a valid-looking value with one odd place. */
    function nearlyText(): fc.Arbitrary<string> {
        return fc.oneof(oddText, fc.bigInt({ min: -1n, max: 2n ** 70n }).map(String), PRINTABLE);
    }

    function toSent(
        operation: Operation,
        parts: Readonly<{
            path: Record<string, string>;
            query: Record<string, string>;
            headers: Record<string, string>;
            authorization: string;
            contentType: string;
            body: string | undefined;
        }>,
    ): SentRequest {
        const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodeURIComponent(parts.path[name] ?? ''),
        );
        const query = new URLSearchParams(Object.entries(parts.query)).toString();
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(parts.headers)) {
            if (isHeaderSafe(value)) {
                headers[name.toLowerCase()] = value;
            }
        }
        if (parts.authorization !== '') {
            headers.authorization = parts.authorization;
        }
        if (parts.body !== undefined) {
            headers['content-type'] = parts.contentType;
        }
        return {
            method: operation.method,
            url: `${path}${query === '' ? '' : `?${query}`}`,
            headers,
            body: parts.body,
        };
    }

    /** Sends a request and reads its answer; an event stream that opened is closed once its head is in. */
    async function send(request: SentRequest): Promise<{ status: number; type: string; body: string }> {
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
        try {
            const response = await fetch(`${base}${request.url}`, {
                method: request.method,
                headers: request.headers,
                ...(request.body === undefined ? {} : { body: request.body }),
                signal: abort.signal,
            });
            const type = response.headers.get('content-type') ?? '';
            if (type.startsWith('text/event-stream')) {
                abort.abort();
                return { status: response.status, type, body: '' };
            }
            return { status: response.status, type, body: await response.text() };
        } finally {
            clearTimeout(timer);
        }
    }

    it.each([0, 1, 2, 3].map((part) => [part]))(
        'answers no 5xx and a problem document for every 4xx (routes, part %i)',
        async (part) => {
            const mine = operations.filter((_, index) => index % 4 === part);
            for (const operation of mine) {
                await fc.assert(
                    fc.asyncProperty(requestsTo(operation), async (request) => {
                        const answer = await send(request);
                        const context = `${operation.id}: ${request.method} ${request.url} → ${answer.status} ${answer.body.slice(0, 300)}`;
                        if (answer.status < 400) {
                            return;
                        }
                        expect(answer.type, context).toMatch(/^application\/problem\+json/);
                        const problem = JSON.parse(answer.body) as { code?: unknown; status?: unknown };
                        expect(problem.status, context).toBe(answer.status);
                        expect(problem.code, context).toEqual(expect.any(String));
                        if (answer.status >= 500) {
                            // The documented wait for a block this peer has not committed yet: not an error of input.
                            expect(problem.code, context).toBe('LEDGER_MIN_BLOCK_NOT_REACHED');
                        }
                    }),
                    { numRuns: RUNS_PER_ROUTE },
                );
            }
        },
        // A quarter of the routes, about 500 requests over local HTTP: a few seconds, under 30 on a busy two-core machine.
        30_000,
    );
});

/** Whether fetch accepts the text as a header value (visible ASCII and spaces, no leading or trailing space). */
function isHeaderSafe(value: string): boolean {
    return /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value);
}
