import { describe, expect, it } from 'vitest';
import {
    bftFaultsTolerated,
    bftQuorum,
    endorsementPolicyOf,
    LENDLEDGER_CONSORTIUM,
    orderingAt,
    type ConsortiumConsenter,
    type ConsortiumOrdering,
} from './consortium.js';
import { MSP_IDS, ORGANISATIONS } from './orgs.js';

describe('LENDLEDGER_CONSORTIUM', () => {
    it('names every organisation as a member, in organisation order', () => {
        expect(LENDLEDGER_CONSORTIUM.organisations).toEqual(ORGANISATIONS.map((org) => MSP_IDS[org]));
        expect(LENDLEDGER_CONSORTIUM.organisations).toEqual([
            'PlatformMSP',
            'BankMSP',
            'NotaryMSP',
            'CourtMSP',
            'InvestorMSP',
        ]);
    });

    it('cannot be changed at run time', () => {
        expect(Object.isFrozen(LENDLEDGER_CONSORTIUM)).toBe(true);
        expect(Object.isFrozen(LENDLEDGER_CONSORTIUM.organisations)).toBe(true);
        expect(Object.isFrozen(LENDLEDGER_CONSORTIUM.writerRoles)).toBe(true);
    });
});

describe('endorsementPolicyOf', () => {
    it('writes the consortium policy as the Fabric expression the network commits the chaincode with', () => {
        expect(endorsementPolicyOf(LENDLEDGER_CONSORTIUM)).toBe(
            "OutOf(2, 'PlatformMSP.peer', 'BankMSP.peer', 'NotaryMSP.peer', 'CourtMSP.peer', 'InvestorMSP.peer')",
        );
    });

    it('follows a changed quorum and member list', () => {
        const policy = { ...LENDLEDGER_CONSORTIUM, requiredEndorsingOrganisations: 3, organisations: ['AMSP', 'BMSP'] };
        expect(endorsementPolicyOf(policy)).toBe("OutOf(3, 'AMSP.peer', 'BMSP.peer')");
    });
});

describe('bftQuorum', () => {
    it('is 2f + 1 for n = 3f + 1 consenters, as a BFT service of n nodes tolerating f faults needs', () => {
        for (let f = 0; f <= 10; f += 1) {
            expect(bftQuorum(3 * f + 1)).toBe(2 * f + 1);
        }
    });

    // Worked by hand with Go's integer arithmetic from common/policies/bft.go: f := (n - 1) / 3 (truncating),
    // ComputeBFTQuorum = int(math.Ceil(float64(n+f+1) / 2)).
    it.each([
        [1, 1],
        [2, 2],
        [3, 2],
        [4, 3],
        [5, 4],
        [6, 4],
        [7, 5],
        [10, 7],
        [13, 9],
    ])("is Fabric's ComputeBFTQuorum for %i consenters: %i", (n, quorum) => {
        expect(bftQuorum(n)).toBe(quorum);
    });

    it('throws RangeError for no consenters, a negative count or a fraction, where a quorum of 0 would pass anything', () => {
        for (const n of [0, -1, -4, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
            expect(() => bftQuorum(n)).toThrow(RangeError);
            expect(() => bftFaultsTolerated(n)).toThrow(RangeError);
        }
    });
});

describe('bftFaultsTolerated', () => {
    it.each([
        [1, 0],
        [3, 0],
        [4, 1],
        [6, 1],
        [7, 2],
        [10, 3],
    ])('tolerates, for %i consenters, %i faulty ones', (n, f) => {
        expect(bftFaultsTolerated(n)).toBe(f);
    });
});

describe('orderingAt', () => {
    const consenter = (id: number): ConsortiumConsenter => ({ id, mspId: 'BankMSP', identity: `pem ${id}` });
    const first = { untilBlock: 9, consensus: 'etcdraft', mspId: 'OrdererMSP' } as const;
    const second = { untilBlock: 20, consensus: 'BFT', consenters: [consenter(1)] } as const;
    const ordering: ConsortiumOrdering = {
        consensus: 'BFT',
        consenters: [consenter(1), consenter(2)],
        earlier: [first, second],
    };

    it('picks the first earlier arrangement whose untilBlock is at least the block, else the current one', () => {
        expect(orderingAt(ordering, 0)).toBe(first);
        expect(orderingAt(ordering, 9)).toBe(first);
        expect(orderingAt(ordering, 10)).toBe(second);
        expect(orderingAt(ordering, 20)).toBe(second);
        expect(orderingAt(ordering, 21)).toEqual({ consensus: 'BFT', consenters: [consenter(1), consenter(2)] });
    });

    it('means Raft when no ordering is stated', () => {
        expect(orderingAt(undefined, 5)).toEqual({ consensus: 'etcdraft' });
    });
});
