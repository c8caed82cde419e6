import {
    CODE_PATTERN,
    type FixedFee,
    MAX_FIXED_FEES,
    MAX_SERVICER_FEE_BPS,
    PRINCIPAL_PAYMENTS,
    SERVICER_FEE_ID,
    type WaterfallTerms,
} from '@lendledger/domain';
import { asFields, type Fields, integer, list, oneOf, text } from '../../core/request-fields.js';
import { amountOf, invalidField, requireUnique } from '../fields.js';

/**
 * Parses the optional `waterfall` of a CreateDeal request (docs/abs-waterfall.md): `undefined` when absent, so a
 * deal that defines none keeps the record it had before waterfalls existed.
 *
 * @throws ChaincodeError INVALID_ARGUMENT naming the field (range, repeated fee ID, the reserved ID `SERVICER`).
 */
export function parseWaterfallTerms(fields: Fields): WaterfallTerms | undefined {
    if (fields.waterfall === undefined) {
        return undefined;
    }
    const path = 'waterfall';
    const terms = asFields(fields.waterfall, path);
    const fees = list(terms, 'fees', { path, min: 0, max: MAX_FIXED_FEES }).map((item, i): FixedFee => {
        const feePath = `${path}.fees[${i}]`;
        const fee = asFields(item, feePath);
        const feeId = text(fee, 'feeId', { path: feePath, pattern: CODE_PATTERN, max: 32 });
        if (feeId === SERVICER_FEE_ID) {
            throw invalidField(`${feePath}.feeId`, `may not be ${SERVICER_FEE_ID}, the servicer fee's own ID`);
        }
        return { feeId, amount: amountOf(fee, 'amount', { path: feePath }) };
    });
    requireUnique(
        fees.map((fee) => fee.feeId),
        `${path}.fees`,
    );
    return {
        servicerFeeBps: integer(terms, 'servicerFeeBps', { path, min: 0, max: MAX_SERVICER_FEE_BPS }),
        fees,
        principalPayment: oneOf(terms, 'principalPayment', PRINCIPAL_PAYMENTS, { path }),
    };
}
