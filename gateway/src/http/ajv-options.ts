/**
 * The gateway's Ajv options: no coercion (a JSON body carries numbers as numbers; text parts are converted by
 * convertTextNumbers), no removal of unknown properties, the first error only. Fastify's own validator and the
 * route that parses its body itself (sealed batches) compile with the same options.
 */
export const AJV_OPTIONS = {
    customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false },
} as const;
