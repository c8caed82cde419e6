import { setTimeout as sleep } from 'node:timers/promises';
import { chaincodeServerName, gatewayName } from '@lendledger/network/node-specs.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewayAs, type GatewayClient } from '../support/gateway-client.ts';
import { eventually, orgOf, raftLeader, testNetwork, uniqueName } from '../support/test-network.ts';

/**
 * The bound every request must end within: the gateway gives up on a commit after timeouts.writeMs (20 s), plus at
 * most the queue wait and one endorsement; nothing may hang for the old 3 × 60 s.
 */
const REQUEST_BOUND_MS = 30_000;
/** Writers running at once, so that some write is in flight whenever a node dies. */
const WORKERS = 3;
/** No more logical writes than this start, however long the faults take. */
const MAX_WRITES = 400;
/** How long one logical write keeps repeating with its Idempotency-Key before it counts as refused. */
const WRITE_BUDGET_MS = 120_000;
/** How long the writer runs into each fault before the killed node is restarted. */
const FAULT_MS = 6_000;

/** One logical write: a fresh probe name, written with one Idempotency-Key however often it is repeated. */
interface LogicalWrite {
    readonly name: string;
    readonly key: string;
    /** Answers to every attempt: an HTTP status, or the network error when the gateway could not be reached. */
    readonly answers: string[];
    acknowledged?: { readonly txId: string; readonly blockNumber: number };
    /** A 4xx other than "try again": the write was refused for good, which no fault should cause. */
    refusal?: string;
}

/** Sends a logical write's request once: the same name, body and key every time. */
function putProbe(client: GatewayClient, write: LogicalWrite, signal?: AbortSignal): Promise<Response> {
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

/**
 * Writes probes through one organisation's gateway from several loops, each logical write repeated with its key
 * until it is acknowledged (or its budget ends), and times every single request.
 */
class SteadyWriter {
    readonly writes: LogicalWrite[] = [];
    readonly latencies: number[] = [];
    readonly #client: GatewayClient;
    #stopping = false;
    #done: Promise<void> = Promise.resolve();

    constructor(client: GatewayClient) {
        this.#client = client;
    }

    get acknowledged(): number {
        return this.writes.filter((write) => write.acknowledged).length;
    }

    start(): void {
        this.#done = Promise.all(Array.from({ length: WORKERS }, () => this.#loop())).then(() => undefined);
    }

    /** Starts no new write and waits until every started one is acknowledged, refused or out of budget. */
    async stop(): Promise<void> {
        this.#stopping = true;
        await this.#done;
    }

    async #loop(): Promise<void> {
        while (!this.#stopping && this.writes.length < MAX_WRITES) {
            const write: LogicalWrite = { name: uniqueName('wf'), key: uniqueName('wf-key'), answers: [] };
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
            const response = await putProbe(this.#client, write, AbortSignal.timeout(REQUEST_BOUND_MS * 3));
            const body = (await response.json()) as { txId?: string; blockNumber?: number; code?: string };
            this.latencies.push(Date.now() - started);
            write.answers.push(`${response.status}${body.code ? ` ${body.code}` : ''}`);
            if (response.status === 200 && body.txId !== undefined && body.blockNumber !== undefined) {
                write.acknowledged = { txId: body.txId, blockNumber: body.blockNumber };
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

describe('writes through the gateways while nodes are killed', () => {
    const network = testNetwork();

    afterAll(async () => {
        // Leave the network whole for the suites that follow.
        await network.up();
    });

    it('acknowledges each write once, loses none, ends every request within the bound, and converges on retries', async () => {
        const platform = orgOf(network, 'platform');
        const writing = await gatewayAs(network, 'platform');
        const writer = new SteadyWriter(writing);
        const reader = await gatewayAs(network, 'bank');

        /** Kills a node as a crash would, lets the writer run into it, restarts it and waits for writes again. */
        const fault = async (node: string): Promise<void> => {
            expect(network.processes.kill(node), node).toBe(true);
            await sleep(FAULT_MS);
            await network.up();
            const before = writer.acknowledged;
            await eventually(
                async () => (writer.acknowledged > before ? true : undefined),
                `a write acknowledged after ${node} restarted`,
                60_000,
            );
        };

        writer.start();
        try {
            await eventually(async () => (writer.acknowledged >= 3 ? true : undefined), 'the first writes');
            await fault(await raftLeader(network));
            await fault(platform.peerName);
            await fault(chaincodeServerName(platform));
            await fault(gatewayName(platform));
        } finally {
            await writer.stop();
        }

        const acknowledged = writer.writes.filter((write) => write.acknowledged);
        const refused = writer.writes.filter((write) => !write.acknowledged);
        // Another organisation's gateway reads each acknowledged write once its peer has the newest block.
        const minBlock = String(Math.max(...acknowledged.map((write) => write.acknowledged!.blockNumber)));
        const lost: string[] = [];
        for (const write of acknowledged) {
            const record = await eventually(async () => {
                const response = await reader.request<{ txId: string; mspId: string }>(
                    'GET',
                    `/v1/probes/${write.name}`,
                    undefined,
                    { 'ledger-min-block': minBlock },
                );
                return response.status === 200 ? response.body : undefined;
            }, `${write.name} at the bank`).catch(() => undefined);
            // A second transaction for the same write would have overwritten the record with its own txId.
            if (record?.txId !== write.acknowledged!.txId || record.mspId !== platform.mspId) {
                lost.push(
                    `${write.name}: acknowledged ${write.acknowledged!.txId}, bank has ${JSON.stringify(record)}`,
                );
            }
        }
        // Every key, repeated now, replays the answer it was acknowledged with.
        const diverged: string[] = [];
        for (const write of acknowledged) {
            const repeat = await putProbe(writing, write);
            const body = (await repeat.json()) as { txId?: string };
            if (repeat.status !== 200 || body.txId !== write.acknowledged!.txId) {
                diverged.push(`${write.name}: ${repeat.status} ${JSON.stringify(body)}`);
            }
        }
        const maxLatency = Math.max(...writer.latencies);
        const answers = new Map<string, number>();
        writer.writes.flatMap((write) => write.answers).forEach((a) => answers.set(a, (answers.get(a) ?? 0) + 1));
        console.log(
            `write faults: acknowledged ${acknowledged.length} / lost ${lost.length} / refused ${refused.length} / ` +
                `maximum latency ${(maxLatency / 1000).toFixed(1)} s over ${writer.latencies.length} requests ` +
                `(${[...answers].map(([answer, count]) => `${answer} x${count}`).join(', ')})`,
        );

        expect(acknowledged.length).toBeGreaterThan(10);
        expect(lost).toEqual([]);
        expect(refused.map((write) => `${write.name}: ${write.refusal ?? write.answers.join(', ')}`)).toEqual([]);
        expect(diverged).toEqual([]);
        expect(maxLatency).toBeLessThanOrEqual(REQUEST_BOUND_MS);
    });
});
