import { ConsentContract } from '../../consent/consent-contract.js';
import { EvidenceContract } from '../../evidence/records/evidence-contract.js';
import { OBJECT_TYPES } from '../../evidence/ledger-keys.js';
import { type IdentityLike, type LedgerLike } from './abs-harness.js';
import { chainCalls } from './loan-chain-requests.js';

/**
 * The minimal evidence chain a loan needs before it may enter an ABS pool (chaincode/src/abs/pool/loan-evidence.ts),
 * on the stub ledger, in the steps loan-chain-requests.ts lists: the platform records the loans' consents, files
 * CREDIT_AUTHORIZATION and CONTRACT_SIGNING, the bank logs its credit inquiry on each
 * loan, then files CREDIT_DECISION and DISBURSEMENT of many loans per RegisterBatch. This is the ONE place the stub
 * tests build such chains (the ABS test driver calls it before every pool entry): when a stage gains a prerequisite,
 * extend it and every ABS fixture follows. test/support/loan-chains.ts is its counterpart on the real network.
 */

/** The loan's parties as the chains bind them; the memory ledger admits this platform for this bank and product. */
export interface ChainParties {
    readonly platform: IdentityLike;
    readonly bank: IdentityLike;
    readonly product: string;
}

export const DEFAULT_CHAIN_PARTIES: ChainParties = Object.freeze({
    platform: { mspId: 'PlatformMSP', commonName: 'User1@platform.lendledger.test' },
    bank: { mspId: 'BankMSP', commonName: 'User1@bank.lendledger.test' },
    product: 'CONSUMER_LOAN',
});

const evidence = new EvidenceContract();
const consents = new ConsentContract();

/** The committed-state key of a loan's parties (`ev.parties`), as the stub's composite keys spell it. */
function partiesKey(loanRef: string): string {
    return `\u0000${OBJECT_TYPES.loanParties}\u0000${loanRef}\u0000`;
}

/**
 * Registers the minimal pool-entry chain of every loan that has no parties on the ledger yet (a loan whose chain
 * another test opened, with other parties, is left as it is).
 *
 * @returns the loanRefs it registered chains for.
 */
export async function registerLoanChains(
    ledger: LedgerLike,
    loanRefs: readonly string[],
    parties: ChainParties = DEFAULT_CHAIN_PARTIES,
): Promise<string[]> {
    const fresh = [...new Set(loanRefs)].filter((loanRef) => ledger.read(partiesKey(loanRef)) === undefined);
    const contracts = { Consent: consents, Evidence: evidence };
    for (const step of chainCalls(fresh, { bank: parties.bank.mspId, product: parties.product })) {
        await ledger.invoke(contracts[step.contract], step.fn, parties[step.writer], JSON.stringify(step.request));
    }
    return fresh;
}
