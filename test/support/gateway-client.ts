import { issueDevToken, loadOrCreateDevKey, type Role } from '@lendledger/gateway';
import { ResponseChecker, type OpenApiDocument } from '@lendledger/gateway/testing/openapi-responses.ts';
import { devIssuerKeyPath, devIssuerOf, GATEWAY_AUDIENCE, gatewayUrl } from '@lendledger/network/gateways.ts';
import { type LocalNetwork } from '@lendledger/network/local-network.ts';
import { orgOf } from './test-network.ts';

/** An HTTP answer of a gateway: status, headers and the parsed JSON body (the text when it is not JSON). */
export interface GatewayResponse<T = unknown> {
    readonly status: number;
    readonly headers: Headers;
    readonly body: T;
}

type OrgKey = Parameters<typeof orgOf>[1];

/**
 * The consistency token of this test process: the highest block any write was answered with (`Ledger-Block`).
 * Each gateway waits for a commit on its own organisation's peer only, so a write at one organisation followed at
 * once by a read or an append at another could miss it. Every request therefore names this block as
 * `Ledger-Min-Block`, the hand-off gateway/README.md describes; a request that sets the header itself keeps its own.
 */
let lastWrittenBlock: bigint | undefined;

/** The block every later request of this process waits for, if any write has been answered yet. */
export function consistencyToken(): bigint | undefined {
    return lastWrittenBlock;
}

function rememberBlock(header: string | null): void {
    if (header !== null && /^[0-9]+$/.test(header)) {
        const block = BigInt(header);
        if (lastWrittenBlock === undefined || block > lastWrittenBlock) {
            lastWrittenBlock = block;
        }
    }
}

/** The response checker of each gateway, from its OpenAPI document, fetched once. */
const checkers = new Map<string, Promise<ResponseChecker>>();

function checkerOf(baseUrl: string): Promise<ResponseChecker> {
    let checker = checkers.get(baseUrl);
    if (checker === undefined) {
        checker = fetch(`${baseUrl}/v1/openapi.json`, { signal: AbortSignal.timeout(30_000) })
            .then((response) => response.json() as Promise<OpenApiDocument>)
            .then((document) => new ResponseChecker(document));
        checkers.set(baseUrl, checker);
    }
    return checker;
}

/**
 * Fails the request when its answer does not conform to the response schema the gateway documents for the
 * operation and status: every answer an integration suite meets also tests the OpenAPI document.
 */
async function requireDocumented(
    baseUrl: string,
    method: string,
    path: string,
    response: Response,
    body: unknown,
): Promise<void> {
    const checker = await checkerOf(baseUrl);
    const problems = checker.problems(
        method,
        path,
        response.status,
        body,
        response.headers.get('content-type') ?? undefined,
    );
    if (problems.length > 0) {
        throw new Error(`the answer does not match the OpenAPI document:\n${problems.join('\n')}`);
    }
}

/** A user of one organisation talking to that organisation's REST gateway with a development token. */
export class GatewayClient {
    readonly baseUrl: string;
    readonly #token: string;

    constructor(baseUrl: string, token: string) {
        this.baseUrl = baseUrl;
        this.#token = token;
    }

    get authorization(): string {
        return `Bearer ${this.#token}`;
    }

    async request<T = unknown>(
        method: string,
        path: string,
        body?: unknown,
        headers: Readonly<Record<string, string>> = {},
    ): Promise<GatewayResponse<T>> {
        const response = await fetch(`${this.baseUrl}${path}`, {
            method,
            headers: {
                authorization: this.authorization,
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                ...(lastWrittenBlock === undefined ? {} : { 'ledger-min-block': lastWrittenBlock.toString() }),
                ...headers,
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(120_000),
        });
        rememberBlock(response.headers.get('ledger-block'));
        const text = await response.text();
        let parsed: unknown = text;
        try {
            parsed = JSON.parse(text);
        } catch {
            // Not JSON: keep the text.
        }
        await requireDocumented(this.baseUrl, method, path, response, parsed);
        return { status: response.status, headers: response.headers, body: parsed as T };
    }

    get<T = unknown>(path: string): Promise<GatewayResponse<T>> {
        return this.request<T>('GET', path);
    }

    post<T = unknown>(path: string, body: unknown, headers?: Record<string, string>): Promise<GatewayResponse<T>> {
        return this.request<T>('POST', path, body, headers);
    }
}

/**
 * A client of the organisation's gateway on the test network, as `user` with `roles`, holding a token of the
 * instance's development issuer (the one scripts/token.sh uses).
 */
export async function gatewayAs(
    network: LocalNetwork,
    key: OrgKey,
    user = 'User1',
    roles: readonly Role[] = ['submitter'],
): Promise<GatewayClient> {
    const org = orgOf(network, key);
    const signingKey = await loadOrCreateDevKey(devIssuerKeyPath(network.topology));
    const token = await issueDevToken(signingKey, {
        issuer: devIssuerOf(network.topology),
        audience: GATEWAY_AUDIENCE,
        subject: user,
        org: org.key,
        roles,
        ttlSeconds: 3_600,
    });
    return new GatewayClient(gatewayUrl(org), token);
}

/** Expects a 2xx answer and returns its body; otherwise fails with the problem document in the message. */
export function ok<T>(response: GatewayResponse<T>): T {
    if (response.status < 200 || response.status >= 300) {
        throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body;
}
