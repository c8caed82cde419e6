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

/** The orderer that leads the channel's Raft cluster, as the orderers' metrics say, once one does. */
export async function raftLeader(network: LocalNetwork): Promise<string> {
    return eventually(async () => {
        for (const orderer of network.topology.orderers) {
            const metrics = await (await fetch(`http://127.0.0.1:${orderer.operationsPort}/metrics`)).text();
            if (/^consensus_etcdraft_is_leader\{channel="lending"\} 1$/m.test(metrics)) {
                return orderer.name;
            }
        }
        return undefined;
    }, 'a Raft leader');
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
