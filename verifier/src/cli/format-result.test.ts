import { describe, expect, it } from 'vitest';
import { fixtureReceipt, fixtureRoots } from '../testing/fixtures.js';
import { verifyReceipt } from '../verify-receipt.js';
import { formatResult } from './format-result.js';

describe('formatResult', () => {
    it('prints every check with PASS, FAIL or SKIP and the verdict', async () => {
        const receipt = fixtureReceipt('direct');
        const result = await verifyReceipt(
            { ...receipt, fingerprint: `sha256:${'1'.repeat(64)}` },
            { roots: fixtureRoots() },
        );

        const text = formatResult(result);

        expect(text).toContain('FAIL  fingerprint-written');
        expect(text).toContain('PASS  orderer-signature');
        expect(text).toContain('PASS  validity-witness');
        expect(text).toContain('SKIP  document-hash');
        expect(text.trimEnd().split('\n').at(-1)).toBe('NOT VERIFIED: 14 passed, 2 failed, 2 skipped');
    });
});
