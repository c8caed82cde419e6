import { describe, expect, it } from 'vitest';
import { endorsementPolicyOf, LENDLEDGER_CONSORTIUM, bftQuorum } from './consortium.js';
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

    it("matches Fabric's ComputeBFTQuorum for every size: any two quorums share more than f consenters", () => {
        for (let n = 1; n <= 40; n += 1) {
            const f = Math.floor((n - 1) / 3);
            const q = bftQuorum(n);
            expect(q).toBe(Math.ceil((n + f + 1) / 2));
            // Two quorums overlap in 2q − n nodes; at least f + 1 of them, so at least one honest node saw both.
            expect(2 * q - n).toBeGreaterThanOrEqual(f + 1);
            expect(q).toBeLessThanOrEqual(n - f);
        }
    });
});
