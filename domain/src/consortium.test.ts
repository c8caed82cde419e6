import { describe, expect, it } from 'vitest';
import { endorsementPolicyOf, LENDLEDGER_CONSORTIUM } from './consortium.js';
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
