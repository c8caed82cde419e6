import { setTimeout as sleep } from 'node:timers/promises';
import { type LocalNetwork } from '@lendledger/network/local-network.ts';
import { gatewayAs, type GatewayClient } from './gateway-client.ts';
import { identityVerification, loanRefOf } from './ledger-data.ts';
import { eventually, uniqueName } from './test-network.ts';

/**
 * A writer that keeps writing probes through one organisation's gateway while a suite breaks nodes, and the audit
 * that says afterwards what became of each write: acknowledged, lost, refused, and how long writing stalled.
 */

/**
 * The bound every request must end within: the gateway gives up on a commit after timeouts.writeMs (20 s), plus at
 * most the queue wait and one endorsement; nothing may hang for the old 3 × 60 s.
 */
export const REQUEST_BOUND_MS = 30_000;
/** How long one logical write keeps repeating with its Idempotency-Key before it counts as refused. */
const WRITE_BUDGET_MS = 120_000;
/** How long the writer runs into each fault before the killed node is restarted. */
export const FAULT_MS = 6_000;

/** One logical write: a fresh name, written with one Idempotency-Key however often it is repeated. */
export interface LogicalWrite {
    readonly name: string;
    readonly key: string;
    /** Answers to every attempt: an HTTP status, or the network error when the gateway could not be reached. */
    readonly answers: string[];
    /** When the writer started it (ms since the epoch); absent for a write made by hand. */
    readonly startedAt?: number;
    acknowledged?: { readonly txId: string; readonly blockNumber: number; readonly at: number };
    /** A 4xx other than "try again": the write was refused for good, which no fault should cause. */
    refusal?: string;
}

/** Sends a logical write's request once: the same name, body and key every time. */
export function putProbe(client: GatewayClient, write: LogicalWrite, signal?: AbortSignal): Promise<Response> {
    return fetch(`${client.baseUrl}/v1/probes/${write.name}`, {
        method: 'PUT',
        headers: {
            authorization: client.authorization,
            'content-type': 'application/json',
            'idempotency-key': write.key,
        },
        body: JSON.stringify({ value: 'steady' }),
        signal,
    });
}

/** What a steady writer writes, and how an audit reads one of its writes back. */
export interface WriteKind {
    /** Loops writing at once, each one write after another. */
    readonly workers: number;
    /** No more logical writes than this start, however long the faults take. */
    readonly maxWrites: number;
    /** A fresh logical write's name (its body follows from it, the same at every repeat). */
    newName(): string;
    /** Sends a logical write's request once, with its Idempotency-Key. */
    send(client: GatewayClient, write: LogicalWrite, signal?: AbortSignal): Promise<Response>;
    /** The transaction and member the reader's ledger holds for the write; undefined while it holds none. */
    readBack(
        reader: GatewayClient,
        write: LogicalWrite,
        minBlock: string,
    ): Promise<{ readonly txId: string; readonly mspId: string } | undefined>;
}

/** Probes (`PUT /v1/probes/{name}`), three loops: one transaction a write. */
export const PROBE_WRITES: WriteKind = {
    workers: 3,
    maxWrites: 400,
    newName: () => uniqueName('wf'),
    send: putProbe,
    async readBack(reader, write, minBlock) {
        const response = await reader.request<{ txId: string; mspId: string }>(
            'GET',
            `/v1/probes/${write.name}`,
            undefined,
            { 'ledger-min-block': minBlock },
        );
        return response.status === 200 ? response.body : undefined;
    },
};

const coalescedRecords = new WeakMap<LogicalWrite, Record<string, unknown>>();

/**
 * The evidence record a coalesced write registers: the first record of a loan named after the write, with a salted
 * fingerprint drawn once, so that every repeat under the write's key sends the same body.
 */
function coalescedRecord(write: LogicalWrite): Record<string, unknown> {
    let record = coalescedRecords.get(write);
    if (record === undefined) {
        record = identityVerification(loanRefOf(write.name));
        coalescedRecords.set(write, record);
    }
    return record;
}

/**
 * Single evidence registrations (`POST /v1/evidence`) from sixteen loops of one signer, which the gateway coalesces
 * into shared `Evidence:RegisterBatch` transactions: a fault then strikes batches, not lone writes.
 */
export const COALESCED_WRITES: WriteKind = {
    workers: 16,
    maxWrites: 3_000,
    newName: () => uniqueName('cw'),
    send: (client, write, signal) =>
        fetch(`${client.baseUrl}/v1/evidence`, {
            method: 'POST',
            headers: {
                authorization: client.authorization,
                'content-type': 'application/json',
                'idempotency-key': write.key,
            },
            body: JSON.stringify(coalescedRecord(write)),
            signal,
        }),
    async readBack(reader, write, minBlock) {
        const fingerprint = String(coalescedRecord(write).fingerprint);
        const response = await reader.request<{ record: { txId: string; submitter: { mspId: string } } }>(
            'GET',
            `/v1/evidence/${fingerprint}`,
            undefined,
            { 'ledger-min-block': minBlock },
        );
        return response.status === 200
            ? { txId: response.body.record.txId, mspId: response.body.record.submitter.mspId }
            : undefined;
    },
};

/**
 * Writes through one organisation's gateway from several loops (probes unless told otherwise), each logical write
 * repeated with its key until it is acknowledged (or its budget ends), and times every single request.
 */
export class SteadyWriter {
    readonly writes: LogicalWrite[] = [];
    readonly latencies: number[] = [];
    /** When each acknowledgement arrived (ms since the epoch), in order. */
    readonly acknowledgedAt: number[] = [];
    readonly kind: WriteKind;
    readonly #client: GatewayClient;
    #stopping = false;
    #done: Promise<void> = Promise.resolve();

    constructor(client: GatewayClient, kind: WriteKind = PROBE_WRITES) {
        this.#client = client;
        this.kind = kind;
    }

    get acknowledged(): number {
        return this.writes.filter((write) => write.acknowledged).length;
    }

    /** Writes started at or after `since` and acknowledged since: none of them was in flight before. */
    acknowledgedStartedSince(since: number): number {
        return this.writes.filter((write) => write.acknowledged && (write.startedAt ?? 0) >= since).length;
    }

    start(): void {
        this.#done = Promise.all(Array.from({ length: this.kind.workers }, () => this.#loop())).then(() => undefined);
    }

    /** Starts no new write and waits until every started one is acknowledged, refused or out of budget. */
    async stop(): Promise<void> {
        this.#stopping = true;
        await this.#done;
    }

    async #loop(): Promise<void> {
        while (!this.#stopping && this.writes.length < this.kind.maxWrites) {
            const write: LogicalWrite = {
                name: this.kind.newName(),
                key: uniqueName('wf-key'),
                answers: [],
                startedAt: Date.now(),
            };
            this.writes.push(write);
            await this.#write(write);
        }
    }

    async #write(write: LogicalWrite): Promise<void> {
        const giveUpAt = Date.now() + WRITE_BUDGET_MS;
        while (Date.now() < giveUpAt) {
            const pause = await this.#attempt(write);
            if (write.acknowledged || write.refusal) {
                return;
            }
            await sleep(pause);
        }
    }

    /** One request; answers how long to wait before repeating it. */
    async #attempt(write: LogicalWrite): Promise<number> {
        const started = Date.now();
        try {
            // Aborted far beyond the bound: a request that hangs is measured, not cut off at the bound.
            const response = await this.kind.send(this.#client, write, AbortSignal.timeout(REQUEST_BOUND_MS * 3));
            const body = (await response.json()) as { txId?: string; blockNumber?: number; code?: string };
            this.latencies.push(Date.now() - started);
            write.answers.push(`${response.status}${body.code ? ` ${body.code}` : ''}`);
            if (response.status === 200 && body.txId !== undefined && body.blockNumber !== undefined) {
                write.acknowledged = { txId: body.txId, blockNumber: body.blockNumber, at: Date.now() };
                this.acknowledgedAt.push(Date.now());
                return 0;
            }
            if (response.status < 500 && ![409, 429].includes(response.status)) {
                write.refusal = `${response.status} ${body.code ?? ''}`;
                return 0;
            }
            const retryAfter = Number(response.headers.get('retry-after') ?? '1');
            return Math.min(Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000, 2_000);
        } catch (error) {
            // The gateway is down or died mid-request: the same key is sent again once it is back.
            this.latencies.push(Date.now() - started);
            write.answers.push((error as Error).name === 'TimeoutError' ? 'hung' : 'unreachable');
            return 500;
        }
    }
}

/** What became of a steady writer's writes. */
export interface WriteAudit {
    readonly acknowledged: number;
    /** Acknowledged writes another organisation does not read back as written (by their own transaction). */
    readonly lost: readonly string[];
    /** Writes never acknowledged: refused for good or out of budget. */
    readonly refused: readonly string[];
    /** Acknowledged writes whose key, repeated, does not replay the acknowledged transaction. */
    readonly diverged: readonly string[];
    readonly maxLatencyMs: number;
    /** The longest time between two acknowledgements while the writer ran. */
    readonly longestStallMs: number;
    /** Every answer a request got, counted: "200 x120, 503 ORDERER_UNAVAILABLE x3, …". */
    readonly answers: string;
}

/**
 * Audits a stopped writer: reads every acknowledged write back through `readerKey`'s gateway (at least at the
 * newest acknowledged block) and repeats every key, which must replay its acknowledged transaction.
 */
export async function auditWrites(
    network: LocalNetwork,
    writer: SteadyWriter,
    writing: GatewayClient,
    writerMspId: string,
    readerKey: string,
): Promise<WriteAudit> {
    const reader = await gatewayAs(network, readerKey);
    const acknowledged = writer.writes.filter((write) => write.acknowledged);
    const refused = writer.writes.filter((write) => !write.acknowledged);
    const minBlock = String(Math.max(0, ...acknowledged.map((write) => write.acknowledged!.blockNumber)));
    const lost: string[] = [];
    // Once one write is missing, the others get a short wait: the audit then fails within the test's time, with
    // the list of what is missing, instead of waiting the full time for each of thousands.
    let patienceMs = 30_000;
    await eachAtOnce(acknowledged, async (write) => {
        const record = await eventually(
            () => writer.kind.readBack(reader, write, minBlock),
            `${write.name} at ${readerKey}`,
            patienceMs,
        ).catch(() => {
            patienceMs = 2_000;
            return undefined;
        });
        // A second transaction for the same write would have overwritten the record with its own txId (a probe) or
        // been refused (evidence): either way the acknowledged transaction is not what the ledger holds.
        if (record?.txId !== write.acknowledged!.txId || record.mspId !== writerMspId) {
            lost.push(
                `${write.name}: acknowledged ${write.acknowledged!.txId}, ${readerKey} has ${JSON.stringify(record)}`,
            );
        }
    });
    const diverged: string[] = [];
    await eachAtOnce(acknowledged, async (write) => {
        const repeat = await writer.kind.send(writing, write);
        const body = (await repeat.json()) as { txId?: string };
        if (repeat.status !== 200 || body.txId !== write.acknowledged!.txId) {
            diverged.push(`${write.name}: ${repeat.status} ${JSON.stringify(body)}`);
        }
    });
    const counts = new Map<string, number>();
    writer.writes.flatMap((write) => write.answers).forEach((a) => counts.set(a, (counts.get(a) ?? 0) + 1));
    const times = writer.acknowledgedAt;
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    return {
        acknowledged: acknowledged.length,
        lost,
        refused: refused.map((write) => `${write.name}: ${write.refusal ?? write.answers.join(', ')}`),
        diverged,
        maxLatencyMs: Math.max(0, ...writer.latencies),
        longestStallMs: Math.max(0, ...gaps),
        answers: [...counts].map(([answer, count]) => `${answer} x${count}`).join(', '),
    };
}

/** One line for the suite's output: acknowledged / lost / refused, the longest stall and the slowest request. */
export function describeAudit(label: string, audit: WriteAudit): string {
    return (
        `${label}: acknowledged ${audit.acknowledged} / lost ${audit.lost.length} / refused ${audit.refused.length} / ` +
        `longest stall ${(audit.longestStallMs / 1000).toFixed(1)} s / slowest request ` +
        `${(audit.maxLatencyMs / 1000).toFixed(1)} s (${audit.answers})`
    );
}

/** Runs `check` for every item, eight at a time: an audit of thousands of writes reads them in seconds. */
async function eachAtOnce<T>(items: readonly T[], check: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const loop = async (): Promise<void> => {
        while (next < items.length) {
            await check(items[next++]!);
        }
    };
    await Promise.all(Array.from({ length: 8 }, loop));
}
