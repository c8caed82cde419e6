import { describe, expect, it } from 'vitest';
import { fixtureReceipt } from './fixtures.js';
import { editMetadata, openTransaction, sealTransaction } from './tamper.js';

describe('tamper helpers', () => {
    it('re-encode an unedited transaction to the very same block bytes', async () => {
        const receipt = fixtureReceipt('direct');
        const sealed = await sealTransaction(receipt, openTransaction(receipt));
        expect(sealed.block.bytes).toBe(receipt.block.bytes);
    });

    it('re-encode unedited metadata to the very same block bytes', () => {
        const receipt = fixtureReceipt('anchored');
        expect(editMetadata(receipt, () => undefined).block.bytes).toBe(receipt.block.bytes);
    });
});
