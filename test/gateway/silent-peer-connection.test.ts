import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gatewayConfig } from '@lendledger/network/gateways.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, GatewayClient } from '../support/gateway-client.ts';
import { identityVerification, loanRefOf } from '../support/ledger-data.ts';
import { freePort, startExtraGateway, type ExtraGateway } from '../support/production-gateway.ts';
import { orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

/**
 * A TCP relay between a gateway and its peer that can fall silent: the connections open then stay open but carry
 * nothing either way, as a connection did after a peer was killed under load and restarted (every call ran into
 * its deadline for two minutes, until keepalive gave up). Connections opened later are relayed again.
 */
class SilenceableRelay {
    readonly #server: Server;
    readonly #open = new Set<{ silent: boolean; sockets: readonly Socket[] }>();

    private constructor(targetPort: number) {
        this.#server = createServer((client) => this.#relay(client, targetPort));
    }

    static async start(port: number, targetPort: number): Promise<SilenceableRelay> {
        const relay = new SilenceableRelay(targetPort);
        await new Promise<void>((resolve) => relay.#server.listen(port, '127.0.0.1', resolve));
        return relay;
    }

    /** Every connection open now carries nothing more, in either direction, and is never closed by the relay. */
    silenceOpenConnections(): void {
        for (const connection of this.#open) {
            connection.silent = true;
        }
    }

    async close(): Promise<void> {
        for (const { sockets } of this.#open) {
            sockets.forEach((socket) => socket.destroy());
        }
        await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    }

    #relay(client: Socket, targetPort: number): void {
        const upstream = connect(targetPort, '127.0.0.1');
        const connection = { silent: false, sockets: [client, upstream] };
        this.#open.add(connection);
        client.on('data', (data) => connection.silent || upstream.write(data));
        upstream.on('data', (data) => connection.silent || client.write(data));
        const end = (): void => {
            this.#open.delete(connection);
            client.destroy();
            upstream.destroy();
        };
        for (const socket of [client, upstream]) {
            socket.on('error', end);
            socket.on('close', end);
        }
    }
}

const STALE_AFTER_MS = 3_000;
/**
 * Longer than a replacement needs (three calls of 2 s after 3 s of silence, then a write), far shorter than the
 * keepalive that ends a silent connection otherwise (two minutes and more).
 */
const RECOVERY_BOUND_MS = 60_000;

describe('a gateway whose connection to its peer falls silent', () => {
    const network = testNetwork();
    let relay: SilenceableRelay;
    let gateway: ExtraGateway;
    let client: GatewayClient;

    beforeAll(async () => {
        const platform = orgOf(network, 'platform');
        const base = gatewayConfig(network.topology, platform);
        const relayPort = await freePort();
        relay = await SilenceableRelay.start(relayPort, platform.peerPort);
        gateway = await startExtraGateway(
            network,
            'platform',
            await freePort(),
            {
                peer: { ...base.peer, endpoint: `127.0.0.1:${relayPort}`, staleAfterMs: STALE_AFTER_MS },
                timeouts: { evaluateMs: 2_000, endorseMs: 2_000, commitStatusMs: 2_000 },
            },
            false,
        );
        const token = (await gatewayAs(network, 'platform')).authorization.replace(/^Bearer /, '');
        client = new GatewayClient(gateway.url, token);
    });

    afterAll(async () => {
        await gateway?.stop();
        await relay?.close();
    });

    it('replaces the silent connection and writes again within the bound, logging why', async () => {
        const write = () =>
            client.post<{ txId?: string }>('/v1/evidence', identityVerification(loanRefOf(uniqueName('silent'))), {
                'idempotency-key': uniqueName('silent-key'),
            });
        expect((await write()).status).toBe(200);

        relay.silenceOpenConnections();
        const silencedAt = Date.now();
        const answers: number[] = [];
        let recoveredAfterMs: number | undefined;
        while (Date.now() - silencedAt < RECOVERY_BOUND_MS) {
            const answer = await write();
            answers.push(answer.status);
            if (answer.status === 200) {
                recoveredAfterMs = Date.now() - silencedAt;
                break;
            }
            // A caller's mistake would be a 4xx; the silence may only cost 5xx answers meanwhile.
            expect(answer.status).toBeGreaterThanOrEqual(500);
            await sleep(200);
        }
        console.log(
            `silent peer connection: written again after ${((recoveredAfterMs ?? Number.NaN) / 1000).toFixed(1)} s ` +
                `(${answers.join(', ')})`,
        );
        expect(recoveredAfterMs, gateway.log().slice(-2_000)).toBeDefined();
        expect(gateway.log()).toContain('replaced a silent connection to the peer');
    });
});
