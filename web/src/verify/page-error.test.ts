import { describe, expect, it } from 'vitest';
import { shownError, VerifyInputError } from './page-error.ts';

describe('the errors the verification page shows', () => {
    it('explains each input refusal in words of its own, a bad sealed batch root not as a bad fingerprint', () => {
        for (const code of [
            'BAD_SALT',
            'BAD_FINGERPRINT',
            'BAD_SEALED_BATCH',
            'SEVERAL_FILES',
            'ROOTS_PIN_MISMATCH',
            'NO_ROOTS',
        ] as const) {
            expect(shownError(new VerifyInputError(code, 'detail'))).toEqual({
                message: `error.${code}`,
                code,
                detail: 'detail',
            });
        }
    });

    it('shows the verifier’s pin refusal in its own words, and any other roots refusal as untrusted roots', () => {
        const refusal = (code: string) => Object.assign(new Error('why'), { code });
        expect(shownError(refusal('ROOTS_PIN_MISMATCH')).message).toBe('error.ROOTS_PIN_MISMATCH');
        expect(shownError(refusal('ROOTS_BAD_SIGNATURE')).message).toBe('error.ROOTS');
    });
});
