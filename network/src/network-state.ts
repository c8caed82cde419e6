import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type Topology } from './topology.ts';

/** What the instance remembers between runs: which chaincode definition is committed and served. */
export interface NetworkState {
    readonly createdAt: string;
    readonly fabricVersion: string;
    /**
     * The ordering consensus the instance was created with, which it keeps (topology.ts reads it back). Absent in
     * states written before BFT existed, whose networks are Raft.
     */
    readonly consensus?: 'BFT' | 'etcdraft';
    readonly chaincode: {
        readonly sequence: number;
        readonly label: string;
        readonly packageId: string;
        readonly committedAt: string;
    };
}

export function readState(topology: Topology): NetworkState | undefined {
    if (!existsSync(topology.stateFile)) {
        return undefined;
    }
    return JSON.parse(readFileSync(topology.stateFile, 'utf8')) as NetworkState;
}

export function writeState(topology: Topology, state: NetworkState): void {
    writeFileSync(topology.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}
