import {
    ADMISSION_EVENTS,
    COMMON_ERRORS,
    MEMBERSHIP_ERRORS,
    type AdmissionRecord,
    type AdmissionWithdrawal,
    type WithdrawAdmissionResult,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../../core/caller.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitEvent, txTime, writeJson } from '../../core/ledger-state.js';
import { admissionWithdrawalKey } from './admission-keys.js';
import { type AdmissionWithdrawalRequest } from './admission-request.js';
import { admissionsUnder, readAdmissionWithdrawal, requireAdmissionRecord } from './admission-store.js';

/**
 * Withdraws admissions of the caller bank: one by its identifier, or every admission of a platform for a product
 * that has not expired and was not withdrawn (a renewal and the admission it renews end together). Each withdrawal
 * is its own write-once record; the admission itself is never rewritten.
 *
 * @throws {@link ChaincodeError} ADMISSION_NOT_FOUND, ACCESS_DENIED for another bank's admission, ADMISSION_WITHDRAWN
 *   for an admission withdrawn already.
 */
export async function withdrawAdmission(
    ctx: Context,
    caller: Caller,
    request: AdmissionWithdrawalRequest,
): Promise<WithdrawAdmissionResult> {
    const now = txTime(ctx);
    const targets =
        'admissionId' in request
            ? [await ownAdmission(ctx, caller, request.admissionId)]
            : await openAdmissions(ctx, caller, request, now);
    const txId = ctx.stub.getTxID();
    const withdrawals: AdmissionWithdrawal[] = targets.map((admission) => ({
        admissionId: admission.id,
        bank: admission.bank,
        platform: admission.platform,
        product: admission.product,
        reasonCode: request.reasonCode,
        withdrawnAt: now,
        txId,
        withdrawnBy: caller.subject,
    }));
    for (const withdrawal of withdrawals) {
        await writeJson(ctx, admissionWithdrawalKey(ctx, withdrawal.admissionId), withdrawal);
    }
    emitEvent(ctx, ADMISSION_EVENTS.withdrawn, {
        bank: caller.mspId,
        txId,
        withdrawals: withdrawals.map(({ admissionId, platform, product, reasonCode }) => ({
            admissionId,
            platform,
            product,
            reasonCode,
        })),
    });
    return { withdrawals };
}

async function ownAdmission(ctx: Context, caller: Caller, id: string): Promise<AdmissionRecord> {
    const admission = await requireAdmissionRecord(ctx, id, 'admissionId');
    if (admission.bank !== caller.mspId) {
        throw new ChaincodeError(
            COMMON_ERRORS.ACCESS_DENIED,
            `${caller.mspId} may not withdraw ${admission.bank}'s admission`,
            {
                action: 'withdraw an admission',
                mspId: caller.mspId,
                admissionId: id,
            },
        );
    }
    const withdrawal = await readAdmissionWithdrawal(ctx, id);
    if (withdrawal !== undefined) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.ADMISSION_WITHDRAWN,
            `admission ${id} was withdrawn at ${withdrawal.withdrawnAt}`,
            { field: 'admissionId', admissionId: id, withdrawnAt: withdrawal.withdrawnAt },
        );
    }
    return admission;
}

async function openAdmissions(
    ctx: Context,
    caller: Caller,
    request: { readonly platform: string; readonly product: string },
    now: string,
): Promise<AdmissionRecord[]> {
    const open = (await admissionsUnder(ctx, [caller.mspId, request.platform, request.product], now))
        .filter((view) => view.withdrawal === undefined && view.admission.validUntil > now)
        .map((view) => view.admission);
    if (open.length === 0) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.ADMISSION_NOT_FOUND,
            `${caller.mspId} has no open admission of ${request.platform} for ${request.product}`,
            { field: 'platform', bank: caller.mspId, platform: request.platform, product: request.product },
        );
    }
    return open;
}
