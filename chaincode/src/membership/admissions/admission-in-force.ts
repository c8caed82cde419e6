import { MEMBERSHIP_ERRORS, type AdmissionRecord, type LoanParties } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { txTime } from '../../core/ledger-state.js';
import { admissionsUnder } from './admission-store.js';

/**
 * The admissions a transaction found in force, per bank, platform and product: a batch of a thousand records of one
 * loan (or of many loans of one pair) reads the admissions once.
 */
const perTransaction = new WeakMap<object, Map<string, AdmissionRecord | null>>();

/**
 * The admission under which `bank` admitted `platform` for `product` at the transaction's time. Of several in force
 * (a renewal overlapping the one it renews) the one recorded first is returned, so every endorser answers the same.
 *
 * @throws {@link ChaincodeError} PARTNER_NOT_ADMITTED (403) naming the action, the bank, the platform and the
 *   product when no admission of theirs is in force: never admitted, not yet started, expired or withdrawn.
 */
export async function requireAdmission(ctx: Context, parties: LoanParties, action: string): Promise<AdmissionRecord> {
    const admission = await findAdmission(ctx, parties);
    if (admission === null) {
        const { bank, platform, product } = parties;
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.PARTNER_NOT_ADMITTED,
            `${bank} has no admission of ${platform} for ${product} in force; it may not ${action}`,
            { action, bank, platform, product },
        );
    }
    return admission;
}

/** The admission {@link requireAdmission} would answer, or null where it would refuse: for reads that show it. */
export async function findAdmission(ctx: Context, parties: LoanParties): Promise<AdmissionRecord | null> {
    const { bank, platform, product } = parties;
    const cache = perTransaction.get(ctx.stub) ?? new Map<string, AdmissionRecord | null>();
    perTransaction.set(ctx.stub, cache);
    const key = JSON.stringify([bank, platform, product]);
    if (!cache.has(key)) {
        const now = txTime(ctx);
        const inForce = (await admissionsUnder(ctx, [bank, platform, product], now))
            .filter((view) => view.inForce)
            .map((view) => view.admission)
            .sort((a, b) =>
                a.admittedAt < b.admittedAt ? -1 : a.admittedAt > b.admittedAt ? 1 : a.id < b.id ? -1 : 1,
            );
        cache.set(key, inForce[0] ?? null);
    }
    return cache.get(key) ?? null;
}
