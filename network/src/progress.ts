import { type Topology } from './topology.ts';

/**
 * The progress lines of `up` and `upgrade` that count nodes. Every count comes from the topology, so a consortium
 * of another size is never described as the one it used to be.
 */

function counted(count: number, singular: string, plural: string): string {
    return `${count} ${count === 1 ? singular : plural}`;
}

export function startingOrderersMessage(topology: Topology): string {
    if (topology.consensus === 'BFT') {
        const operators = topology.orderers.map((o) => o.operator).join(', ');
        return `Starting ${counted(topology.orderers.length, 'BFT orderer', 'BFT orderers')}, run by ${operators}`;
    }
    return `Starting ${counted(topology.orderers.length, 'Raft orderer', 'Raft orderers')}`;
}

export function startingPeersMessage(topology: Topology): string {
    return `Starting ${counted(topology.orgs.length, 'peer', 'peers')}`;
}

export function joiningPeersMessage(topology: Topology): string {
    return `Joining the ${counted(topology.orgs.length, 'peer', 'peers')} to the channel`;
}

export function approvingMessage(topology: Topology, sequence: number): string {
    const organisations = counted(topology.orgs.length, 'organisation', 'organisations');
    return `Approving sequence ${sequence} for all ${organisations} and committing`;
}
