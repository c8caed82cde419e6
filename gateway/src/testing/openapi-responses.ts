import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks real answers against the response schemas of the gateway's own OpenAPI document, so that a schema that
 * disagrees with what the chaincode returns fails the test that met the answer instead of misleading integrators.
 * The integration suites run every answer through it (test/support/gateway-client.ts).
 */

/** The members of an OpenAPI 3.1 document this checker reads. */
export interface OpenApiDocument {
    readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
}

interface OpenApiOperation {
    readonly operationId?: string;
    readonly responses?: Readonly<Record<string, { readonly content?: Readonly<Record<string, { schema?: object }>> }>>;
}

/** One documented path: its template and the pattern a concrete path matches. */
interface PathTemplate {
    readonly template: string;
    readonly pattern: RegExp;
    /** Literal segments; a concrete path matching several templates belongs to the most literal one. */
    readonly literals: number;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** The checker of one document; schemas are compiled once, on first use. */
export class ResponseChecker {
    readonly #document: OpenApiDocument;
    readonly #templates: readonly PathTemplate[];
    readonly #ajv: Ajv2020;
    readonly #compiled = new Map<object, ValidateFunction>();

    constructor(document: OpenApiDocument) {
        this.#document = document;
        this.#templates = Object.keys(document.paths).map(templateOf);
        // Documentation keywords (`examples`, OpenAPI's own) are not validation keywords: not strict.
        this.#ajv = new Ajv2020({ strict: false, allErrors: true });
        addFormats.default(this.#ajv);
    }

    /**
     * What is wrong with an answer: empty when it conforms to the response schema documented for its operation and
     * status (exact status first, then `4XX`/`5XX`, then `default`). An answer of an undocumented path or method,
     * or of a status or media type without a schema, has nothing to check against and is not judged here.
     */
    problems(method: string, url: string, status: number, body: unknown, contentType?: string): string[] {
        const operation = this.#operation(method, url);
        const schema = operation && schemaOf(operation, status, contentType);
        if (schema === undefined) {
            return [];
        }
        const validate = this.#validator(schema);
        if (validate(body)) {
            return [];
        }
        const name = `${method.toUpperCase()} ${url} ${status} (${operation?.operationId ?? 'unnamed operation'})`;
        return (validate.errors ?? []).map((error) => {
            const member: unknown = error.params['additionalProperty'];
            const what = typeof member === 'string' ? ` (${member})` : '';
            return `${name}: ${error.instancePath || '/'} ${error.message ?? 'is invalid'}${what}`;
        });
    }

    #operation(method: string, url: string): OpenApiOperation | undefined {
        const path = url.split('?')[0]!;
        const template = this.#templates
            .filter((candidate) => candidate.pattern.test(path))
            .sort((left, right) => right.literals - left.literals)[0];
        const lower = method.toLowerCase();
        return template && HTTP_METHODS.has(lower) ? this.#document.paths[template.template]?.[lower] : undefined;
    }

    #validator(schema: object): ValidateFunction {
        let validate = this.#compiled.get(schema);
        if (validate === undefined) {
            validate = this.#ajv.compile(schema);
            this.#compiled.set(schema, validate);
        }
        return validate;
    }
}

/** The schema of an operation's answer with this status and media type, if it documents one. */
function schemaOf(operation: OpenApiOperation, status: number, contentType: string | undefined): object | undefined {
    const responses = operation.responses ?? {};
    const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    return response?.content?.[mediaTypeOf(contentType)]?.schema;
}

function templateOf(template: string): PathTemplate {
    const segments = template.split('/');
    const source = segments
        .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
    return {
        template,
        pattern: new RegExp(`^${source}$`),
        literals: segments.filter((segment) => !segment.startsWith('{')).length,
    };
}

/** The media type an answer is documented under: problem documents are JSON too. */
function mediaTypeOf(contentType: string | undefined): string {
    const type = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
    return type === 'application/problem+json' ? 'application/json' : type;
}
