import {
    admissionInForce,
    MEMBERSHIP_ERRORS,
    type AdmissionRecord,
    type AdmissionView,
    type AdmissionWithdrawal,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { allByPartialKey, readJson } from '../../core/ledger-state.js';
import {
    ADMISSION_OBJECT_TYPES,
    admissionIndexKey,
    admissionKey,
    admissionWithdrawalKey,
    type AdmissionLocation,
} from './admission-keys.js';

/** Reading admissions and their withdrawals from committed state. */

/** The admission with this identifier, or undefined. */
export async function readAdmission(ctx: Context, id: string): Promise<AdmissionRecord | undefined> {
    const location = await readJson<AdmissionLocation>(ctx, admissionIndexKey(ctx, id));
    return location === undefined ? undefined : readJson<AdmissionRecord>(ctx, admissionKey(ctx, location, id));
}

/**
 * The admission with this identifier.
 *
 * @throws {@link ChaincodeError} ADMISSION_NOT_FOUND naming the field that held the identifier.
 */
export async function requireAdmissionRecord(ctx: Context, id: string, field: string): Promise<AdmissionRecord> {
    const admission = await readAdmission(ctx, id);
    if (admission === undefined) {
        throw new ChaincodeError(MEMBERSHIP_ERRORS.ADMISSION_NOT_FOUND, `admission ${id} does not exist`, {
            field,
            admissionId: id,
        });
    }
    return admission;
}

/** The withdrawal of an admission, or undefined while it was not withdrawn. */
export async function readAdmissionWithdrawal(ctx: Context, id: string): Promise<AdmissionWithdrawal | undefined> {
    return readJson<AdmissionWithdrawal>(ctx, admissionWithdrawalKey(ctx, id));
}

/**
 * Admissions under a key prefix (a bank; a bank and a platform; a bank, a platform and a product), each with its
 * withdrawal and whether it is in force at `at`, in key order. A bank admits tens of partners, not millions, so the
 * set is bounded.
 */
export async function admissionsUnder(ctx: Context, prefix: readonly string[], at: string): Promise<AdmissionView[]> {
    const admissions = await allByPartialKey<AdmissionRecord>(ctx, ADMISSION_OBJECT_TYPES.admission, [...prefix]);
    const views: AdmissionView[] = [];
    for (const admission of admissions) {
        const withdrawal = await readAdmissionWithdrawal(ctx, admission.id);
        views.push({
            admission,
            ...(withdrawal === undefined ? {} : { withdrawal }),
            inForce: admissionInForce(admission, withdrawal, at),
        });
    }
    return views;
}

/** Orders admissions as they were recorded: by admission time, then identifier. */
export function byAdmissionTime(a: AdmissionView, b: AdmissionView): number {
    const left = `${a.admission.admittedAt}|${a.admission.id}`;
    const right = `${b.admission.admittedAt}|${b.admission.id}`;
    return left < right ? -1 : left > right ? 1 : 0;
}
