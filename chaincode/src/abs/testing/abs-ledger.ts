import { DEFAULT_FOUNDING_MEMBERS, type MemberEntry } from '@lendledger/domain';
import { MemoryLedger, MORE_USERS, TEST_LOAN_PARTIES } from '../../testing/memory-ledger.js';

/**
 * The ledger ABS tests run on: the development network's five members plus a second bank, the account bank every
 * test deal names (`dealRequest`'s `accountBankMspId`), as the integration instance has Bank2MSP. One copy, so every
 * ABS test meets the same account bank.
 */

/** The account bank's user: the deal's cash reports come from it. */
export const ACCOUNT_BANK = MORE_USERS.bank2;

/** The registry of {@link absLedger}. */
export const ABS_TEST_MEMBERS: readonly MemberEntry[] = Object.freeze([
    ...DEFAULT_FOUNDING_MEMBERS,
    { mspId: ACCOUNT_BANK.mspId, roles: ['bank'] },
]);

/** A memory ledger with {@link ABS_TEST_MEMBERS} and the default loan admissions; `options` as MemoryLedger's. */
export function absLedger(options: ConstructorParameters<typeof MemoryLedger>[0] = {}): MemoryLedger {
    return new MemoryLedger({ registry: ABS_TEST_MEMBERS, admissions: [TEST_LOAN_PARTIES], ...options });
}
