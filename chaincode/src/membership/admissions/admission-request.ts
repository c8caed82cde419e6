import {
    ADMISSION_ID_PATTERN,
    COMMON_ERRORS,
    MAX_ADMISSION_PRODUCTS,
    MSP_ID_PATTERN,
    PRODUCT_CODE_PATTERN,
} from '@lendledger/domain';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { isoTime, list, text, type Fields } from '../../core/request-fields.js';
import { shortCode } from '../../evidence/evidence-fields.js';

/** Readers of the admission requests; every string is an MSP ID, a short code, a time or an admission ID. */

/** A checked `Admission:Admit`. */
export interface Admit {
    readonly platform: string;
    readonly products: readonly string[];
    readonly validFrom?: string;
    readonly validUntil: string;
}

/** A checked `Admission:Withdraw`: one admission by ID, or a platform's admissions for a product. */
export type AdmissionWithdrawalRequest =
    | { readonly admissionId: string; readonly reasonCode: string }
    | { readonly platform: string; readonly product: string; readonly reasonCode: string };

function present(fields: Fields, name: string): boolean {
    return fields[name] !== undefined && fields[name] !== null;
}

/** An MSP ID field. */
export function mspIdField(fields: Fields, name: string): string {
    return text(fields, name, { max: 64, pattern: MSP_ID_PATTERN });
}

/** A product code field. */
export function productField(fields: Fields, name: string, path?: string): string {
    return text(fields, name, { ...(path ? { path } : {}), max: 32, pattern: PRODUCT_CODE_PATTERN });
}

/** Reads `Admission:Admit`: a platform, distinct products, an optional start and an end. */
export function readAdmit(fields: Fields): Admit {
    const platform = mspIdField(fields, 'platform');
    const products = list(fields, 'products', { max: MAX_ADMISSION_PRODUCTS }).map((value, i) => {
        if (typeof value !== 'string' || value.length > 32 || !PRODUCT_CODE_PATTERN.test(value)) {
            throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `products[${i}] must be a product code`, {
                field: `products[${i}]`,
                pattern: PRODUCT_CODE_PATTERN.source,
            });
        }
        return value;
    });
    if (new Set(products).size !== products.length) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'products names a product twice', {
            field: 'products',
        });
    }
    const validFrom = present(fields, 'validFrom') ? isoTime(fields, 'validFrom') : undefined;
    return {
        platform,
        products,
        ...(validFrom === undefined ? {} : { validFrom }),
        validUntil: isoTime(fields, 'validUntil'),
    };
}

/** Reads `Admission:Withdraw`: `admissionId`, or `platform` and `product`, and a reason code. */
export function readAdmissionWithdrawal(fields: Fields): AdmissionWithdrawalRequest {
    const reasonCode = shortCode(fields, 'reasonCode');
    if (present(fields, 'admissionId')) {
        if (present(fields, 'platform') || present(fields, 'product')) {
            throw new ChaincodeError(
                COMMON_ERRORS.INVALID_ARGUMENT,
                'name either admissionId or platform and product, not both',
                { field: 'admissionId' },
            );
        }
        return { admissionId: admissionIdField(fields, 'admissionId'), reasonCode };
    }
    return { platform: mspIdField(fields, 'platform'), product: productField(fields, 'product'), reasonCode };
}

/** An admission identifier field. */
export function admissionIdField(fields: Fields, name: string): string {
    return text(fields, name, { min: 36, max: 36, pattern: ADMISSION_ID_PATTERN });
}

/** Reads `Admission:ListPartners`: an optional time. */
export function readListPartners(fields: Fields): { readonly at?: string } {
    return present(fields, 'at') ? { at: isoTime(fields, 'at') } : {};
}

/** Reads `Admission:History`: a bank and a platform. */
export function readAdmissionHistory(fields: Fields): { readonly bank: string; readonly platform: string } {
    return { bank: mspIdField(fields, 'bank'), platform: mspIdField(fields, 'platform') };
}
