import { currentSession, signOut } from './session.ts';

/** An RFC 9457 problem the gateway answered with. */
export interface Problem {
    readonly type?: string;
    readonly title?: string;
    readonly status?: number;
    readonly detail?: string;
    readonly code?: string;
    readonly [field: string]: unknown;
}

/** A request the gateway refused or could not answer; `code` is the gateway's stable problem code. */
export class ApiError extends Error {
    readonly status: number;
    readonly code: string;
    readonly problem: Problem;

    constructor(status: number, problem: Problem) {
        super(problem.detail ?? problem.title ?? `HTTP ${status}`);
        this.name = 'ApiError';
        this.status = status;
        this.code = problem.code ?? `HTTP_${status}`;
        this.problem = problem;
    }
}

/** Options of {@link api}. */
export interface ApiOptions {
    readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
    /** JSON-encoded unless it is a Blob, ArrayBuffer or Uint8Array (sent as is). */
    readonly body?: unknown;
    readonly headers?: Record<string, string>;
    /** Send no Authorization header even when signed in (public routes). */
    readonly anonymous?: boolean;
    readonly signal?: AbortSignal;
    /** Longest wait for the answer; 60 s unless given. */
    readonly timeoutMs?: number;
}

/**
 * Calls this gateway's REST API (same origin) with the signed-in user's token and returns the parsed JSON.
 * An answer outside 2xx throws {@link ApiError}; a 401 also ends the session, so the page asks to sign in again.
 */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
    const response = await send(path, options);
    const text = await response.text();
    const body: unknown = text === '' ? undefined : parseJson(text);
    if (!response.ok) {
        if (response.status === 401 && !options.anonymous) {
            signOut();
        }
        throw new ApiError(
            response.status,
            isProblem(body) ? body : { status: response.status, detail: text.slice(0, 200) },
        );
    }
    return body as T;
}

/** Like {@link api} but returns the raw response (for downloads such as CSV or ZIP); refusals still throw. */
export async function apiRaw(path: string, options: ApiOptions = {}): Promise<Response> {
    const response = await send(path, options);
    if (!response.ok) {
        const text = await response.text();
        const body = parseJson(text);
        throw new ApiError(response.status, isProblem(body) ? body : { status: response.status });
    }
    return response;
}

async function send(path: string, options: ApiOptions): Promise<Response> {
    const headers: Record<string, string> = {
        accept: 'application/json, application/problem+json',
        ...options.headers,
    };
    const session = options.anonymous ? undefined : currentSession();
    if (session) {
        headers.authorization = `Bearer ${session.token}`;
    }
    let body: BodyInit | undefined;
    if (options.body instanceof Blob || options.body instanceof ArrayBuffer || options.body instanceof Uint8Array) {
        body = options.body as BodyInit;
        headers['content-type'] ??= 'application/octet-stream';
    } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
    }
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    return fetch(path, { method: options.method ?? 'GET', headers, body, signal });
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

function isProblem(value: unknown): value is Problem {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fresh idempotency key for one write, so a retried click cannot write twice. */
export function idempotencyKey(): string {
    return crypto.randomUUID();
}
