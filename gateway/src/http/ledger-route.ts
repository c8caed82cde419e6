import { canonicalJson } from '@lendledger/domain';
import { type TSchema } from 'typebox';
import { type Role } from '../config/gateway-config.js';
import { type TransactionCall } from '../fabric/ledger-client.js';

/** What a request carries, after schema validation. */
export interface RouteInput {
    readonly params: Readonly<Record<string, unknown>>;
    readonly query: Readonly<Record<string, unknown>>;
    readonly body: unknown;
}

/** The chaincode arguments of one call, besides the function name and the signer. */
export type CallArguments = Omit<TransactionCall, 'identity' | 'name'>;

/** The job sizes of a batch area, read from the `jobs.*` settings. */
export type JobArea = 'evidence' | 'anchor' | 'case';

/**
 * How a batch route turns into a background job when it carries more items than the area's threshold: the request
 * is split into chunks of at most the area's chunk size (and `maxWeight`, if given), each one transaction.
 */
export interface JobPolicy {
    readonly area: JobArea;
    /** The items of the request. */
    items(input: RouteInput): readonly unknown[];
    /** The request object of one chunk. */
    request(input: RouteInput, items: readonly unknown[]): Record<string, unknown>;
    /** Optional second bound on a chunk (e.g. package fingerprints per case filing transaction). */
    readonly weight?: (item: unknown) => number;
    readonly maxWeight?: number;
}

/**
 * One REST operation backed by one chaincode transaction. Adding an operation is adding one of these to an area's
 * list: the plumbing (auth, roles, validation, limits, retries, idempotency, jobs, errors, OpenAPI) is shared.
 */
export interface LedgerRoute {
    readonly method: 'GET' | 'POST' | 'PUT';
    /** Fastify path, e.g. `/v1/evidence/:id`. */
    readonly url: string;
    readonly operationId: string;
    readonly summary: string;
    readonly description?: string;
    readonly tags: readonly string[];
    /** `Contract:Function`. */
    readonly transaction: string;
    /** Writes are submitted (endorse, order, commit), reads evaluated on the organisation's peer. */
    readonly mode: 'submit' | 'evaluate';
    /** Roles allowed; by default reads allow submitter/auditor/admin and writes submitter/admin. */
    readonly roles?: readonly Role[];
    readonly schema: {
        readonly params?: TSchema;
        readonly querystring?: TSchema;
        readonly body?: TSchema;
        /** The chaincode's answer (for writes, wrapped in the transaction envelope). */
        readonly result: TSchema;
    };
    /**
     * The chaincode arguments. By default one canonical-JSON argument: query, body and path parameters merged
     * (path parameters win).
     */
    readonly call?: (input: RouteInput) => CallArguments;
    readonly job?: JobPolicy;
}

/** The default request object: query, then body members, then path parameters. */
export function mergedRequest(input: RouteInput): Record<string, unknown> {
    const body = typeof input.body === 'object' && input.body !== null ? (input.body as Record<string, unknown>) : {};
    return { ...input.query, ...body, ...input.params };
}

/** A call with one canonical-JSON argument built from the request (for routes that rename or add members). */
export function jsonCall(build: (input: RouteInput) => Record<string, unknown>): (input: RouteInput) => CallArguments {
    return (input) => ({ args: [canonicalJson(build(input))] });
}
