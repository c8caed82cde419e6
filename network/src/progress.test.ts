import { describe, expect, it } from 'vitest';
import { approvingMessage, joiningPeersMessage, startingOrderersMessage, startingPeersMessage } from './progress.ts';
import { topologyOf, type Topology } from './topology.ts';

const dev = topologyOf('dev', { LENDLEDGER_CONSENSUS: 'etcdraft' });

/** The dev topology cut down to a smaller consortium, as if the domain listed fewer members and orderers. */
function smaller(orderers: number, orgs: number): Topology {
    return { ...dev, orderers: dev.orderers.slice(0, orderers), orgs: dev.orgs.slice(0, orgs) };
}

function linesOf(topology: Topology, sequence: number): string[] {
    return [
        startingOrderersMessage(topology),
        startingPeersMessage(topology),
        joiningPeersMessage(topology),
        approvingMessage(topology, sequence),
    ];
}

describe('progress lines count what the topology holds', () => {
    it('describes the local consortium as it is configured', () => {
        const [orderers, orgs] = [dev.orderers.length, dev.orgs.length];
        expect(linesOf(dev, 4)).toEqual([
            `Starting ${orderers} Raft orderers`,
            `Starting ${orgs} peers`,
            `Joining the ${orgs} peers to the channel`,
            `Approving sequence 4 for all ${orgs} organisations and committing`,
        ]);
    });

    it('names the members that run the BFT orderers', () => {
        expect(startingOrderersMessage(topologyOf('dev', {}))).toBe(
            'Starting 4 BFT orderers, run by bank, notary, court, investor',
        );
    });

    it.each([
        {
            size: 'another size, in the plural',
            orderers: 2,
            orgs: 3,
            lines: [
                'Starting 2 Raft orderers',
                'Starting 3 peers',
                'Joining the 3 peers to the channel',
                'Approving sequence 2 for all 3 organisations and committing',
            ],
        },
        {
            size: 'a single node, in the singular',
            orderers: 1,
            orgs: 1,
            lines: [
                'Starting 1 Raft orderer',
                'Starting 1 peer',
                'Joining the 1 peer to the channel',
                'Approving sequence 2 for all 1 organisation and committing',
            ],
        },
    ])('follows a topology of $size instead of a fixed count', ({ orderers, orgs, lines }) => {
        expect(linesOf(smaller(orderers, orgs), 2)).toEqual(lines);
    });
});
