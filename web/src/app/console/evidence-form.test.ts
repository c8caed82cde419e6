import { LIFECYCLE_STAGES, STAGE_WRITERS, type LifecycleStage } from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    formProblems,
    registrationRequest,
    stagesFor,
    SUGGESTED_EVIDENCE_TYPES,
    type RegistrationForm,
} from './evidence-form.ts';

const FORM: RegistrationForm = {
    fingerprint: `sha256:${'ab'.repeat(32)}`,
    loanRef: `loan:${'cd'.repeat(32)}`,
    stage: 'IDENTITY_VERIFICATION',
    evidenceType: 'ID_CHECK_REPORT',
    consentId: '',
    bank: 'BankMSP',
    product: 'CONSUMER_LOAN',
    platform: '',
};

describe('stagesFor', () => {
    it('offers a platform its pre-loan stages and a bank the credit decision and after, both OTHER', () => {
        expect(stagesFor(['platform'])).toEqual([
            'IDENTITY_VERIFICATION',
            'CREDIT_AUTHORIZATION',
            'CONTRACT_SIGNING',
            'OTHER',
        ]);
        expect(stagesFor(['bank'])).toContain('CREDIT_DECISION');
        expect(stagesFor(['bank'])).not.toContain('IDENTITY_VERIFICATION');
        expect(stagesFor(['court', 'notary'])).toEqual([]);
    });

    it("offers exactly the stages the domain's writer rule gives any of the roles", () => {
        const roles = fc.subarray(['platform', 'bank', 'court', 'notary', 'investor', 'arbitration']);
        fc.assert(
            fc.property(roles, (memberRoles) => {
                for (const stage of LIFECYCLE_STAGES) {
                    const allowed = STAGE_WRITERS[stage].some((r) => memberRoles.includes(r));
                    expect(stagesFor(memberRoles).includes(stage)).toBe(allowed);
                }
            }),
        );
    });

    it('suggests an evidence type the form accepts for every stage', () => {
        for (const stage of LIFECYCLE_STAGES) {
            expect(
                formProblems(
                    { ...FORM, stage, consentId: 'CN-1', evidenceType: SUGGESTED_EVIDENCE_TYPES[stage] },
                    false,
                ),
            ).toEqual([]);
        }
    });
});

describe('formProblems', () => {
    it('accepts a complete first record and names each malformed field', () => {
        expect(formProblems(FORM, true)).toEqual([]);
        expect(
            formProblems(
                {
                    ...FORM,
                    fingerprint: 'sha256:xyz',
                    loanRef: 'loan:ABC',
                    evidenceType: 'id check',
                    bank: '',
                    product: '12345',
                    platform: 'no spaces allowed',
                },
                true,
            ),
        ).toEqual(['fingerprint', 'loanRef', 'evidenceType', 'bank', 'product', 'platform']);
    });

    it('asks for parties only on the first record and a consent only where the stage needs one', () => {
        expect(formProblems({ ...FORM, bank: '', product: '' }, false)).toEqual([]);
        expect(formProblems({ ...FORM, stage: 'CREDIT_AUTHORIZATION' }, false)).toEqual(['consentId']);
        expect(formProblems({ ...FORM, stage: 'CREDIT_AUTHORIZATION', consentId: 'CN-42' }, false)).toEqual([]);
    });

    it('refuses a loan reference of any other shape than loan: and 64 lower-case hex', () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 80 }), (loanRef) => {
                fc.pre(!/^loan:[0-9a-f]{64}$/.test(loanRef));
                expect(formProblems({ ...FORM, loanRef }, false)).toContain('loanRef');
            }),
        );
    });
});

describe('registrationRequest', () => {
    it('binds the parties on the first record only, and never carries anything but the fingerprint', () => {
        const stages = fc.constantFrom<LifecycleStage>(...LIFECYCLE_STAGES);
        fc.assert(
            fc.property(
                stages,
                fc.option(fc.constant(`sha256:${'ef'.repeat(32)}`), { nil: null }),
                (stage, previous) => {
                    const body = registrationRequest({ ...FORM, stage, consentId: 'CN-1' }, previous);
                    expect(body).toMatchObject({ fingerprint: FORM.fingerprint, salted: true, stage, previous });
                    expect('parties' in body).toBe(previous === null);
                    expect('consentId' in body).toBe(stage === 'CREDIT_AUTHORIZATION');
                    const allowed = [
                        'fingerprint',
                        'salted',
                        'evidenceType',
                        'stage',
                        'loanRef',
                        'previous',
                        'consentId',
                        'parties',
                    ];
                    expect(Object.keys(body).every((k) => allowed.includes(k))).toBe(true);
                },
            ),
        );
    });

    it('names the platform only when one was typed (the writing platform is the default)', () => {
        expect(registrationRequest(FORM, null).parties).toEqual({ bank: 'BankMSP', product: 'CONSUMER_LOAN' });
        expect(registrationRequest({ ...FORM, platform: 'Platform2MSP' }, null).parties).toEqual({
            platform: 'Platform2MSP',
            bank: 'BankMSP',
            product: 'CONSUMER_LOAN',
        });
    });
});
