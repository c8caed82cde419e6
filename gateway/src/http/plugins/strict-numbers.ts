import {
    type FastifyRequest,
    type onRouteHookHandler,
    type preValidationHookHandler,
    type RouteOptions,
} from 'fastify';

/**
 * The gateway validates with Ajv's type coercion off, so a JSON body must carry numbers as numbers (`"100"` where
 * an integer is expected is a 400, not 100). Query strings, path parameters and headers are text by nature, so
 * their numeric and boolean fields are converted here, before validation, from the plain decimal form only:
 * `pageSize=10` is 10, while `0x10`, `1e1`, ` 10`, `+10` and `10.` stay text and fail validation. Ajv's own
 * coercion would have accepted all of those (it uses `Number()`), letting two spellings reach the ledger as one.
 */

type Kind = 'integer' | 'number' | 'boolean';

/** The request parts that arrive as text. */
const TEXT_PARTS = ['querystring', 'params', 'headers'] as const;
type TextPart = (typeof TEXT_PARTS)[number];

const INTEGER_TEXT = /^-?[0-9]+$/;
const NUMBER_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;

/** The value of a text field for a schema kind; undefined when the text is not in the plain form. */
export function fromText(text: string, kind: Kind): number | boolean | undefined {
    if (kind === 'boolean') {
        return text === 'true' ? true : text === 'false' ? false : undefined;
    }
    return (kind === 'integer' ? INTEGER_TEXT : NUMBER_TEXT).test(text) ? Number(text) : undefined;
}

/** The numeric and boolean properties of an object schema, by name. */
function kindsOf(schema: unknown): Map<string, Kind> {
    const kinds = new Map<string, Kind>();
    const properties = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties;
    for (const [name, property] of Object.entries(properties ?? {})) {
        if (property.type === 'integer' || property.type === 'number' || property.type === 'boolean') {
            kinds.set(name, property.type);
        }
    }
    return kinds;
}

function valuesOf(request: FastifyRequest, part: TextPart): Record<string, unknown> | undefined {
    const values = part === 'querystring' ? request.query : part === 'params' ? request.params : request.headers;
    return typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : undefined;
}

/**
 * An `onRoute` hook: for every route whose querystring, params or headers schema has numeric or boolean fields,
 * adds a preValidation step that converts their plain-form text.
 */
export const convertTextNumbers: onRouteHookHandler = (route: RouteOptions) => {
    const schema = route.schema as Partial<Record<TextPart, unknown>> | undefined;
    const parts = TEXT_PARTS.map((part) => [part, kindsOf(schema?.[part])] as const).filter(
        ([, kinds]) => kinds.size > 0,
    );
    if (parts.length === 0) {
        return;
    }
    const convert: preValidationHookHandler = (request, _reply, done) => {
        for (const [part, kinds] of parts) {
            const values = valuesOf(request, part);
            for (const [name, kind] of kinds) {
                const text = values?.[name];
                const value = typeof text === 'string' ? fromText(text, kind) : undefined;
                if (value !== undefined) {
                    values![name] = value;
                }
            }
        }
        done();
    };
    const existing = route.preValidation;
    route.preValidation = [convert, ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing])];
};
