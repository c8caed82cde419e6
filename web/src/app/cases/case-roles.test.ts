import { describe, expect, it } from 'vitest';
import { caseDeskAbilities } from './case-roles.ts';

describe('what the case desk offers', () => {
    it('lets a forum with a writing token move cases, and nothing else', () => {
        expect(caseDeskAbilities(['court'], ['submitter'])).toEqual({
            forum: true,
            move: true,
            attest: false,
            report: false,
        });
        expect(caseDeskAbilities(['arbitration'], ['admin'])).toMatchObject({ forum: true, move: true });
    });

    it('lets a notary attest and report, but not move a case', () => {
        expect(caseDeskAbilities(['notary'], ['submitter'])).toEqual({
            forum: false,
            move: false,
            attest: true,
            report: true,
        });
    });

    it('offers a bank and an auditor-only user no write at all', () => {
        expect(caseDeskAbilities(['bank'], ['submitter', 'auditor'])).toEqual({
            forum: false,
            move: false,
            attest: false,
            report: false,
        });
        expect(caseDeskAbilities(['court', 'notary'], ['auditor'])).toEqual({
            forum: true,
            move: false,
            attest: false,
            report: false,
        });
    });
});
