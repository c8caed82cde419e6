import { type Contract } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { type DealRecord, type LoanRecord, type PeriodRecord } from '@lendledger/domain';
import { type PeerOrg } from '@lendledger/network/topology.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import {
    AbsDealBook,
    cashCollectedBy,
    evaluateOn,
    reportCashOnLedger,
    rollForward,
    type TestLoan,
    type TestRow,
} from '../support/abs-data.ts';
import { onceDiscovered } from '../support/discovery.ts';
import { connectAs, type OrgConnection } from '../support/fabric-client.ts';
import { withPoolEvidence } from '../support/pool-loans.ts';
import { saltedFingerprint, submitFresh, withDetails } from '../support/ledger-data.ts';
import { testNetwork, uniqueCode } from '../support/test-network.ts';

/*
 * Issue 16, item 2: the chaincode itself, not a gateway setting, requires each holding investor's endorsement on a
 * deal's tape, cut-off, purchase, period-row and close writes (chaincode/src/abs/deals/deal-guard.ts). The deal is
 * held by InvestorMSP and Investor2MSP. Each guarded write is first endorsed by BankMSP and Investor2MSP only: two
 * peers, so the chaincode's any-two policy is met and the peers answer, and both hold the deal's private data, so
 * the simulation succeeds; Fabric refuses it at commit (ENDORSEMENT_POLICY_FAILURE) and nothing changes. The same
 * write endorsed by InvestorMSP too commits. Unguarded writes (TransitionDeal) endorsed by the same pair commit,
 * so the refusals come from the guard and not from the pair.
 *
 * The writes that carry private amounts (tape batches, purchases, row batches) also write InvestorMSP's implicit
 * collection, whose endorsement policy already asked for InvestorMSP's peer before the guard; the cut-off and the
 * close write no private data, and only the guard refuses them. Each refused write is followed at once by the
 * accepted one, which also shows that a refused private write does not hold up the holder's peer.
 */

const ISSUER = 'BankMSP';
const HOLDER = 'InvestorMSP';
const OTHER_HOLDER = 'Investor2MSP';
const ALL = [ISSUER, OTHER_HOLDER, HOLDER];
const WITHOUT_HOLDER = [ISSUER, OTHER_HOLDER];

const TAPE: readonly TestLoan[] = [
    { label: 'A', original: 120_000, current: 120_000, rateBps: 1200, originalTerm: 12, remainingTerm: 12 },
    { label: 'B', original: 80_000, current: 80_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
];
const BOUGHT: TestLoan = {
    label: 'N',
    original: 50_000,
    current: 50_000,
    rateBps: 1500,
    originalTerm: 12,
    remainingTerm: 12,
};
const ROWS: readonly TestRow[] = [
    { label: 'A', status: 'CURRENT', remainingTerm: 11, scheduled: 10_000, closing: 110_000 },
    { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 5_000, closing: 75_000 },
    { label: 'N', status: 'CURRENT', remainingTerm: 12, scheduled: 0, closing: 50_000 },
];

/** A bare submission's commit status code and parsed result, endorsed by exactly the named organisations. */
async function commit(
    contract: Contract,
    name: string,
    request: unknown,
    endorsers: readonly string[],
    amounts?: unknown,
): Promise<{ code: number; result: unknown; block: bigint }> {
    // A fresh proposal while the endorsers disagree: one peer has not yet committed the previous block.
    const transaction = await withDetails(
        submitFresh(
            () =>
                onceDiscovered(() =>
                    contract
                        .newProposal(name, {
                            arguments: [JSON.stringify(request)],
                            endorsingOrganizations: [...endorsers],
                            ...(amounts === undefined
                                ? {}
                                : { transientData: { loans: new TextEncoder().encode(JSON.stringify(amounts)) } }),
                        })
                        .endorse(),
                ),
            endorsers.length,
            // Up to 20 s: on the nine-member test instance a peer can lag its neighbours by seconds.
            80,
        ),
    );
    const result: unknown = JSON.parse(Buffer.from(transaction.getResult()).toString('utf8'));
    const status = await (await transaction.submit()).getStatus();
    return { code: status.code, result, block: status.blockNumber };
}

describe("a deal's writes need every holder's endorsement, on the real network", () => {
    const network = testNetwork();
    const book = new AbsDealBook(uniqueCode('ABS-GUARD'));
    const dealId = book.dealId;
    let bank: OrgConnection;
    /** The deal's account bank (dealRequest names Bank2MSP): its cash report lets period 1 close. */
    let accountBank: OrgConnection;

    beforeAll(() => {
        const orgs = network.topology.orgs;
        const bankOrg: PeerOrg | undefined = orgs.find((org) => org.mspId === ISSUER);
        bank = connectAs(bankOrg!);
        accountBank = connectAs(orgs.find((org) => org.mspId === 'Bank2MSP')!);
    });

    afterAll(() => {
        bank?.close();
        accountBank?.close();
    });

    /** A read on the issuer's peer, which has committed every block the bank's submissions waited for. */
    const onBank = <T>(name: string, request: unknown): Promise<T> =>
        evaluateOn<T>(bank.contract, name, request, ISSUER);

    /** {@link commit}, then waits until every party's peer has the block. */
    async function committed(
        name: string,
        request: unknown,
        endorsers: readonly string[],
        amounts?: unknown,
    ): Promise<{ code: number; result: unknown }> {
        return commit(bank.contract, name, request, endorsers, amounts);
    }

    /**
     * Submits a guarded write endorsed without the holder (refused at commit, `state` unchanged), then with it
     * (committed); answers the committed result. A refused write that carries private amounts leaves the holder's
     * peer without the private writes it never endorsed; peers skip pulling those of refused transactions
     * (network/src/node-specs.ts), so the accepted write right after it commits at once instead of waiting up to a
     * minute for the holder's peer.
     */
    async function guarded<T>(name: string, request: unknown, state: () => Promise<unknown>, amounts?: unknown) {
        const before = await state();
        const refused = await committed(name, request, WITHOUT_HOLDER, amounts);
        expect(refused.code, `${name} without ${HOLDER}`).toBe(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        expect(await state(), `${name} refused left the state as it was`).toEqual(before);
        const accepted = await committed(name, request, ALL, amounts);
        expect(accepted.code, `${name} with ${HOLDER}`).toBe(peer.TxValidationCode.VALID);
        expect(await state(), `${name} committed`).not.toEqual(before);
        return accepted.result as T;
    }

    /** An unguarded write endorsed by the same pair commits: the pair meets the chaincode's policy. */
    async function unguarded(name: string, request: unknown): Promise<void> {
        const done = await committed(name, request, WITHOUT_HOLDER);
        expect(done.code, `${name} endorsed by ${WITHOUT_HOLDER.join(' and ')}`).toBe(peer.TxValidationCode.VALID);
    }

    it('refuses each guarded write that the holder did not endorse, and commits it once the holder endorses', async () => {
        await unguarded('AbsDeal:CreateDeal', dealRequest({ dealId, investors: [HOLDER, OTHER_HOLDER] }));
        // A loan enters the pool only with its contract-signing and disbursement evidence.
        await withPoolEvidence(
            network,
            [...TAPE, BOUGHT].map((loan) => book.loanRef(loan.label)),
        );

        const tape = TAPE.map((loan) => book.loanParts(loan));
        const loans = (): Promise<string[]> =>
            onBank<{ items: LoanRecord[] }>('AbsPool:ListLoans', { dealId }).then((page) =>
                page.items.map((loan) => `${loan.loanId}:${loan.status}:${loan.txId}`),
            );
        await guarded(
            'AbsPool:AddCutOffLoans',
            { dealId, batchId: 'tape-1', loans: tape.map((part) => part.row) },
            loans,
            tape.map((part) => part.amounts),
        );

        const deal = (): Promise<DealRecord> => onBank<DealRecord>('AbsDeal:GetDeal', { dealId });
        const cutOff = await guarded<{ loanCount: number }>(
            'AbsPool:CutOffPool',
            {
                dealId,
                expectedLoanCount: TAPE.length,
                expectedTapeRoot: book.tapeRoot(TAPE.map((loan) => loan.label)),
                tapeFingerprint: saltedFingerprint(`tape of ${dealId}`),
            },
            deal,
        );
        expect(cutOff.loanCount).toBe(TAPE.length);

        await unguarded('AbsDeal:TransitionDeal', { dealId, to: 'ISSUED' });
        await unguarded('AbsDeal:TransitionDeal', { dealId, to: 'REVOLVING' });
        await unguarded('AbsReport:OpenPeriod', {
            dealId,
            periodNo: 1,
            startDate: '2026-02-01',
            endDate: '2026-02-28',
        });

        const bought = book.purchaseParts(BOUGHT);
        await guarded(
            'AbsPool:PurchaseLoans',
            { dealId, periodNo: 1, batchId: 'buy-1', acquisition: 'REVOLVING_PURCHASE', loans: [bought.row] },
            loans,
            [bought.amounts],
        );

        const rows = ROWS.map((row) => book.rowParts(row, 1));
        const period = (): Promise<unknown> => onBank('AbsReport:GetPeriodReport', { dealId, periodNo: 1 });
        const rowState = (): Promise<unknown> =>
            onBank('AbsPool:GetLoan', { dealId, loanId: book.loanId('A') }).then((view) => JSON.stringify(view));
        await guarded(
            'AbsReport:PostPeriodUpdates',
            { dealId, periodNo: 1, batchId: 'rows-1', rows: rows.map((part) => part.row) },
            rowState,
            rows.map((part) => part.amounts),
        );

        await reportCashOnLedger(accountBank.contract, dealId, 1, cashCollectedBy(ROWS));
        const closed = await guarded<PeriodRecord>(
            'AbsReport:ClosePeriod',
            {
                dealId,
                periodNo: 1,
                reportFingerprint: saltedFingerprint(`servicer report 1 of ${dealId}`),
                servicerReport: rollForward({
                    openingBalance: 200_000,
                    revolvingPurchasedPrincipal: 50_000,
                    scheduledPrincipal: 15_000,
                    closingBalance: 235_000,
                }),
            },
            period,
        );
        expect(closed).toMatchObject({ dealId, periodNo: 1, status: 'CLOSED' });
    });

    it("holds a change of holders to the guard in force: a leaving holder's peer must endorse it", async () => {
        const request = { dealId, investors: [OTHER_HOLDER], reasonCode: 'NOTES_SOLD' };
        const holders = (): Promise<readonly string[]> =>
            onBank<DealRecord>('AbsDeal:GetDeal', { dealId }).then((deal) => deal.investors);
        expect(await holders()).toEqual([OTHER_HOLDER, HOLDER].sort());
        const refused = await committed('AbsDeal:SetInvestors', request, WITHOUT_HOLDER);
        expect(refused.code).toBe(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        expect(await holders()).toEqual([OTHER_HOLDER, HOLDER].sort());
        const accepted = await committed('AbsDeal:SetInvestors', request, ALL);
        expect(accepted.code).toBe(peer.TxValidationCode.VALID);
        expect(await holders()).toEqual([OTHER_HOLDER]);

        // The guard now names the issuer and Investor2MSP only: the pair that was refused before now suffices.
        await unguarded('AbsReport:OpenPeriod', {
            dealId,
            periodNo: 2,
            startDate: '2026-03-01',
            endDate: '2026-03-31',
        });
        const rows = ROWS.map((row) =>
            book.rowParts({ ...row, remainingTerm: row.remainingTerm - 1, scheduled: 0 }, 2),
        );
        const posted = await commit(
            bank.contract,
            'AbsReport:PostPeriodUpdates',
            { dealId, periodNo: 2, batchId: 'rows-2', rows: rows.map((part) => part.row) },
            WITHOUT_HOLDER,
            rows.map((part) => part.amounts),
        );
        expect(posted.code).toBe(peer.TxValidationCode.VALID);
    });
});
