import { type CutOffRecord } from '@lendledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import { AbsDealBook, type TestLoan } from '../support/abs-data.ts';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { saltedFingerprint } from '../support/ledger-data.ts';
import { connectChainWriters, registerLoanChains } from '../support/loan-chains.ts';
import { channelHeightAt, eventually, metricsAt, orgOf, testNetwork, uniqueCode } from '../support/test-network.ts';

/*
 * An issuer's write that a holder's peer endorses while that peer has not yet committed what the write reads. The
 * issuer's gateway waits for a commit at its own peer only (Ledger-Min-Block), and a deal's guard makes every
 * holder's peer endorse the deal's writes, so a holder's peer a few blocks behind refuses what the issuer's peer
 * accepts. Before the gateway took such a refusal as a disagreement between endorsers, CI saw the close of a
 * period refused with a cash report the account bank had already corrected (422), and a tape batch fail with
 * "ProposalResponsePayloads do not match" (502).
 *
 * Here the investor's peer, the deal's holder, is held back (SIGSTOP) while the platform and the bank file the
 * evidence chains of the tape's loans, endorsed by their own peers only; the bank's gateway is asked for the tape
 * batch while it is still held, and it is let go a moment later. Its first answer is the refusal of a peer that
 * does not know the loans (ABS_LOAN_EVIDENCE_MISSING, at InvestorMSP only), and the gateway endorses afresh until
 * it has caught up. Retries are counted in the bank gateway's metrics: the test requires at least one, so that it
 * shows the path was taken, and repeats the round (at most three times) when the peer happened to catch up first.
 */

const LOANS_PER_BATCH = 20;
const HELD_AFTER_REQUEST_MS = 1_500;
/**
 * Rounds at most: a round in which the held peer happened to commit the chains before it simulated the proposal
 * saw no disagreement and proved nothing, so another follows (one round sufficed in every run seen).
 */
const MAX_ROUNDS = 3;

function tapeLoan(round: number, i: number): TestLoan {
    return {
        label: `L${round}-${i}`,
        original: 50_000 + i,
        current: 40_000 + i,
        rateBps: 1_000,
        originalTerm: 12,
        remainingTerm: 12,
    };
}

/** The bank gateway's count of fresh proposals after endorsers disagreed, from its Prometheus metrics. */
async function disagreementRetries(client: GatewayClient): Promise<number> {
    const text = await metricsAt(`${client.baseUrl}/metrics`);
    expect(text, `${client.baseUrl}/metrics answers`).toBeDefined();
    const line = /^gateway_fabric_retries_total\{[^}]*reason="disagreement"[^}]*\} (\d+)$/m.exec(text!);
    return line ? Number(line[1]) : 0;
}

function resume(pid: number): void {
    try {
        process.kill(pid, 'SIGCONT');
    } catch {
        // It already runs, or died.
    }
}

describe('a holder’s peer that has not yet committed what a deal write reads', () => {
    const network = testNetwork();
    const book = new AbsDealBook(uniqueCode('ABS-LAG'));
    const holderPeer = (): string => orgOf(network, 'investor').peerName;
    let bank: GatewayClient;
    let investor: GatewayClient;

    beforeAll(async () => {
        bank = await gatewayAs(network, 'bank');
        investor = await gatewayAs(network, 'investor');
        ok(await bank.post('/v1/abs/deals', dealRequest({ dealId: book.dealId, investors: ['InvestorMSP'] })));
    });

    afterAll(() => {
        // Never leave the holder's peer stopped for the suites after this one, whatever failed here.
        const pid = network.processes.pidOf(holderPeer());
        if (pid !== undefined) {
            resume(pid);
        }
    });

    /**
     * One round: the chains of a batch's loans filed while the holder's peer is held, the batch asked for before it
     * is let go. Requires the batch to commit, and returns how many disagreements the bank's gateway retried.
     */
    async function heldBackRound(round: number, loans: readonly TestLoan[]): Promise<number> {
        const platformOrg = orgOf(network, 'platform');
        const bankOrg = orgOf(network, 'bank');
        const pid = network.processes.pidOf(holderPeer());
        expect(pid, `${holderPeer()} runs`).toBeDefined();
        const before = await disagreementRetries(bank);
        const parts = loans.map((loan) => book.loanParts(loan));

        process.kill(pid!, 'SIGSTOP');
        let answer: ReturnType<GatewayClient['post']>;
        try {
            const writers = connectChainWriters(platformOrg, bankOrg);
            let lastBlock: number;
            try {
                const endorsingOrganizations = [platformOrg.mspId, bankOrg.mspId];
                ({ lastBlock } = await registerLoanChains(
                    { ...writers, endorsingOrganizations },
                    loans.map((loan) => book.loanRef(loan.label)),
                ));
            } finally {
                writers.close();
            }
            // The issuer's peer has every chain; the holder's, held back, has none of them.
            await eventually(
                async () => ((await channelHeightAt(bankOrg.operationsPort)) ?? 0) > lastBlock || undefined,
                'the bank’s peer to commit the chains',
            );
            answer = bank.post(`/v1/abs/deals/${book.dealId}/pool/tape-batches`, {
                batchId: `tape-${round}`,
                loans: parts.map((p) => p.row),
                amounts: parts.map((p) => p.amounts),
            });
            await new Promise((resolve) => setTimeout(resolve, HELD_AFTER_REQUEST_MS));
        } finally {
            resume(pid!);
        }

        const added = ok(await answer);
        expect(added).toMatchObject({
            result: { dealId: book.dealId, batchId: `tape-${round}`, loanCount: loans.length },
        });
        return (await disagreementRetries(bank)) - before;
    }

    it('does not fail the issuer’s tape batch: the gateway endorses afresh until that peer has caught up', async () => {
        const loaded: TestLoan[] = [];
        let retries = 0;
        for (let round = 0; round < MAX_ROUNDS && retries === 0; round++) {
            const loans = Array.from({ length: LOANS_PER_BATCH }, (_, i) => tapeLoan(round, i));
            retries = await heldBackRound(round, loans);
            loaded.push(...loans);
            console.log(
                `round ${round}: the holder's peer, held back ${HELD_AFTER_REQUEST_MS} ms after the request, ` +
                    `disagreed ${retries} times before it caught up`,
            );
        }
        // The gateway met the lagging peer's refusal and retried it; before, that was the caller's 422.
        expect(retries).toBeGreaterThan(0);

        // The tape goes on to its cut-off, which the holder then reads at its own gateway.
        const cutOff = ok(
            await bank.post<{ result: CutOffRecord }>(`/v1/abs/deals/${book.dealId}/pool/cut-off`, {
                expectedLoanCount: loaded.length,
                expectedTapeRoot: book.tapeRoot(loaded.map((loan) => loan.label)),
                tapeFingerprint: saltedFingerprint(`loan tape of ${book.dealId}`),
            }),
        );
        expect(cutOff.result).toMatchObject({ loanCount: loaded.length, tapeSize: loaded.length });
        const view = ok(await investor.get<{ cutOff: CutOffRecord | null }>(`/v1/abs/deals/${book.dealId}/pool`));
        expect(view.cutOff?.tapeRoot).toBe(cutOff.result.tapeRoot);
    });
});
