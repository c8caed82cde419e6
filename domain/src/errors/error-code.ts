/**
 * One entry of the error catalogue: a stable machine-readable code, the HTTP status a gateway answers with,
 * and a short title for problem+json documents. Codes never change meaning once released.
 */
export interface ErrorCodeSpec {
    readonly code: string;
    readonly status: 400 | 403 | 404 | 409 | 422 | 429 | 500 | 503;
    readonly title: string;
}

/** Builds a frozen catalogue section keyed by code, checking each key matches its spec's code. */
export function errorSection<const T extends Record<string, Omit<ErrorCodeSpec, 'code'>>>(
    specs: T,
): { readonly [K in keyof T]: ErrorCodeSpec & { readonly code: K } } {
    const section: Record<string, ErrorCodeSpec> = {};
    for (const [code, spec] of Object.entries(specs)) {
        section[code] = Object.freeze({ code, ...spec });
    }
    return Object.freeze(section) as { readonly [K in keyof T]: ErrorCodeSpec & { readonly code: K } };
}
