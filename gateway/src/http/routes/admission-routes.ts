import { ADMISSION_ID_PATTERN, MAX_ADMISSION_PRODUCTS } from '@lendledger/domain';
import { Type } from 'typebox';
import { type LedgerRoute } from '../ledger-route.js';
import { closed, IsoTime, MspId, Open, ShortCode } from '../schemas/common.js';
import { AdmissionRecord, ProductCode } from '../schemas/evidence.js';

const AdmissionId = Type.String({
    pattern: ADMISSION_ID_PATTERN.source,
    minLength: 36,
    maxLength: 36,
    description: '`adm:` + 32 hex characters',
    examples: ['adm:0123456789abcdef0123456789abcdef'],
});

const AdmissionWithdrawal = Open(
    {
        admissionId: Type.String(),
        bank: Type.String(),
        platform: Type.String(),
        product: Type.String(),
        reasonCode: Type.String(),
        withdrawnAt: IsoTime,
        txId: Type.String(),
        withdrawnBy: Type.String(),
    },
    'The withdrawal of one admission, its own record',
);

/** An admission with its withdrawal, if any, and whether it is in force at the answer's `at`. */
const AdmissionView = Open({
    admission: AdmissionRecord,
    withdrawal: Type.Optional(AdmissionWithdrawal),
    inForce: Type.Boolean(),
});

const TAGS = ['admissions'];

/**
 * Partner admission (名单制, `Admission:*`, chaincode/docs/admission-api.md): a bank admits the platforms it works
 * with per product and window, withdraws an admission, lists its partners in force; the pair and the auditors
 * (notaries, courts, arbitration) read a pair's history. Who may do what is the chaincode's rule, decided from the
 * gateway organisation's identity; the gateway only checks the request's shape.
 */
export const ADMISSION_ROUTES: readonly LedgerRoute[] = [
    {
        method: 'POST',
        url: '/v1/admissions',
        operationId: 'admitPartner',
        summary: 'Admit a platform for products within a window (a bank, for itself)',
        description:
            'Admit a platform for products within a window (a bank, for itself). One admission per product; ' +
            '`validFrom` defaults to the transaction time, and an admission is never in force before it was recorded.',
        tags: TAGS,
        transaction: 'Admission:Admit',
        mode: 'submit',
        schema: {
            body: closed({
                platform: MspId,
                products: Type.Array(ProductCode, {
                    minItems: 1,
                    maxItems: MAX_ADMISSION_PRODUCTS,
                    uniqueItems: true,
                }),
                validFrom: Type.Optional(IsoTime),
                validUntil: IsoTime,
            }),
            result: Open({ admissions: Type.Array(AdmissionRecord) }),
        },
    },
    {
        method: 'POST',
        url: '/v1/admissions/:admissionId/withdrawal',
        operationId: 'withdrawAdmission',
        summary: 'Withdraw an admission (the admitting bank); writes after it are refused',
        tags: TAGS,
        transaction: 'Admission:Withdraw',
        mode: 'submit',
        schema: {
            params: closed({ admissionId: AdmissionId }),
            body: closed({ reasonCode: ShortCode }),
            result: Open({ withdrawals: Type.Array(AdmissionWithdrawal) }),
        },
    },
    {
        method: 'GET',
        url: '/v1/partners',
        operationId: 'listPartners',
        summary: "The calling bank's admissions in force at a time (default: now)",
        tags: TAGS,
        transaction: 'Admission:ListPartners',
        mode: 'evaluate',
        schema: {
            querystring: closed({ at: Type.Optional(IsoTime) }),
            result: Open({ bank: Type.String(), at: IsoTime, admissions: Type.Array(AdmissionView) }),
        },
    },
    {
        method: 'GET',
        url: '/v1/admissions',
        operationId: 'admissionHistory',
        summary: 'Every admission and withdrawal of a bank and a platform (the two, notaries, courts, arbitration)',
        tags: TAGS,
        transaction: 'Admission:History',
        mode: 'evaluate',
        schema: {
            querystring: closed({ bank: MspId, platform: MspId }),
            result: Open({
                bank: Type.String(),
                platform: Type.String(),
                at: IsoTime,
                admissions: Type.Array(AdmissionView),
            }),
        },
    },
];
