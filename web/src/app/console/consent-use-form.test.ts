import { describe, expect, it } from 'vitest';
import { consentUseProblems, consentUseRequest } from './consent-use-form.ts';

const LOAN = `loan:${'b'.repeat(64)}`;
const INQUIRY = { purpose: 'CREDIT_INQUIRY', dataScope: ['CREDIT_REPORT', 'IDENTITY_BASIC'] };

describe('the console’s consent use form', () => {
    it('sends a credit inquiry with its loan and the data items ticked, in the consent’s order', () => {
        const form = { loanRef: ` ${LOAN} `, dataScope: ['IDENTITY_BASIC', 'CREDIT_REPORT'] };
        expect(consentUseProblems(INQUIRY, form)).toEqual([]);
        expect(consentUseRequest(INQUIRY, form)).toEqual({
            purpose: 'CREDIT_INQUIRY',
            dataScope: ['CREDIT_REPORT', 'IDENTITY_BASIC'],
            loanRef: LOAN,
        });
    });

    it('asks for the loan of a credit inquiry and for at least one data item inside the consent', () => {
        expect(consentUseProblems(INQUIRY, { loanRef: '', dataScope: [] })).toEqual(['loanRef', 'dataScope']);
        expect(consentUseProblems(INQUIRY, { loanRef: 'LN-2026-001', dataScope: ['INCOME'] })).toEqual([
            'loanRef',
            'dataScope',
        ]);
    });

    it('names no loan for a purpose that serves none', () => {
        const risk = { purpose: 'RISK_ASSESSMENT', dataScope: ['CREDIT_REPORT'] };
        const form = { loanRef: '', dataScope: ['CREDIT_REPORT'] };
        expect(consentUseProblems(risk, form)).toEqual([]);
        expect(consentUseRequest(risk, { ...form, loanRef: LOAN })).toEqual({
            purpose: 'RISK_ASSESSMENT',
            dataScope: ['CREDIT_REPORT'],
        });
    });
});
