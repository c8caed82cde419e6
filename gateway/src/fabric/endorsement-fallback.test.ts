import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeLedger, rejection } from '../testing/fake-ledger.js';
import { withEndorsementFallback } from './endorsement-fallback.js';
import { EndorserUnreachableError } from './ledger-errors.js';

const MEMBERS = ['PlatformMSP', 'BankMSP', 'NotaryMSP', 'CourtMSP', 'InvestorMSP'] as const;
const OWN = 'BankMSP';
const OTHERS = MEMBERS.filter((member) => member !== OWN);
const CALL = { identity: 'User2', name: 'Evidence:Register', args: ['{}'] } as const;

function fallbackOver(ledger: FakeLedger, now: () => number = () => 0) {
    ledger.mspId = OWN;
    return withEndorsementFallback(ledger, { mspId: OWN, organizations: MEMBERS, quorum: 2, ownRetryMs: 5_000, now });
}

describe('endorsement fallback', () => {
    it('endorses on the own peer while it runs the chaincode', async () => {
        const ledger = new FakeLedger();
        await fallbackOver(ledger).endorse(CALL);
        expect(ledger.endorsed.map((call) => call.endorsingOrganizations)).toEqual([undefined]);
    });

    it('endorses at two other organisations when the own chaincode server is unreachable', async () => {
        const ledger = new FakeLedger();
        ledger.unreachableChaincodes.add(OWN);
        const transaction = await fallbackOver(ledger).endorse(CALL);
        expect(transaction.transactionId).toMatch(/^tx/);
        const last = ledger.endorsed.at(-1)!;
        expect(last.identity).toBe('User2');
        expect(last.endorsingOrganizations).toHaveLength(2);
        expect(last.endorsingOrganizations).not.toContain(OWN);
    });

    it('drops other organisations whose chaincode is down too', async () => {
        const ledger = new FakeLedger();
        ['BankMSP', 'PlatformMSP', 'NotaryMSP'].forEach((org) => ledger.unreachableChaincodes.add(org));
        await fallbackOver(ledger).endorse(CALL);
        expect([...ledger.endorsed.at(-1)!.endorsingOrganizations!].sort()).toEqual(['CourtMSP', 'InvestorMSP']);
    });

    it('refuses as unreachable when fewer organisations than the policy needs can endorse', async () => {
        const ledger = new FakeLedger();
        ['BankMSP', 'PlatformMSP', 'NotaryMSP', 'CourtMSP'].forEach((org) => ledger.unreachableChaincodes.add(org));
        await expect(fallbackOver(ledger).endorse(CALL)).rejects.toBeInstanceOf(EndorserUnreachableError);
    });

    it('evaluates on other organisations under the caller identity when the own chaincode is unreachable', async () => {
        const ledger = new FakeLedger();
        ledger.unreachableChaincodes.add(OWN);
        const bytes = await fallbackOver(ledger).evaluate({ ...CALL, name: 'Evidence:Get' });
        expect(new TextDecoder().decode(bytes)).toContain('Evidence:Get');
        const last = ledger.evaluated.at(-1)!;
        expect(last.identity).toBe('User2');
        expect([...last.endorsingOrganizations!].sort()).toEqual([...OTHERS].sort());
    });

    it('passes a chaincode refusal through without trying elsewhere', async () => {
        const ledger = new FakeLedger().on('Evidence:Register', () => {
            throw rejection('EVIDENCE_DUPLICATE');
        });
        await expect(fallbackOver(ledger).endorse(CALL)).rejects.toMatchObject({ code: 'EVIDENCE_DUPLICATE' });
        expect(ledger.endorsed).toHaveLength(1);
    });

    it('never redirects a call that names its endorsers (private data)', async () => {
        const ledger = new FakeLedger();
        ledger.unreachableChaincodes.add(OWN);
        const call = { ...CALL, endorsingOrganizations: [OWN, 'InvestorMSP'] };
        await expect(fallbackOver(ledger).endorse(call)).rejects.toBeInstanceOf(EndorserUnreachableError);
        expect(ledger.endorsed.map((made) => made.endorsingOrganizations)).toEqual([[OWN, 'InvestorMSP']]);
    });

    it('goes straight to other organisations after an own failure, and tries the own peer again later', async () => {
        let now = 0;
        const ledger = new FakeLedger();
        const fallback = fallbackOver(ledger, () => now);
        ledger.unreachableChaincodes.add(OWN);
        await fallback.endorse(CALL);
        await fallback.endorse(CALL);
        // First call: own peer, then elsewhere; second call: elsewhere at once.
        expect(ledger.endorsed.map((call) => call.endorsingOrganizations === undefined)).toEqual([true, false, false]);
        ledger.unreachableChaincodes.delete(OWN);
        now = 5_000;
        await fallback.endorse(CALL);
        expect(ledger.endorsed.at(-1)!.endorsingOrganizations).toBeUndefined();
    });

    it('with the own chaincode down, endorses whenever two others can, never at one that cannot', async () => {
        await fc.assert(
            fc.asyncProperty(fc.subarray([...OTHERS]), async (othersDown) => {
                const down: string[] = [OWN, ...othersDown];
                const ledger = new FakeLedger();
                down.forEach((org) => ledger.unreachableChaincodes.add(org));
                const canEndorse = OTHERS.length - othersDown.length >= 2;
                const outcome = await fallbackOver(ledger)
                    .endorse(CALL)
                    .then(
                        () => 'endorsed',
                        (error: unknown) => error,
                    );
                if (canEndorse) {
                    expect(outcome).toBe('endorsed');
                    const used = ledger.endorsed.at(-1)!.endorsingOrganizations ?? [OWN];
                    expect(used).toHaveLength(2);
                    expect(used.filter((org) => down.includes(org))).toEqual([]);
                } else {
                    expect(outcome).toBeInstanceOf(EndorserUnreachableError);
                }
            }),
        );
    });

    describe('health', () => {
        it('is ready while the own peer runs the chaincode', async () => {
            await expect(fallbackOver(new FakeLedger()).health()).resolves.toEqual({ status: 'ready' });
        });

        it('is degraded, naming the organisations that endorse instead, when the own chaincode is down', async () => {
            const ledger = new FakeLedger();
            ledger.unreachableChaincodes.add(OWN);
            ledger.unreachableChaincodes.add('CourtMSP');
            await expect(fallbackOver(ledger).health()).resolves.toEqual({
                status: 'degraded',
                endorsingOrganizations: ['PlatformMSP', 'NotaryMSP', 'InvestorMSP'],
            });
        });

        it('fails when too few other organisations can endorse either', async () => {
            const ledger = new FakeLedger();
            ['BankMSP', 'PlatformMSP', 'NotaryMSP', 'CourtMSP'].forEach((org) => ledger.unreachableChaincodes.add(org));
            await expect(fallbackOver(ledger).health()).rejects.toBeInstanceOf(EndorserUnreachableError);
        });

        it('fails with the peer error when the own peer cannot be reached at all', async () => {
            const ledger = new FakeLedger();
            ledger.pingError = new Error('peer down');
            await expect(fallbackOver(ledger).health()).rejects.toThrow('peer down');
        });
    });
});
