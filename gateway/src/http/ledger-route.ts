import { canonicalJson } from '@lendledger/domain';
import { type Static, type TSchema } from 'typebox';
import { type Role } from '../config/gateway-config.js';
import { type TransactionCall } from '../fabric/ledger-client.js';

/** What a request carries, after schema validation: by default of unknown shape, in a route the schemas' types. */
export interface RouteInput<Params = unknown, Query = unknown, Body = unknown> {
    readonly params: Params;
    readonly query: Query;
    readonly body: Body;
}

/** The request and answer schemas of a route. */
export interface RouteSchemas {
    readonly params?: TSchema;
    readonly querystring?: TSchema;
    readonly body?: TSchema;
    /** The chaincode's answer (for writes, wrapped in the transaction envelope). */
    readonly result: TSchema;
}

/** The type a schema gives a request part; a part without a schema is absent. */
type StaticOf<Schema> = Schema extends TSchema ? Static<Schema> : undefined;

/** What a route with these schemas receives: the types of its validated parameters, query and body. */
export type InputOf<Schemas extends RouteSchemas> = RouteInput<
    StaticOf<Schemas['params']>,
    StaticOf<Schemas['querystring']>,
    StaticOf<Schemas['body']>
>;

/** The chaincode arguments of one call, besides the function name and the signer. */
export type CallArguments = Omit<TransactionCall, 'identity' | 'name'>;

/** What a route's `call` may consult: chaincode reads evaluated as the caller, on the organisation's peer. */
export interface CallContext {
    /** Evaluates `name` with the canonical JSON of `request` as its one argument; answers the parsed JSON. */
    readJson<T>(name: string, request: Readonly<Record<string, unknown>>): Promise<T>;
}

/** The job sizes of a batch area, read from the `jobs.*` settings. */
export type JobArea = 'evidence' | 'anchor' | 'case';

/**
 * How a batch route turns into a background job when it carries more items than the area's threshold: the request
 * is split into chunks of at most the area's chunk size (and `maxWeight`, if given), each one transaction.
 */
export interface JobPolicy<Input = RouteInput, Item = unknown> {
    readonly area: JobArea;
    /** The items of the request. */
    items(input: Input): readonly Item[];
    /** The request object of one chunk. */
    request(input: Input, items: readonly Item[]): Record<string, unknown>;
    /** Optional second bound on a chunk (e.g. package fingerprints per case filing transaction). */
    weight?(item: Item): number;
    readonly maxWeight?: number;
}

/**
 * One REST operation backed by one chaincode transaction. Adding an operation is adding one of these to an area's
 * list: the plumbing (auth, roles, validation, limits, retries, idempotency, jobs, errors, OpenAPI) is shared.
 *
 * Defined with {@link ledgerRoute}, `call` and `job` see the request as the route's schemas type it. An area's list
 * holds routes of different schemas as `LedgerRoute`: `call` and the job's functions are methods, whose parameters
 * TypeScript compares both ways, and the shared plumbing only ever passes a route the request its own schemas
 * validated.
 */
export interface LedgerRoute<Schemas extends RouteSchemas = RouteSchemas, Item = unknown> {
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
    readonly schema: Schemas;
    /**
     * The chaincode arguments. By default one canonical-JSON argument: query, body and path parameters merged
     * (path parameters win). A call may first read the ledger as the caller (e.g. a deal's parties, whose peers
     * endorse its private writes).
     */
    call?(input: InputOf<Schemas>, context: CallContext): CallArguments | Promise<CallArguments>;
    readonly job?: JobPolicy<InputOf<Schemas>, Item>;
}

/** A route whose `call` and `job` are typed by its schemas. */
export function ledgerRoute<const Schemas extends RouteSchemas, Item = unknown>(
    route: LedgerRoute<Schemas, Item>,
): LedgerRoute<Schemas, Item> {
    return route;
}

/** The default request object: query, then body members, then path parameters. */
export function mergedRequest(input: RouteInput): Record<string, unknown> {
    return { ...membersOf(input.query), ...membersOf(input.body), ...membersOf(input.params) };
}

/** A call with one canonical-JSON argument built from the request (for routes that rename or add members). */
export function jsonCall<Input>(build: (input: Input) => Record<string, unknown>): (input: Input) => CallArguments {
    return (input) => ({ args: [canonicalJson(build(input))] });
}

/** The members of a request part; a part that is absent (or not an object) has none. */
function membersOf(part: unknown): object {
    return typeof part === 'object' && part !== null ? part : {};
}
