/**
 * Requests built from the gateway's OpenAPI document: a valid request for every write route, and the same request
 * with one string (a path parameter or any string in the body, nested ones included) replaced. The unit test of the
 * write routes and the ledger scan of the integration suite both use it, so a new route or field is covered by both
 * without anyone listing it.
 */

import { jsonChanged, jsonPlaces, jsonStringPlaces, type Json } from '@lendledger/domain/testing/json-walk.ts';

export type { Json };
type Schema = Readonly<Record<string, unknown>>;

/** The parts of an OpenAPI document this module reads. */
export interface OpenApiDocument {
    readonly paths: Record<string, Record<string, Record<string, unknown>>>;
    readonly components?: { readonly schemas?: Record<string, Schema> };
}

/** One request to a write route. */
export interface WriteRequest {
    readonly operationId: string;
    readonly method: 'POST' | 'PUT' | 'PATCH';
    readonly url: string;
    readonly body: Json | undefined;
    /** Which string was replaced (`path name`, `body items.0.loanRef`), or `valid` for the unaltered request. */
    readonly where: string;
}

/** A write route with a valid request and the places a string can be replaced. */
export interface WriteOperation {
    readonly operationId: string;
    readonly valid: WriteRequest;
    /** The same request with each string in turn replaced by `value`. */
    withEachString(value: string): WriteRequest[];
    /** The same request with `key: value` added to each object of its body in turn (none without a body). */
    withExtraKey(key: string, value: Json): WriteRequest[];
}

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
    `ticket:${HEX}`,
    `ln_${HEX}`,
    HEX,
    'a1'.repeat(16),
    `adm:${'a1'.repeat(16)}`,
    '2026-01-31',
    '2026-01-31T00:00:00Z',
];

/**
 * The write routes (POST, PUT, PATCH with a JSON body or path parameters) of an OpenAPI document.
 *
 * @throws Error when no valid value can be built for some schema: extend {@link CANDIDATES}.
 */
export function writeOperations(document: OpenApiDocument): WriteOperation[] {
    const components = document.components?.schemas ?? {};
    return Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
            .filter(([method]) => WRITE_METHODS.includes(method))
            .map(([method, operation]) => buildOperation(path, method, operation, components))
            .filter((operation): operation is WriteOperation => operation !== undefined),
    );
}

function buildOperation(
    path: string,
    method: string,
    operation: Record<string, unknown>,
    components: Record<string, Schema>,
): WriteOperation | undefined {
    const operationId = String(operation.operationId);
    const parameters = (operation.parameters ?? []) as { in: string; name: string; schema: Schema }[];
    const pathParams = parameters.filter((parameter) => parameter.in === 'path');
    const bodySchema = (operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content?.['application/json']?.schema;
    if (pathParams.length === 0 && bodySchema === undefined) {
        return undefined;
    }
    const sampler = new Sampler(components);
    const params = Object.fromEntries(
        pathParams.map((param) => [param.name, String(sampler.sample(param.schema, `${operationId}:${param.name}`))]),
    );
    const body = bodySchema === undefined ? undefined : sampler.sample(bodySchema, operationId);
    const request = (values: Record<string, string>, payload: Json | undefined, where: string): WriteRequest => ({
        operationId,
        method: method.toUpperCase() as WriteRequest['method'],
        url: path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]!)),
        body: payload,
        where,
    });
    return {
        operationId,
        valid: request(params, body, 'valid'),
        withEachString: (value) => [
            ...pathParams.map((param) => request({ ...params, [param.name]: value }, body, `path ${param.name}`)),
            ...(body === undefined
                ? []
                : jsonStringPlaces(body).map((at) =>
                      request(params, jsonChanged(body, at, value), `body ${at.join('.')}`),
                  )),
        ],
        withExtraKey: (key, value) =>
            body === undefined
                ? []
                : jsonPlaces(body)
                      .filter((at) => isObject(valueAt(body, at)))
                      .map((at) =>
                          request(params, jsonChanged(body, [...at, key], value), `body ${at.join('.')} + key`),
                      ),
    };
}

function isObject(value: Json | undefined): boolean {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueAt(value: Json, at: readonly (string | number)[]): Json | undefined {
    return at.reduce<Json | undefined>(
        (inner, part) =>
            inner !== null && typeof inner === 'object' ? (inner as Record<string, Json>)[String(part)] : undefined,
        value,
    );
}

/** Builds valid values of schemas, with every optional member present so that its strings are tested too. */
class Sampler {
    readonly #components: Record<string, Schema>;

    constructor(components: Record<string, Schema>) {
        this.#components = components;
    }

    sample(raw: Schema, where: string): Json {
        const schema = this.#resolve(raw);
        const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
        if (branches) {
            return this.sample(branches[0]!, where);
        }
        if (schema.const !== undefined) {
            return schema.const as Json;
        }
        switch (schema.type) {
            case 'object':
                return Object.fromEntries(
                    Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([key, member]) => [
                        key,
                        this.sample(member, `${where}.${key}`),
                    ]),
                );
            case 'array':
                return Array.from({ length: Math.max(1, Number(schema.minItems ?? 1)) }, (_, i) =>
                    this.sample(schema.items as Schema, `${where}[${i}]`),
                );
            case 'string':
                return sampleString(schema, where);
            case 'integer':
            case 'number':
                return Math.max(Number(schema.minimum ?? 1), 1);
            case 'boolean':
                return false;
            default:
                throw new Error(`cannot build a sample for ${where}: ${JSON.stringify(schema).slice(0, 120)}`);
        }
    }

    #resolve(schema: Schema): Schema {
        const ref = schema.$ref;
        if (typeof ref !== 'string') {
            return schema;
        }
        const target = this.#components[ref.replace('#/components/schemas/', '')];
        if (!target) {
            throw new Error(`unresolved schema reference ${ref}`);
        }
        return this.#resolve(target);
    }
}

function sampleString(schema: Schema, where: string): string {
    if (Array.isArray(schema.enum)) {
        return String(schema.enum[0]);
    }
    const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
    const max = Number(schema.maxLength ?? Infinity);
    const min = Number(schema.minLength ?? 0);
    const fits = CANDIDATES.find(
        (value) => value.length >= min && value.length <= max && (pattern?.test(value) ?? true),
    );
    if (fits === undefined) {
        throw new Error(`no sample value fits ${where} (pattern ${String(schema.pattern)}): add one to CANDIDATES`);
    }
    return fits;
}
