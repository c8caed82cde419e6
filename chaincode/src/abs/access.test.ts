import { type DealRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { describe, expect, it } from 'vitest';
import { requireIssuerOf } from './access.js';

function contextOf(mspId: string): Context {
    return {
        clientIdentity: { getMSPID: () => mspId, getID: () => 'x509::/CN=user::/CN=ca' },
    } as unknown as Context;
}

describe('requireIssuerOf', () => {
    const deal = { dealId: 'D', issuerMspId: 'BankMSP' } as DealRecord;

    it('returns the caller of the issuing organisation', () => {
        expect(requireIssuerOf(contextOf('BankMSP'), deal, 'move a deal')).toEqual({
            mspId: 'BankMSP',
            subject: '/CN=user',
            issuer: '/CN=ca',
        });
    });

    it('refuses an issuer organisation that did not issue the deal', () => {
        // Only BankMSP issues today; this guards the day a second lender joins the consortium.
        const other = { ...deal, issuerMspId: 'OtherBankMSP' };
        expect(() => requireIssuerOf(contextOf('BankMSP'), other, 'move a deal')).toThrow(/"code":"ABS_NOT_ISSUER"/);
    });

    it('refuses organisations that issue nothing', () => {
        expect(() => requireIssuerOf(contextOf('InvestorMSP'), deal, 'move a deal')).toThrow(/"code":"ACCESS_DENIED"/);
    });
});
