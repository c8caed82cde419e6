import { type Context } from 'fabric-contract-api';

/** World-state layout of partner admissions; every record is written once. */
export const ADMISSION_OBJECT_TYPES = Object.freeze({
    /** [bank, platform, product, admissionId] → AdmissionRecord: prefixes list a bank's, a pair's or a product's. */
    admission: 'admission',
    /** [admissionId] → { bank, platform, product }: finds an admission by its identifier. */
    index: 'admission.id',
    /** [admissionId] → AdmissionWithdrawal. */
    withdrawal: 'admission.withdrawal',
} as const);

/** Where an admission's record sits. */
export interface AdmissionLocation {
    readonly bank: string;
    readonly platform: string;
    readonly product: string;
}

/** Key of an admission record. */
export function admissionKey(ctx: Context, location: AdmissionLocation, id: string): string {
    return ctx.stub.createCompositeKey(ADMISSION_OBJECT_TYPES.admission, [
        location.bank,
        location.platform,
        location.product,
        id,
    ]);
}

/** Key of an admission's index entry. */
export function admissionIndexKey(ctx: Context, id: string): string {
    return ctx.stub.createCompositeKey(ADMISSION_OBJECT_TYPES.index, [id]);
}

/** Key of an admission's withdrawal. */
export function admissionWithdrawalKey(ctx: Context, id: string): string {
    return ctx.stub.createCompositeKey(ADMISSION_OBJECT_TYPES.withdrawal, [id]);
}
