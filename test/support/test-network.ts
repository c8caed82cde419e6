import { setTimeout as sleep } from 'node:timers/promises';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf, type PeerOrg } from '@lendledger/network/topology.ts';

/** The test instance of the network that global-setup.ts started. */
export function testNetwork(): LocalNetwork {
    return new LocalNetwork(topologyOf('test'), () => undefined);
}

/** The organisation with the given key. */
export function orgOf(network: LocalNetwork, key: PeerOrg['key']): PeerOrg {
    const org = network.topology.orgs.find((o) => o.key === key);
    if (!org) {
        throw new Error(`no organisation ${key}`);
    }
    return org;
}

/** Polls until `check` returns a value or the timeout passes. */
export async function eventually<T>(
    check: () => Promise<T | undefined>,
    what: string,
    timeoutMillis = 30_000,
): Promise<T> {
    const deadline = Date.now() + timeoutMillis;
    let lastError: unknown;
    while (Date.now() < deadline) {
        try {
            const value = await check();
            if (value !== undefined) {
                return value;
            }
        } catch (error) {
            lastError = error;
        }
        await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/** The Prometheus metrics a node or gateway serves at `url`, or undefined when it does not answer. */
export async function metricsAt(url: string): Promise<string | undefined> {
    try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        return response.ok ? await response.text() : undefined;
    } catch {
        return undefined;
    }
}

/** A peer's or an orderer's Prometheus metrics, from its operations port, or undefined when it does not answer. */
function metricsOf(operationsPort: number): Promise<string | undefined> {
    return metricsAt(`http://127.0.0.1:${operationsPort}/metrics`);
}

/**
 * The orderer that leads ordering on the channel, as the orderers' metrics say, once one does: with Raft the one
 * reporting `consensus_etcdraft_is_leader 1`; with BFT the consenter whose number a majority of the running orderers
 * report as their view's leader (`consensus_smartbft_view_leader_id`), since a node outside the quorum may lag.
 */
export async function orderingLeader(network: LocalNetwork): Promise<string> {
    const { orderers } = network.topology;
    return eventually(async () => {
        const running = orderers.filter((orderer) => network.processes.isRunning(orderer.name));
        const votes = new Map<number, number>();
        for (const orderer of running) {
            const metrics = await metricsOf(orderer.operationsPort);
            if (metrics === undefined) {
                continue;
            }
            if (/^consensus_etcdraft_is_leader\{channel="lending"\} 1$/m.test(metrics)) {
                return orderer.name;
            }
            const leader = /^consensus_smartbft_view_leader_id\{channel="lending"\} (\d+)$/m.exec(metrics)?.[1];
            if (leader !== undefined) {
                votes.set(Number(leader), (votes.get(Number(leader)) ?? 0) + 1);
            }
        }
        const [id, count] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
        const leader = orderers.find((orderer) => orderer.consenterId === id);
        return leader !== undefined && count > running.length / 2 && running.includes(leader) ? leader.name : undefined;
    }, 'an ordering leader');
}

/**
 * Waits until every member's peer has committed block `blockNumber` (its channel height, from its metrics, is past
 * it). A write waits for its commit at the writer's own peer only; the next write that another member's peer must
 * endorse (a deal's investor for its private amounts) would otherwise be simulated there without the first one if
 * that peer lags by a block, as a peer just restarted by an earlier suite can.
 */
export async function everyPeerHas(network: LocalNetwork, blockNumber: number): Promise<void> {
    await eventually(async () => {
        const heights = await Promise.all(network.topology.orgs.map((org) => channelHeightAt(org.operationsPort)));
        return heights.every((height) => (height ?? -1) > blockNumber) ? true : undefined;
    }, `every peer to commit block ${blockNumber}`);
}

/**
 * A node's block height on the channel, from the metrics its operations port serves (peers and orderers alike);
 * undefined while it does not answer.
 */
export async function channelHeightAt(operationsPort: number): Promise<number | undefined> {
    const height = /^ledger_blockchain_height\{channel="lending"\} (\d+)$/m.exec(
        (await metricsOf(operationsPort)) ?? '',
    )?.[1];
    return height === undefined ? undefined : Number(height);
}

/** A name unique to this test run, for probe keys. */
export function uniqueName(prefix: string): string {
    // Identifiers may hold at most four digits in a row and ten joined only by separators (domain
    // privacy/ledger-safe.ts); base-36 text can hold more. Each part starts with a letter and holds at most four
    // digits between letters, so no digits join across a hyphen: only the caller's prefix can break the rule.
    const part = (n: number): string => n.toString(36).replace(/([0-9]{4})(?=[0-9])/g, '$1x');
    return `${prefix}-t${part(Date.now())}-r${part(Math.floor(Math.random() * 1e6))}`;
}

/** An upper-case unique identifier (case, consent and deal IDs), under the same digit rule as {@link uniqueName}. */
export function uniqueCode(prefix: string): string {
    return uniqueName(prefix).toUpperCase();
}
