import { describe, expect, it } from 'vitest';
import { approvingMessage, joiningPeersMessage, startingOrderersMessage, startingPeersMessage } from './progress.ts';
import { topologyOf, type Topology } from './topology.ts';

const dev = topologyOf('dev', {});

/** The dev topology cut down to a smaller consortium, as if the domain listed fewer members and orderers. */
function smaller(orderers: number, orgs: number): Topology {
    return { ...dev, orderers: dev.orderers.slice(0, orderers), orgs: dev.orgs.slice(0, orgs) };
}

describe('progress lines count what the topology holds', () => {
    it('describes the local consortium as it is configured', () => {
        expect(startingOrderersMessage(dev)).toBe(`Starting ${dev.orderers.length} Raft orderers`);
        expect(startingPeersMessage(dev)).toBe(`Starting ${dev.orgs.length} peers`);
        expect(joiningPeersMessage(dev)).toBe(`Joining the ${dev.orgs.length} peers to the channel`);
        expect(approvingMessage(dev, 4)).toBe(
            `Approving sequence 4 for all ${dev.orgs.length} organisations and committing`,
        );
    });

    it('follows a topology of another size instead of a fixed count', () => {
        const topology = smaller(2, 3);
        expect(startingOrderersMessage(topology)).toBe('Starting 2 Raft orderers');
        expect(startingPeersMessage(topology)).toBe('Starting 3 peers');
        expect(joiningPeersMessage(topology)).toBe('Joining the 3 peers to the channel');
        expect(approvingMessage(topology, 1)).toBe('Approving sequence 1 for all 3 organisations and committing');
    });

    it('speaks of a single node in the singular', () => {
        const topology = smaller(1, 1);
        expect(startingOrderersMessage(topology)).toBe('Starting 1 Raft orderer');
        expect(startingPeersMessage(topology)).toBe('Starting 1 peer');
        expect(joiningPeersMessage(topology)).toBe('Joining the 1 peer to the channel');
        expect(approvingMessage(topology, 2)).toBe('Approving sequence 2 for all 1 organisation and committing');
    });
});
