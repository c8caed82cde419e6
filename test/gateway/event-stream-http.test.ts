import { type EvidenceWriteResult } from '@lendledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { loanRefOf, saltedFingerprint, TEST_PARTIES } from '../support/ledger-data.ts';
import { SseClient, type SseMessage } from '../support/sse-client.ts';
import { orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

interface Committed {
    readonly txId: string;
    readonly blockNumber: number;
    readonly result: EvidenceWriteResult;
}

interface EventData {
    readonly txId: string;
    readonly eventName: string;
    readonly payload: { items: { id: string }[] };
}

describe('the event stream of a loan story, through the Bank’s gateway', () => {
    const network = testNetwork();
    const loanRef = loanRefOf(uniqueName('events-loan'));
    const writes: Committed[] = [];
    let platform: GatewayClient;
    let bank: GatewayClient;
    let streams: SseClient[] = [];

    beforeAll(async () => {
        platform = await gatewayAs(network, 'platform');
        bank = await gatewayAs(network, 'bank', 'User2', ['auditor']);
    });

    afterAll(() => {
        streams.forEach((stream) => stream.close());
        streams = [];
    });

    async function write(stage: string, evidenceType: string): Promise<Committed> {
        const committed = ok(
            await platform.post<Committed>('/v1/evidence', {
                fingerprint: saltedFingerprint(`${stage} ${writes.length} of ${loanRef}`),
                salted: true,
                evidenceType,
                stage,
                loanRef,
                previous: writes.at(-1)?.result.record.id ?? null,
                // The loan's first record binds its parties: this platform, the bank and the admitted product.
                ...(writes.length === 0 ? { parties: TEST_PARTIES } : {}),
            }),
        );
        writes.push(committed);
        return committed;
    }

    async function open(query: string, lastEventId?: string): Promise<SseClient> {
        const stream = await SseClient.open(`${bank.baseUrl}/v1/events?${query}`, bank.authorization, lastEventId);
        streams.push(stream);
        return stream;
    }

    /** The story's own events (other suites write to the same channel). */
    function ours(messages: readonly SseMessage[]): EventData[] {
        const txIds = new Set(writes.map((committed) => committed.txId));
        return messages.map((message) => JSON.parse(message.data!) as EventData).filter((data) => txIds.has(data.txId));
    }

    async function storyEvents(stream: SseClient, count: number): Promise<{ data: EventData[]; last: SseMessage }> {
        const data: EventData[] = [];
        let last: SseMessage | undefined;
        while (data.length < count) {
            const [message] = await stream.events(1);
            data.push(...ours([message!]));
            last = message;
        }
        return { data, last: last! };
    }

    it('delivers a story’s events in commit order, resumes after a reconnect without repeats, and survives a peer restart', async () => {
        const first = await write('IDENTITY_VERIFICATION', 'ID_CHECK_REPORT');
        const stream = await open(`fromBlock=${first.blockNumber}&events=evidence.registered`);
        await write('OTHER', 'CORRESPONDENCE');
        await write('OTHER', 'CORRESPONDENCE');

        const seen = await storyEvents(stream, 3);
        expect(seen.data.map((event) => event.txId)).toEqual(writes.map((committed) => committed.txId));
        expect(seen.data.map((event) => event.payload.items[0]!.id)).toEqual(
            writes.map((committed) => committed.result.record.id),
        );
        expect(seen.data.every((event) => event.eventName === 'evidence.registered')).toBe(true);
        stream.close();

        // While no one listens, the story goes on; a reconnect with Last-Event-ID gets exactly what it missed.
        await write('OTHER', 'SUPPORTING_DOCUMENT');
        const resumed = await open('events=evidence.registered', seen.last.id);
        const missed = await storyEvents(resumed, 1);
        expect(missed.data.map((event) => event.txId)).toEqual([writes[3]!.txId]);

        // The Bank's peer restarts under the open stream; the gateway reopens it from where it was.
        const peer = orgOf(network, 'bank').peerName;
        await network.processes.stop(peer);
        await network.up();
        await write('OTHER', 'SUPPORTING_DOCUMENT');
        const afterRestart = await storyEvents(resumed, 1);
        expect(afterRestart.data.map((event) => event.txId)).toEqual([writes[4]!.txId]);
    });
});
