import { type FastifyInstance } from 'fastify';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Readonly<Record<string, unknown>>;

/** One operation of the gateway's OpenAPI document that takes a body or path parameters. */
export interface DocumentedOperation {
    readonly method: 'POST' | 'PUT' | 'PATCH';
    readonly path: string;
    readonly operationId: string;
    /** A valid URL: the path with each parameter replaced by a sample. */
    readonly url: string;
    /** A valid JSON body, with every optional member present; `undefined` when the operation takes none. */
    readonly body: Json | undefined;
}

const WRITE_METHODS = new Set(['post', 'put', 'patch']);
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

/**
 * The POST, PUT and PATCH operations of the app's OpenAPI document, each with a sample request that its schemas
 * accept. Tests built on it cover a new route without anyone listing it.
 *
 * @throws Error when no sample fits a string schema (add a value to CANDIDATES).
 */
export async function documentedWriteOperations(app: FastifyInstance): Promise<DocumentedOperation[]> {
    const document = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{
        paths: Record<string, Record<string, Record<string, unknown>>>;
        components?: { schemas?: Record<string, Schema> };
    }>();
    const samples = new SampleBuilder(document.components?.schemas ?? {});
    return Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
            .filter(([method]) => WRITE_METHODS.has(method))
            .map(([method, operation]): DocumentedOperation => {
                const operationId = String(operation.operationId);
                const parameters = (operation.parameters ?? []) as { in: string; name: string; schema: Schema }[];
                const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
                    const parameter = parameters.find(
                        (candidate) => candidate.in === 'path' && candidate.name === name,
                    );
                    return encodeURIComponent(String(samples.of(parameter?.schema ?? {}, `${operationId}:${name}`)));
                });
                const content = (operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
                    ?.content?.['application/json'];
                const body = content ? samples.of(content.schema, operationId) : undefined;
                return { method: method.toUpperCase() as DocumentedOperation['method'], path, operationId, url, body };
            }),
    );
}

class SampleBuilder {
    readonly #components: Readonly<Record<string, Schema>>;

    constructor(components: Readonly<Record<string, Schema>>) {
        this.#components = components;
    }

    /** A valid value of a schema, with every optional member present. */
    of(raw: Schema, where: string): Json {
        const schema = this.#resolve(raw);
        const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
        if (branches) {
            return this.of(branches[0]!, where);
        }
        if (schema.const !== undefined) {
            return schema.const as Json;
        }
        if (Array.isArray(schema.enum)) {
            return schema.enum[0] as Json;
        }
        switch (schema.type) {
            case 'object': {
                const properties = (schema.properties ?? {}) as Record<string, Schema>;
                return Object.fromEntries(
                    Object.entries(properties).map(([key, member]) => [key, this.of(member, `${where}.${key}`)]),
                );
            }
            case 'array': {
                const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
                return Array.from({ length: count }, (_, i) => this.of(schema.items as Schema, `${where}[${i}]`));
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
