import { type CutOffRecord } from '@lendledger/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import { AbsDealBook, type TestLoan } from '../support/abs-data.ts';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { saltedFingerprint } from '../support/ledger-data.ts';
import { connectChainWriters, registerLoanChains } from '../support/loan-chains.ts';
import { channelHeightAt, eventually, orgOf, testNetwork, uniqueCode } from '../support/test-network.ts';

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
 * it has caught up. Retries are counted in the bank gateway's metrics and printed.
 */

const LOAN_COUNT = 20;
const HELD_AFTER_REQUEST_MS = 1_500;

function tapeLoan(i: number): TestLoan {
    return {
        label: `L${i}`,
        original: 50_000 + i,
        current: 40_000 + i,
        rateBps: 1_000,
        originalTerm: 12,
        remainingTerm: 12,
    };
}

/** The bank gateway's count of fresh proposals after endorsers disagreed, from its Prometheus metrics. */
async function disagreementRetries(client: GatewayClient): Promise<number> {
    const text = await (await fetch(`${client.baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    const line = /^gateway_fabric_retries_total\{[^}]*reason="disagreement"[^}]*\} (\d+)$/m.exec(text);
    return line ? Number(line[1]) : 0;
}

describe('a holder’s peer that has not yet committed what a deal write reads', () => {
    const network = testNetwork();
    const book = new AbsDealBook(uniqueCode('ABS-LAG'));
    const loans = Array.from({ length: LOAN_COUNT }, (_, i) => tapeLoan(i));
    let bank: GatewayClient;
    let investor: GatewayClient;

    beforeAll(async () => {
        bank = await gatewayAs(network, 'bank');
        investor = await gatewayAs(network, 'investor');
        ok(await bank.post('/v1/abs/deals', dealRequest({ dealId: book.dealId, investors: ['InvestorMSP'] })));
    });

    it('does not fail the issuer’s tape batch: the gateway endorses afresh until that peer has caught up', async () => {
        const platformOrg = orgOf(network, 'platform');
        const bankOrg = orgOf(network, 'bank');
        const holderPeer = orgOf(network, 'investor').peerName;
        const pid = network.processes.pidOf(holderPeer);
        expect(pid, `${holderPeer} runs`).toBeDefined();
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
                batchId: 'tape-0',
                loans: parts.map((p) => p.row),
                amounts: parts.map((p) => p.amounts),
            });
            await new Promise((resolve) => setTimeout(resolve, HELD_AFTER_REQUEST_MS));
        } finally {
            process.kill(pid!, 'SIGCONT');
        }

        const added = ok(await answer);
        expect(added).toMatchObject({ result: { dealId: book.dealId, batchId: 'tape-0', loanCount: LOAN_COUNT } });
        const retries = (await disagreementRetries(bank)) - before;
        console.log(
            `the holder's peer, held back ${HELD_AFTER_REQUEST_MS} ms, disagreed ${retries} times before it caught up`,
        );

        // The holder's own gateway, at its own peer, sees the batch and can take the tape through cut-off.
        const cutOff = ok(
            await bank.post<{ result: CutOffRecord }>(`/v1/abs/deals/${book.dealId}/pool/cut-off`, {
                expectedLoanCount: LOAN_COUNT,
                expectedTapeRoot: book.tapeRoot(loans.map((loan) => loan.label)),
                tapeFingerprint: saltedFingerprint(`loan tape of ${book.dealId}`),
            }),
        );
        expect(cutOff.result).toMatchObject({ loanCount: LOAN_COUNT, tapeSize: LOAN_COUNT });
        const view = ok(await investor.get<{ cutOff: CutOffRecord | null }>(`/v1/abs/deals/${book.dealId}/pool`));
        expect(view.cutOff?.tapeRoot).toBe(cutOff.result.tapeRoot);
    });
});
