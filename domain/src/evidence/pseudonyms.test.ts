import { describe, expect, it } from 'vitest';
import { CASE_ID_PATTERN, isLoanRef, SHORT_CODE_PATTERN } from './pseudonyms.js';

describe('pseudonyms and codes', () => {
    it('accepts loan references of the form loan:<64 hex> only', () => {
        expect(isLoanRef(`loan:${'0a'.repeat(32)}`)).toBe(true);
        expect(isLoanRef(`loan:${'0A'.repeat(32)}`)).toBe(false);
        expect(isLoanRef(`loan:${'0a'.repeat(31)}`)).toBe(false);
        expect(isLoanRef('LN-2026-0001')).toBe(false);
    });

    it.each(['E_CONTRACT', 'SM2_SIGNATURE', 'RULING_2026'])('accepts the short code %s', (code) => {
        expect(SHORT_CODE_PATTERN.test(code)).toBe(true);
    });

    it.each(['e_contract', 'X13812345678', 'ID110101199001011234', 'A', 'CODE WITH SPACE', 'A'.repeat(33)])(
        'refuses %s as a short code',
        (code) => {
            expect(SHORT_CODE_PATTERN.test(code)).toBe(false);
        },
    );

    it('accepts bank case numbers with digit groups of at most four as case identifiers', () => {
        expect(CASE_ID_PATTERN.test('BK-2026-000-123')).toBe(true);
        expect(CASE_ID_PATTERN.test('BK-2026-000123')).toBe(false);
        expect(CASE_ID_PATTERN.test('bk-1')).toBe(false);
    });
});
