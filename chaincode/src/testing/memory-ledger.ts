import { type peer } from '@hyperledger/fabric-protos';
import { type Context } from 'fabric-contract-api';
import { type ChaincodeStub, type ClientIdentity, type Iterators } from 'fabric-shim';
import {
    canonicalBytes,
    DEFAULT_FOUNDING_MEMBERS,
    type AdmissionRecord,
    type LoanParties,
    type MemberEntry,
    type MembershipRegistry,
} from '@lendledger/domain';
import { ADMISSION_OBJECT_TYPES } from '../membership/admissions/admission-keys.js';
import { REGISTRY_OBJECT_TYPES } from '../membership/registry-keys.js';
import { majorityPolicyOf } from '../membership/registry-policy.js';

/**
 * An in-memory stand-in for the peer, for unit tests of contracts. It keeps Fabric's transaction semantics that
 * contracts depend on: a transaction reads only committed state (never its own writes), its writes and its one
 * event take effect only if the function returns, keys iterate in byte order, composite keys use Fabric's
 * encoding, each key keeps its history (newest first), a range or history query returns at most the peer's
 * `ledger.state.totalQueryLimit` results (silently, as the peer does, and a page at most that many), and a
 * transaction that writes may not run a paginated query (nor write after one), which the peer refuses.
 */

/** The peer's default `ledger.state.totalQueryLimit` (core.yaml). */
export const PEER_TOTAL_QUERY_LIMIT = 100_000;

/** A caller as a test describes it. */
export interface TestIdentity {
    readonly mspId: string;
    readonly commonName: string;
    readonly attributes?: Readonly<Record<string, string>>;
    /**
     * The NodeOU the member's CA put in the certificate's subject (`OU=client` when absent): `admin` for a member's
     * administrators, who alone propose and approve registry changes.
     */
    readonly nodeRole?: 'client' | 'admin';
}

/** What a committed transaction left behind. */
export interface Invocation {
    readonly txId: string;
    readonly time: string;
    readonly payload: string;
    readonly event?: { readonly name: string; readonly payload: unknown };
    /**
     * How many times the transaction called each stub method (`getState`, `putState`, `setEvent`...), and the
     * identity methods as `clientIdentity.<method>`: on a real peer each state call is a round trip between the
     * chaincode and the peer, and each read and write is validated by every peer, so cost tests count them.
     */
    readonly calls: ReadonlyMap<string, number>;
    /** Every key the transaction read with `getState` or a batched read: its read set, less range queries. */
    readonly reads: ReadonlySet<string>;
}

/**
 * What a refused transaction tried to leave behind before it threw. Fabric discards it, but chaincode checks every
 * rule before its first write, so a refusal that had already written or emitted would be one step from a partial
 * write the day someone catches the error.
 */
export interface Refusal {
    readonly txId: string;
    readonly writes: readonly string[];
    readonly privateWrites: readonly string[];
    /** Keys whose key-level endorsement policy the transaction set. */
    readonly policyWrites: readonly string[];
    readonly event?: string;
}

interface Version {
    readonly txId: string;
    readonly millis: number;
    readonly value: Uint8Array | null;
}

type TransactionFunction = (ctx: Context, ...args: string[]) => Promise<unknown>;

/** Transaction ID of the seeded registry and admissions. */
const SEED_TX_ID = 'tx000000';

/**
 * The parties of unit tests' loans: the development network's platform and bank, and a product the default ledger's
 * bank admits that platform for. Tests of admission itself seed none (`admissions: []`) and admit explicitly.
 */
export const TEST_LOAN_PARTIES: LoanParties = Object.freeze({
    platform: 'PlatformMSP',
    bank: 'BankMSP',
    product: 'CONSUMER_LOAN',
});

/** When seeded admissions were recorded and until when they hold: the whole of any test's clock. */
const SEED_ADMISSION_FROM = '2000-01-01T00:00:00.000Z';
const SEED_ADMISSION_UNTIL = '2100-01-01T00:00:00.000Z';
const COMPOSITE_SEPARATOR = '\u0000';
const MAX_UNICODE_RUNE = '\u{10ffff}';
/** fabric-shim's stand-in for an empty start key of a simple-key range. */
const EMPTY_KEY_SUBSTITUTE = '\u0001';

/**
 * What the real peer does instead of answering: goleveldb panics when a range query's start key lies after its end
 * key (an open upstream bug), and the peer process dies. Chaincode must never let a query get this far; a test that
 * sees this error has found a request that would crash a peer.
 */
export class PeerPanicError extends Error {
    constructor(
        readonly startKey: string,
        readonly endKey: string,
    ) {
        super(`peer panic: range start ${JSON.stringify(startKey)} lies after its end ${JSON.stringify(endKey)}`);
        this.name = PeerPanicError.name;
    }
}

/**
 * The method the peer's dispatcher would run for `fn`. A contract with fabric-contract-api metadata answers only the
 * functions it declares, and everything else through its `unknownTransaction` hook, as the peer does; a plain
 * object (a test's own probe) answers any of its methods.
 */
function dispatch(contract: object, fn: string): TransactionFunction {
    const methods = contract as Record<string, unknown>;
    const getMetadata = (Reflect as unknown as { getMetadata?: (key: string, target: object) => unknown }).getMetadata;
    const declared = getMetadata?.('fabric:transactions', contract) as readonly { name: string }[] | undefined;
    const known = declared === undefined ? typeof methods[fn] === 'function' : declared.some(({ name }) => name === fn);
    if (known) {
        return methods[fn] as TransactionFunction;
    }
    if (typeof methods.unknownTransaction === 'function') {
        return methods.unknownTransaction as TransactionFunction;
    }
    throw new Error(`contract has no transaction function ${fn}`);
}

/** The name clients address a contract by: the `name` fabric-contract-api's Contract keeps (what `getName()` answers). */
function contractName(contract: object): string {
    const { name } = contract as { name?: unknown };
    return typeof name === 'string' ? name : '';
}

/** Organisation domain used to build certificate subjects, e.g. PlatformMSP → platform.lendledger.test. */
function domainOf(mspId: string): string {
    return `${mspId.replace(/MSP$/, '').toLowerCase()}.lendledger.test`;
}

/** Builds the identity string `ClientIdentity.getID()` returns for a test caller. */
export function identityId(identity: TestIdentity): string {
    const domain = domainOf(identity.mspId);
    return `x509::/C=CN/ST=Beijing/L=Beijing/OU=${identity.nodeRole ?? 'client'}/CN=${identity.commonName}::/C=CN/ST=Beijing/L=Beijing/O=${domain}/CN=ca.${domain}`;
}

export class MemoryLedger {
    readonly #state = new Map<string, Uint8Array>();
    /** The committed keys in Fabric's order, kept until a commit adds or deletes a key (range queries read it). */
    #sortedKeys: string[] | undefined;
    readonly #history = new Map<string, Version[]>();
    readonly #privateData = new Map<string, Map<string, Uint8Array>>();
    readonly #validationParameters = new Map<string, Uint8Array>();
    #clockMillis: number;
    #txCounter = 0;
    #lastRefusal: Refusal | undefined;
    readonly #stepMillis: number;
    readonly #peerMspId: string | undefined;
    readonly #totalQueryLimit: number;

    /**
     * @param options.peerMspId the organisation of the peer that runs every transaction (`stub.getMspID()`); by
     *   default the caller's own, as each organisation's gateway evaluates and first endorses on its own peer.
     * @param options.registry the founding members the ledger starts with, as if the network's set-up had
     *   bootstrapped them one second before `startTime`; `null` starts with no registry. Defaults to the five
     *   organisations of the development network, each in the role its name says.
     * @param options.admissions banks' admissions of platforms the ledger starts with, in force from 2000 to 2100.
     *   Defaults to {@link TEST_LOAN_PARTIES} with the default registry, and to none with any other.
     * @param options.totalQueryLimit the most results one range or history query answers (the rest silently left
     *   out) and the largest page; {@link PEER_TOTAL_QUERY_LIMIT} by default. Tests of unbounded sets set it low.
     */
    constructor(
        options: Readonly<{
            startTime?: string;
            stepMillis?: number;
            peerMspId?: string;
            registry?: readonly MemberEntry[] | null;
            admissions?: readonly LoanParties[];
            totalQueryLimit?: number;
        }> = {},
    ) {
        this.#clockMillis = Date.parse(options.startTime ?? '2026-01-05T08:00:00.000Z');
        this.#stepMillis = options.stepMillis ?? 1000;
        this.#peerMspId = options.peerMspId;
        this.#totalQueryLimit = options.totalQueryLimit ?? PEER_TOTAL_QUERY_LIMIT;
        const founding = options.registry === undefined ? DEFAULT_FOUNDING_MEMBERS : options.registry;
        if (founding !== null) {
            this.#seedRegistry(founding);
        }
        const admissions = options.admissions ?? (options.registry === undefined ? [TEST_LOAN_PARTIES] : []);
        admissions.forEach((parties, index) => this.#seedAdmission(parties, index));
    }

    #seedAdmission(parties: LoanParties, index: number): void {
        const millis = Date.parse(SEED_ADMISSION_FROM);
        const admission: AdmissionRecord = {
            id: `adm:${String(index + 1).padStart(32, '0')}`,
            ...parties,
            validFrom: SEED_ADMISSION_FROM,
            validUntil: SEED_ADMISSION_UNTIL,
            admittedAt: SEED_ADMISSION_FROM,
            txId: SEED_TX_ID,
            admittedBy: 'seeded by the test ledger',
        };
        const entries: [string, unknown][] = [
            [
                createCompositeKey(ADMISSION_OBJECT_TYPES.admission, [
                    parties.bank,
                    parties.platform,
                    parties.product,
                    admission.id,
                ]),
                admission,
            ],
            [createCompositeKey(ADMISSION_OBJECT_TYPES.index, [admission.id]), parties],
        ];
        for (const [key, value] of entries) {
            const bytes = canonicalBytes(value);
            this.#state.set(key, bytes);
            this.#sortedKeys = undefined;
            this.#history.set(key, [{ txId: SEED_TX_ID, millis, value: bytes }]);
        }
    }

    #seedRegistry(founding: readonly MemberEntry[]): void {
        const millis = this.#clockMillis - 1000;
        const at = new Date(millis).toISOString();
        const registry: MembershipRegistry = {
            version: 1,
            members: [...founding]
                .sort((a, b) => (a.mspId < b.mspId ? -1 : 1))
                .map((member) => ({ mspId: member.mspId, roles: [...member.roles].sort(), since: at })),
            updatedAt: at,
            txId: SEED_TX_ID,
        };
        const value = canonicalBytes(registry);
        const policy =
            registry.members.length === 0
                ? undefined
                : majorityPolicyOf(registry.members.map((member) => member.mspId));
        for (const key of [
            createCompositeKey(REGISTRY_OBJECT_TYPES.current, []),
            createCompositeKey(REGISTRY_OBJECT_TYPES.version, ['0000000001']),
        ]) {
            this.#state.set(key, value);
            this.#sortedKeys = undefined;
            this.#history.set(key, [{ txId: registry.txId, millis, value }]);
            if (policy !== undefined) {
                this.#validationParameters.set(key, policy);
            }
        }
    }

    /** Sets the timestamp of the next transaction. */
    setTime(iso: string): void {
        this.#clockMillis = Date.parse(iso);
    }

    /** The timestamp the next transaction will carry. */
    get nextTime(): string {
        return new Date(this.#clockMillis).toISOString();
    }

    /**
     * Runs one transaction function as `identity` and commits its writes if it returns.
     * The function's error propagates unchanged, and then nothing is written.
     */
    async invoke(contract: object, fn: string, identity: TestIdentity, ...args: string[]): Promise<Invocation> {
        const method = dispatch(contract, fn);
        this.#txCounter += 1;
        const txId = `tx${String(this.#txCounter).padStart(6, '0')}`;
        const millis = this.#clockMillis;
        this.#clockMillis += this.#stepMillis;
        const peerMspId = this.#peerMspId ?? identity.mspId;
        const tx = new MemoryTransaction(
            this,
            txId,
            millis,
            peerMspId,
            `${contractName(contract)}:${fn}`,
            args,
            this.#totalQueryLimit,
        );
        const ctx = {
            stub: counted(tx.stub(), tx.calls, ''),
            clientIdentity: counted(fakeClientIdentity(identity), tx.calls, 'clientIdentity.'),
        } as unknown as Context;
        let returned: unknown;
        try {
            // As fabric-contract-api does once it has found the function: the contract's hook runs first.
            // An unknown function goes straight to unknownTransaction, without the hook.
            const before = (contract as { beforeTransaction?: (ctx: Context) => Promise<void> }).beforeTransaction;
            if (method !== (contract as { unknownTransaction?: unknown }).unknownTransaction) {
                await before?.call(contract, ctx);
            }
            returned = await method.call(contract, ctx, ...args);
            if (method !== (contract as { unknownTransaction?: unknown }).unknownTransaction) {
                const after = (contract as { afterTransaction?: (ctx: Context, result: unknown) => Promise<void> })
                    .afterTransaction;
                await after?.call(contract, ctx, returned);
            }
        } catch (error) {
            this.#lastRefusal = {
                txId,
                writes: [...tx.writes.keys()],
                privateWrites: [...tx.privateWrites].flatMap(([collection, writes]) =>
                    [...writes.keys()].map((key) => `${collection}/${key}`),
                ),
                policyWrites: [...tx.validationParameters.keys()],
                ...(tx.event ? { event: tx.event.name } : {}),
            };
            throw error;
        }
        this.#commit(tx);
        const payload = typeof returned === 'string' ? returned : returned === undefined ? '' : String(returned);
        return {
            txId,
            time: new Date(millis).toISOString(),
            payload,
            ...(tx.event ? { event: tx.event } : {}),
            calls: tx.calls,
            reads: tx.reads,
        };
    }

    /** Runs a transaction function and parses its JSON result. */
    async invokeJson<T = unknown>(contract: object, fn: string, identity: TestIdentity, ...args: string[]): Promise<T> {
        const { payload } = await this.invoke(contract, fn, identity, ...args);
        return JSON.parse(payload) as T;
    }

    /** What the last refused transaction had written or emitted before it threw (all of it discarded). */
    get lastRefusal(): Refusal | undefined {
        return this.#lastRefusal;
    }

    /** Committed value of a key as UTF-8 text, or undefined. */
    read(key: string): string | undefined {
        const value = this.#state.get(key);
        return value === undefined ? undefined : Buffer.from(value).toString('utf8');
    }

    /** A copy of every committed key and value, to check that a refused call wrote nothing. */
    snapshot(): Map<string, string> {
        return new Map([...this.#state].map(([key, value]) => [key, Buffer.from(value).toString('utf8')]));
    }

    /** Keys that invoked transactions wrote (not the seeded registry), in Fabric's iteration order. */
    keysWritten(): string[] {
        return this.keys().filter((key) =>
            (this.#history.get(key) ?? []).some((version) => version.txId !== SEED_TX_ID),
        );
    }

    /** Committed keys in Fabric's iteration order. */
    keys(): string[] {
        return [...this.#keysInOrder()];
    }

    /** @internal The committed keys in order, shared: callers must not change the array. */
    committedKeysInOrder(): readonly string[] {
        return this.#keysInOrder();
    }

    #keysInOrder(): string[] {
        this.#sortedKeys ??= [...this.#state.keys()].sort(compareKeys);
        return this.#sortedKeys;
    }

    /** Committed private data of a collection, as text. */
    privateData(collection: string): Map<string, string> {
        const entries = this.#privateData.get(collection) ?? new Map<string, Uint8Array>();
        return new Map([...entries].map(([key, value]) => [key, Buffer.from(value).toString('utf8')]));
    }

    /** The committed key-level endorsement policy of a key (a SignaturePolicyEnvelope's bytes), or undefined. */
    validationParameter(key: string): Uint8Array | undefined {
        return this.#validationParameters.get(key);
    }

    /** @internal */ committed(key: string): Uint8Array | undefined {
        return this.#state.get(key);
    }

    /** @internal */ committedPrivate(collection: string, key: string): Uint8Array | undefined {
        return this.#privateData.get(collection)?.get(key);
    }

    /** @internal */ history(key: string): readonly Version[] {
        return this.#history.get(key) ?? [];
    }

    #commit(tx: MemoryTransaction): void {
        for (const [key, value] of tx.writes) {
            if ((value === null) === this.#state.has(key)) {
                this.#sortedKeys = undefined;
            }
            if (value === null) {
                this.#state.delete(key);
            } else {
                this.#state.set(key, value);
            }
            const versions = this.#history.get(key) ?? [];
            versions.push({ txId: tx.txId, millis: tx.millis, value });
            this.#history.set(key, versions);
        }
        for (const [collection, writes] of tx.privateWrites) {
            const target = this.#privateData.get(collection) ?? new Map<string, Uint8Array>();
            for (const [key, value] of writes) {
                if (value === null) {
                    target.delete(key);
                } else {
                    target.set(key, value);
                }
            }
            this.#privateData.set(collection, target);
        }
        for (const [key, policy] of tx.validationParameters) {
            if (policy !== undefined) {
                this.#validationParameters.set(key, policy);
            }
        }
    }
}

function compareKeys(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

class MemoryTransaction {
    readonly writes = new Map<string, Uint8Array | null>();
    readonly privateWrites = new Map<string, Map<string, Uint8Array | null>>();
    readonly validationParameters = new Map<string, Uint8Array>();
    readonly calls = new Map<string, number>();
    readonly reads = new Set<string>();
    event: { name: string; payload: unknown } | undefined;
    #writePerformed = false;
    #paginatedQueryPerformed = false;

    constructor(
        private readonly ledger: MemoryLedger,
        readonly txId: string,
        readonly millis: number,
        private readonly peerMspId: string,
        private readonly fcn: string,
        private readonly params: readonly string[],
        private readonly totalQueryLimit: number,
    ) {}

    /** The peer's transaction simulator: no write after a paginated query. */
    #beforeWrite(): void {
        if (this.#paginatedQueryPerformed) {
            throw new Error(
                `txid [${this.txId}]: unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed`,
            );
        }
        this.#writePerformed = true;
    }

    /** The peer's transaction simulator: no paginated query after a write. */
    #beforePaginatedQuery(): void {
        if (this.#writePerformed) {
            throw new Error(
                `txid [${this.txId}]: unsuppored transaction. Paginated queries are supported only in a read-only transaction`,
            );
        }
        this.#paginatedQueryPerformed = true;
    }

    /** The peer's answer to a batched message: WRITE_BATCH_STATE (24) or GET_STATE_MULTIPLE (25). */
    answer(message: peer.ChaincodeMessage): Buffer {
        const type: number = message.getType();
        const payload = message.getPayload_asU8();
        if (type === 24) {
            this.calls.set('writeBatchState', (this.calls.get('writeBatchState') ?? 0) + 1);
            protoFields(payload)
                .filter(({ field }) => field === 1)
                .forEach((record) => this.applyWrite(protoFields(record.bytes)));
            return Buffer.alloc(0);
        }
        if (type === 25) {
            this.calls.set('getStateMultiple', (this.calls.get('getStateMultiple') ?? 0) + 1);
            const keys = protoFields(payload).map(({ bytes }) => Buffer.from(bytes).toString('utf8'));
            keys.forEach((key) => this.reads.add(key));
            return Buffer.concat(
                keys.map((key) => {
                    const value = this.ledger.committed(key) ?? new Uint8Array(0);
                    return Buffer.concat([Buffer.from([0x0a]), protoVarint(value.length), value]);
                }),
            );
        }
        throw new Error(`the memory ledger's peer cannot handle message type ${type}`);
    }

    /** One WriteRecord of a WRITE_BATCH_STATE message, applied as the peer applies a PUT_STATE or DEL_STATE. */
    applyWrite(fields: readonly ProtoField[]): void {
        const key = Buffer.from(fields.find(({ field }) => field === 1)?.bytes ?? []).toString('utf8');
        const type = fields.find(({ field }) => field === 5)?.number;
        if (key === '') {
            throw new Error('key must not be an empty string');
        }
        this.#beforeWrite();
        if (type === 9) {
            this.writes.set(key, Uint8Array.from(fields.find(({ field }) => field === 2)?.bytes ?? []));
        } else if (type === 10) {
            this.writes.set(key, null);
        } else {
            throw new Error(`unknown operation type ${String(type)}`);
        }
    }

    stub(): ChaincodeStub {
        const ledger = this.ledger;
        const rangeOver = (startKey: string, endKey: string): Iterators.KV[] => {
            if (endKey !== '' && compareKeys(startKey, endKey) > 0) {
                throw new PeerPanicError(startKey, endKey);
            }
            // The keys from the first at or after startKey (binary search) up to endKey, in order.
            const keys = ledger.committedKeysInOrder();
            let low = 0;
            for (let high = keys.length; low < high;) {
                const middle = (low + high) >>> 1;
                if (compareKeys(keys[middle]!, startKey) < 0) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            const range: Iterators.KV[] = [];
            for (let i = low; i < keys.length && (endKey === '' || compareKeys(keys[i]!, endKey) < 0); i++) {
                range.push({ namespace: 'lendledger', key: keys[i]!, value: ledger.committed(keys[i]!)! });
            }
            return range;
        };
        // The peer starts a paginated query at the bookmark instead of the start key, unchecked: a bookmark before
        // the start reads keys outside the range, one after the end panics.
        // The peer answers at most totalQueryLimit results of a query, silently; a page at most that many.
        const limited = <T>(items: T[]): T[] => items.slice(0, this.totalQueryLimit);
        const paged = (startKey: string, endKey: string, requestedSize: number, bookmark = '') => {
            this.#beforePaginatedQuery();
            const pageSize = Math.min(requestedSize, this.totalQueryLimit);
            const all = rangeOver(bookmark === '' ? startKey : bookmark, endKey);
            const page = all.slice(0, pageSize);
            const next = all[pageSize];
            const metadata = { fetchedRecordsCount: page.length, bookmark: next ? next.key : '' };
            // fabric-shim drops the metadata of an empty page: its protobuf encoding is zero bytes.
            const empty = metadata.fetchedRecordsCount === 0 && metadata.bookmark === '';
            return { iterator: iteratorOf(page), ...(empty ? {} : { metadata }) };
        };
        const compositeRange = (objectType: string, attributes: string[]): [string, string] => {
            const prefix = createCompositeKey(objectType, attributes);
            return [prefix, prefix + MAX_UNICODE_RUNE];
        };
        const simpleRange = (startKey: string, endKey: string): [string, string] => {
            for (const key of [startKey, endKey]) {
                if (key.startsWith(COMPOSITE_SEPARATOR)) {
                    throw new Error(
                        `first character of the key [${key}] contains a null character which is not allowed`,
                    );
                }
            }
            return [startKey === '' ? EMPTY_KEY_SUBSTITUTE : startKey, endKey];
        };
        const stub = {
            // fabric-shim's fields that address the transaction, and its message queue to the peer, which answers
            // Fabric 3.1's batched reads and writes (core/peer-batching.ts) as a peer does.
            channel_id: 'lending',
            txId: this.txId,
            handler: { _askPeerAndListen: async (message: peer.ChaincodeMessage) => this.answer(message) },
            getTxID: () => this.txId,
            getFunctionAndParameters: () => ({ fcn: this.fcn, params: [...this.params] }),
            getChannelID: () => 'lending',
            getMspID: () => this.peerMspId,
            getDateTimestamp: () => new Date(this.millis),
            getTxTimestamp: () => ({
                seconds: Math.floor(this.millis / 1000),
                nanos: (this.millis % 1000) * 1_000_000,
            }),
            getTransient: () => new Map<string, Uint8Array>(),
            getState: async (key: string) => {
                this.reads.add(key);
                return ledger.committed(key) ?? new Uint8Array(0);
            },
            putState: async (key: string, value: Uint8Array) => {
                if (key === '') {
                    throw new Error('key must not be an empty string');
                }
                this.#beforeWrite();
                this.writes.set(key, Uint8Array.from(value));
            },
            deleteState: async (key: string) => {
                this.#beforeWrite();
                this.writes.set(key, null);
            },
            getStateByRange: (startKey: string, endKey: string) =>
                asyncIterable(
                    Promise.resolve().then(() => iteratorOf(limited(rangeOver(...simpleRange(startKey, endKey))))),
                ),
            getStateByRangeWithPagination: (startKey: string, endKey: string, pageSize: number, bookmark?: string) =>
                Promise.resolve().then(() => paged(...simpleRange(startKey, endKey), pageSize, bookmark)),
            getStateByPartialCompositeKey: (objectType: string, attributes: string[]) =>
                asyncIterable(
                    Promise.resolve().then(() =>
                        iteratorOf(limited(rangeOver(...compositeRange(objectType, attributes)))),
                    ),
                ),
            getStateByPartialCompositeKeyWithPagination: (
                objectType: string,
                attributes: string[],
                pageSize: number,
                bookmark?: string,
            ) => Promise.resolve().then(() => paged(...compositeRange(objectType, attributes), pageSize, bookmark)),
            getHistoryForKey: (key: string) => {
                const modifications: Iterators.KeyModification[] = [...ledger.history(key)]
                    .reverse()
                    .map((version) => ({
                        txId: version.txId,
                        isDelete: version.value === null,
                        value: version.value ?? new Uint8Array(0),
                        timestamp: {
                            seconds: Math.floor(version.millis / 1000),
                            nanos: (version.millis % 1000) * 1_000_000,
                        } as unknown as Iterators.KeyModification['timestamp'],
                    }));
                return asyncIterable(Promise.resolve(iteratorOf(limited(modifications))));
            },
            // Fabric keeps a key's policy in its metadata: a transaction reads the committed one, and its own setting
            // takes effect when it commits (and governs the next write of the key, not this one).
            getStateValidationParameter: async (key: string) => ledger.validationParameter(key) ?? new Uint8Array(0),
            setStateValidationParameter: async (key: string, policy: Uint8Array) => {
                if (key === '') {
                    throw new Error('key must not be an empty string');
                }
                this.#beforeWrite();
                this.validationParameters.set(key, Uint8Array.from(policy));
            },
            setEvent: (name: string, payload: Uint8Array) => {
                this.event = { name, payload: JSON.parse(Buffer.from(payload).toString('utf8')) as unknown };
            },
            createCompositeKey,
            splitCompositeKey,
            getPrivateData: async (collection: string, key: string) =>
                ledger.committedPrivate(collection, key) ?? new Uint8Array(0),
            getPrivateDataHash: async (collection: string, key: string) => {
                const value = ledger.committedPrivate(collection, key);
                if (value === undefined) {
                    return new Uint8Array(0);
                }
                const { createHash } = await import('node:crypto');
                return new Uint8Array(createHash('sha256').update(value).digest());
            },
            putPrivateData: async (collection: string, key: string, value: Uint8Array) => {
                this.#beforeWrite();
                const writes = this.privateWrites.get(collection) ?? new Map<string, Uint8Array | null>();
                writes.set(key, Uint8Array.from(value));
                this.privateWrites.set(collection, writes);
            },
            deletePrivateData: async (collection: string, key: string) => {
                this.#beforeWrite();
                const writes = this.privateWrites.get(collection) ?? new Map<string, Uint8Array | null>();
                writes.set(key, null);
                this.privateWrites.set(collection, writes);
            },
        };
        return stub as unknown as ChaincodeStub;
    }
}

/**
 * Fabric's composite key encoding: U+0000, object type, then each attribute, each followed by U+0000. Like
 * fabric-shim, it refuses an empty object type or attribute with an uncoded error.
 */
export function createCompositeKey(objectType: string, attributes: string[]): string {
    for (const part of [objectType, ...attributes]) {
        if (typeof part !== 'string' || part.length === 0) {
            throw new Error('object type or attribute not a non-zero length string');
        }
    }
    return (
        COMPOSITE_SEPARATOR + objectType + COMPOSITE_SEPARATOR + attributes.map((a) => a + COMPOSITE_SEPARATOR).join('')
    );
}

function splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    const parts = compositeKey.split(COMPOSITE_SEPARATOR).slice(1, -1);
    return { objectType: parts[0] ?? '', attributes: parts.slice(1) };
}

function iteratorOf<T>(items: readonly T[]) {
    let index = 0;
    return {
        next: async (): Promise<{ value: T; done: boolean }> => {
            if (index < items.length) {
                return { value: items[index++]!, done: false };
            }
            return { value: undefined as unknown as T, done: true };
        },
        close: async (): Promise<void> => undefined,
    };
}

function asyncIterable<T>(promise: Promise<ReturnType<typeof iteratorOf<T>>>) {
    return Object.assign(promise, {
        async *[Symbol.asyncIterator]() {
            const iterator = await promise;
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
                yield next.value;
            }
        },
    });
}

/** A protobuf message's fields, decoded without its schema: varints as numbers, length-delimited ones as bytes. */
interface ProtoField {
    readonly field: number;
    readonly number?: number;
    readonly bytes: Uint8Array;
}

function protoFields(bytes: Uint8Array): ProtoField[] {
    const fields: ProtoField[] = [];
    let offset = 0;
    const next = (): number => {
        let value = 0;
        for (let scale = 1; ; scale *= 128) {
            const byte = bytes[offset++];
            if (byte === undefined) {
                throw new Error('truncated protobuf message');
            }
            value += (byte & 0x7f) * scale;
            if (byte < 0x80) {
                return value;
            }
        }
    };
    while (offset < bytes.length) {
        const tag = next();
        const field = Math.floor(tag / 8);
        if (tag % 8 === 0) {
            fields.push({ field, number: next(), bytes: new Uint8Array(0) });
        } else if (tag % 8 === 2) {
            const length = next();
            fields.push({ field, bytes: bytes.subarray(offset, offset + length) });
            offset += length;
        } else {
            throw new Error(`unexpected protobuf wire type ${tag % 8}`);
        }
    }
    return fields;
}

function protoVarint(value: number): Buffer {
    const out: number[] = [];
    for (let rest = value; ; rest = Math.floor(rest / 128)) {
        if (rest < 128) {
            out.push(rest);
            return Buffer.from(out);
        }
        out.push((rest % 128) | 0x80);
    }
}

/** Wraps an object so that each call of one of its methods adds one to `calls` under `prefix` + the method's name. */
function counted<T extends object>(target: T, calls: Map<string, number>, prefix: string): T {
    const methods = target as Record<string, unknown>;
    const wrapped: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(methods)) {
        wrapped[name] =
            typeof value === 'function'
                ? (...args: unknown[]): unknown => {
                      calls.set(prefix + name, (calls.get(prefix + name) ?? 0) + 1);
                      return (value as (...args: unknown[]) => unknown).apply(target, args);
                  }
                : value;
    }
    return wrapped as T;
}

function fakeClientIdentity(identity: TestIdentity): ClientIdentity {
    const attributes = identity.attributes ?? {};
    return {
        getID: () => identityId(identity),
        getMSPID: () => identity.mspId,
        getIDBytes: () => new TextEncoder().encode(identityId(identity)),
        getAttributeValue: (name: string) => attributes[name] ?? null,
        assertAttributeValue: (name: string, value: string) => attributes[name] === value,
    } as unknown as ClientIdentity;
}

/** Callers for tests: one typical user per organisation. */
export const USERS = {
    platform: { mspId: 'PlatformMSP', commonName: 'User1@platform.lendledger.test' },
    bank: { mspId: 'BankMSP', commonName: 'User1@bank.lendledger.test' },
    notary: { mspId: 'NotaryMSP', commonName: 'User1@notary.lendledger.test' },
    court: { mspId: 'CourtMSP', commonName: 'User1@court.lendledger.test' },
    investor: { mspId: 'InvestorMSP', commonName: 'User1@investor.lendledger.test' },
    outsider: { mspId: 'OrdererMSP', commonName: 'Admin@orderer.lendledger.test' },
} as const satisfies Record<string, TestIdentity>;

/**
 * Callers of members beyond the development network's five: a second bank and platform and an arbitration
 * commission, for rules over several members of a role. {@link MORE_MEMBERS} is their registry entries.
 */
export const MORE_USERS = {
    bank2: { mspId: 'Bank2MSP', commonName: 'User1@bank2.lendledger.test' },
    platform2: { mspId: 'Platform2MSP', commonName: 'User1@platform2.lendledger.test' },
    arbitration: { mspId: 'ArbitrationMSP', commonName: 'User1@arbitration.lendledger.test' },
} as const satisfies Record<string, TestIdentity>;

/** Registry entries of {@link MORE_USERS}' members, each in the role its name says. */
export const MORE_MEMBERS: readonly MemberEntry[] = Object.freeze([
    { mspId: MORE_USERS.bank2.mspId, roles: ['bank'] },
    { mspId: MORE_USERS.platform2.mspId, roles: ['platform'] },
    { mspId: MORE_USERS.arbitration.mspId, roles: ['arbitration'] },
] satisfies MemberEntry[]);

/** A member's administrator (certificate OU=admin), as cryptogen names it. */
export function adminOf(mspId: string): TestIdentity {
    return { mspId, commonName: `Admin@${domainOf(mspId)}`, nodeRole: 'admin' };
}

/** Administrators of the five development organisations: they propose and approve registry changes. */
export const ADMINS = {
    platform: adminOf('PlatformMSP'),
    bank: adminOf('BankMSP'),
    notary: adminOf('NotaryMSP'),
    court: adminOf('CourtMSP'),
    investor: adminOf('InvestorMSP'),
} as const satisfies Record<string, TestIdentity>;
