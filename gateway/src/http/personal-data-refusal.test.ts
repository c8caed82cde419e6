import { PII_SHAPED_VALUES } from '@lendledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

/**
 * Every string a write route takes — path parameters and every string field of its body, nested ones included —
 * refuses personal-data-shaped values with 400 before anything reaches the ledger. The routes and fields come from
 * the OpenAPI document, so a new route or field is covered without anyone listing it here.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Readonly<Record<string, unknown>>;
interface Operation {
    readonly method: string;
    readonly path: string;
    readonly operationId: string;
    readonly params: readonly { name: string; schema: Schema }[];
    readonly body: Schema | undefined;
}
/** Where a string sits in a body: the keys and indices that lead to it. */
type Location = readonly (string | number)[];

const WRITE_METHODS = ['post', 'put', 'patch'];
const HEX = 'a1'.repeat(32);
/** Values a valid request may hold, tried in order until one fits a string schema's pattern and length. */
const CANDIDATES = [
    'A1B2',
    'v1',
    'CourtMSP',
    `sha256:${HEX}`,
    `loan:${HEX}`,
    `subj:${HEX}`,
    `ln_${HEX}`,
    HEX,
    'a1'.repeat(16),
    '2026-01-31',
    '2026-01-31T00:00:00Z',
];

let gateway: TestGateway;
let operations: Operation[] = [];
let components: Record<string, Schema> = {};

function resolve(schema: Schema): Schema {
    const ref = schema.$ref;
    if (typeof ref === 'string') {
        const target = components[ref.replace('#/components/schemas/', '')];
        if (!target) {
            throw new Error(`unresolved schema reference ${ref}`);
        }
        return resolve(target);
    }
    return schema;
}

function sampleString(schema: Schema, where: string): string {
    if (Array.isArray(schema.enum)) {
        return String(schema.enum[0]);
    }
    if (typeof schema.const === 'string') {
        return schema.const;
    }
    const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const fits = CANDIDATES.find(
        (value) => value.length >= min && value.length <= max && (pattern?.test(value) ?? true),
    );
    if (fits === undefined) {
        throw new Error(`no sample value fits ${where} (pattern ${String(schema.pattern)}): add one to CANDIDATES`);
    }
    return fits;
}

/** A valid value of a schema, with every optional member present so that its strings are tested too. */
function sample(raw: Schema, where: string): Json {
    const schema = resolve(raw);
    const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (branches) {
        return sample(branches[0]!, where);
    }
    if (schema.const !== undefined) {
        return schema.const as Json;
    }
    switch (schema.type) {
        case 'object': {
            const properties = (schema.properties ?? {}) as Record<string, Schema>;
            return Object.fromEntries(
                Object.entries(properties).map(([key, member]) => [key, sample(member, `${where}.${key}`)]),
            );
        }
        case 'array': {
            const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
            return Array.from({ length: count }, (_, i) => sample(schema.items as Schema, `${where}[${i}]`));
        }
        case 'string':
            return sampleString(schema, where);
        case 'integer':
        case 'number':
            return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
        case 'boolean':
            return false;
        default:
            throw new Error(`cannot build a sample for ${where}: ${JSON.stringify(schema).slice(0, 120)}`);
    }
}

function stringLocations(value: Json, at: Location = []): Location[] {
    if (typeof value === 'string') {
        return [at];
    }
    if (Array.isArray(value)) {
        return value.flatMap((item, index) => stringLocations(item, [...at, index]));
    }
    if (value !== null && typeof value === 'object') {
        return Object.entries(value).flatMap(([key, member]) => stringLocations(member, [...at, key]));
    }
    return [];
}

function replaced(value: Json, at: Location, replacement: string): Json {
    if (at.length === 0) {
        return replacement;
    }
    const [head, ...rest] = at;
    if (Array.isArray(value)) {
        return value.map((item, index) => (index === head ? replaced(item, rest, replacement) : item));
    }
    const object = value as Record<string, Json>;
    return { ...object, [head!]: replaced(object[head!]!, rest, replacement) };
}

function urlOf(operation: Operation, params: Readonly<Record<string, string>>): string {
    return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
}

function ledgerCalls(): number {
    return gateway.ledger.endorsed.length + gateway.ledger.evaluated.length + gateway.ledger.submitted.length;
}

async function send(operation: Operation, params: Record<string, string>, body: Json | undefined) {
    return gateway.app.inject({
        method: operation.method.toUpperCase() as 'POST' | 'PUT' | 'PATCH',
        url: urlOf(operation, params),
        headers: await gateway.auth({ roles: ['submitter', 'admin'] }),
        ...(body === undefined ? {} : { payload: body as object }),
    });
}

beforeAll(async () => {
    gateway = await startTestGateway();
    const document = (await gateway.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{
        paths: Record<string, Record<string, Record<string, unknown>>>;
        components?: { schemas?: Record<string, Schema> };
    }>();
    components = document.components?.schemas ?? {};
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
            .filter(([method]) => WRITE_METHODS.includes(method))
            .map(([method, operation]): Operation => {
                const parameters = (operation.parameters ?? []) as { in: string; name: string; schema: Schema }[];
                const content = (operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
                    ?.content?.['application/json'];
                return {
                    method,
                    path,
                    operationId: String(operation.operationId),
                    params: parameters.filter((parameter) => parameter.in === 'path'),
                    body: content?.schema,
                };
            }),
    );
});

afterAll(async () => {
    await gateway.close();
});

describe('write routes refuse personal data', () => {
    it('finds the write routes in the OpenAPI document', () => {
        expect(operations.map((operation) => operation.operationId)).toEqual(
            expect.arrayContaining(['putProbe', 'registerEvidence', 'createAbsDeal', 'recordConsent', 'fileCase']),
        );
    });

    it('answers 400 problem+json and calls no ledger for a personal-data-shaped value in any string', async () => {
        const leaks: string[] = [];
        let checked = 0;
        for (const operation of operations) {
            if (operation.params.length === 0 && operation.body === undefined) {
                continue;
            }
            const params = Object.fromEntries(
                operation.params.map((param) => [
                    param.name,
                    sample(param.schema, `${operation.operationId}:${param.name}`),
                ]),
            ) as Record<string, Json>;
            const body = operation.body === undefined ? undefined : sample(operation.body, operation.operationId);
            // The unaltered request must reach the ledger, or the refusals below would prove nothing.
            const before = ledgerCalls();
            const base = await send(operation, params as Record<string, string>, body);
            if (ledgerCalls() === before) {
                leaks.push(`${operation.operationId}: the valid request answered ${base.statusCode} ${base.body}`);
                continue;
            }
            const targets: { where: string; params: Record<string, Json>; body: Json | undefined }[] = [];
            for (const value of PII_SHAPED_VALUES) {
                for (const param of operation.params) {
                    if (typeof params[param.name] === 'string') {
                        targets.push({ where: `path ${param.name}`, params: { ...params, [param.name]: value }, body });
                    }
                }
                for (const at of body === undefined ? [] : stringLocations(body)) {
                    targets.push({ where: `body ${at.join('.')}`, params, body: replaced(body!, at, value) });
                }
            }
            for (const target of targets) {
                const before = ledgerCalls();
                const response = await send(operation, target.params as Record<string, string>, target.body);
                checked += 1;
                const refused =
                    response.statusCode === 400 &&
                    String(response.headers['content-type']).startsWith('application/problem+json') &&
                    ledgerCalls() === before;
                if (!refused) {
                    leaks.push(`${operation.operationId} ${target.where}: ${response.statusCode}`);
                }
            }
        }
        expect(leaks).toEqual([]);
        expect(checked).toBeGreaterThan(500);
    });
});
