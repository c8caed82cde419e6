import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChaincodeRejectedError } from '../../fabric/ledger-errors.js';
import { itemNamedBy } from './evidence-coalescing.js';

function refusal(message: string, details: Readonly<Record<string, string>>): ChaincodeRejectedError {
    return new ChaincodeRejectedError({ step: 'endorse', code: 'STAGE_NOT_PERMITTED', message, details });
}

describe('itemNamedBy', () => {
    it('takes the batch item from the field path the refusal details name', () => {
        fc.assert(
            fc.property(fc.nat({ max: 999 }), fc.constantFrom('stage', 'fingerprint', 'previous'), (index, field) => {
                expect(itemNamedBy(refusal('refused', { field: `items[${index}].${field}` }))).toBe(index);
            }),
        );
    });

    it('takes the item RegisterBatch names in details.item first, also when no field is named', () => {
        fc.assert(
            fc.property(fc.nat({ max: 999 }), fc.option(fc.nat({ max: 999 })), (index, other) => {
                const details: Record<string, string> = { item: `items[${index}]` };
                if (other !== null) {
                    details.field = `items[${other}].stage`;
                }
                expect(itemNamedBy(refusal('refused', details))).toBe(index);
            }),
        );
    });

    it('takes no item from a details.item that is not exactly an item path', () => {
        fc.assert(
            fc.property(fc.string(), (text) => {
                fc.pre(!/^items\[\d+\]$/.test(text));
                expect(itemNamedBy(refusal('refused', { item: text }))).toBeUndefined();
            }),
        );
    });

    it('never reads an item from the message, which may quote what a caller sent', () => {
        fc.assert(
            fc.property(fc.nat({ max: 999 }), fc.string(), (index, quoted) => {
                const message = `${quoted} items[${index}].stage ${quoted}`;
                expect(itemNamedBy(refusal(message, {}))).toBeUndefined();
                expect(itemNamedBy(refusal(message, { field: 'registry' }))).toBeUndefined();
            }),
        );
    });
});
