import { type LocalNetwork } from '@lendledger/network/local-network.ts';
import { connectChainWriters, registerLoanChains, type ChainCost } from './loan-chains.ts';
import { everyPeerHas, orgOf } from './test-network.ts';

/**
 * Gives each loan the evidence chain it needs before it may enter an ABS pool (test/support/loan-chains.ts), written
 * by the test instance's platform and its bank (BankMSP, the suites' issuer), and returns once every peer has
 * committed it: the deal's pool writes are endorsed on the issuer's and the holders' peers, each of which must
 * already see the chain. Prints what it cost, so a suite's added time is visible in its log.
 */
export async function withPoolEvidence(network: LocalNetwork, loanRefs: readonly string[]): Promise<ChainCost> {
    const writers = connectChainWriters(orgOf(network, 'platform'), orgOf(network, 'bank'));
    try {
        const cost = await registerLoanChains(writers, loanRefs);
        await everyPeerHas(network, cost.lastBlock);
        console.log(
            `evidence chains of ${cost.loans} pool loans: ${cost.transactions} transactions in ${(cost.millis / 1000).toFixed(1)} s`,
        );
        return cost;
    } finally {
        writers.close();
    }
}
