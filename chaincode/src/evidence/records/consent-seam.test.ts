import { createHash } from 'node:crypto';
import { decodeCodedError, errorSection } from '@lendledger/domain';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ChaincodeError } from '../../core/chaincode-error.js';
import {
    bindAuthorizingConsent,
    requireAuthorizingConsent,
    requireCreditInquiry,
} from '../../consent/consent-in-force.js';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../../testing/memory-ledger.js';
import { EvidenceContract } from './evidence-contract.js';

// This file checks only that the evidence area calls the seam and propagates its refusal; the consent rules behind
// it have their own tests (consent/consent-binds-use.test.ts).
vi.mock('../../consent/consent-in-force.js', () => ({
    requireAuthorizingConsent: vi.fn(),
    bindAuthorizingConsent: vi.fn(),
    requireCreditInquiry: vi.fn(),
    releaseAfterWithdrawal: vi.fn(),
}));

const seam = vi.mocked(requireAuthorizingConsent);
const bind = vi.mocked(bindAuthorizingConsent);
const inquiry = vi.mocked(requireCreditInquiry);
const evidence = new EvidenceContract();
const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const LOAN = `loan:${createHash('sha256').update('loan one').digest('hex')}`;
const NOT_IN_FORCE = errorSection({ CONSENT_NOT_IN_FORCE: { status: 409, title: 'The consent is not in force' } });

function authorization(consentId: string): string {
    return JSON.stringify({
        fingerprint: fp('authorization'),
        salted: true,
        evidenceType: 'AUTH_FORM',
        stage: 'CREDIT_AUTHORIZATION',
        loanRef: LOAN,
        parties: TEST_LOAN_PARTIES,
        consentId,
    });
}

describe('the consent seam of credit-authorization evidence', () => {
    let ledger: MemoryLedger;

    beforeEach(() => {
        ledger = new MemoryLedger();
        seam.mockReset();
        bind.mockReset();
        inquiry.mockReset();
    });

    it('has the consent checked against the loan before writing, then binds it to the record', async () => {
        const checked = { consent: { consentId: 'consent:42' }, bound: undefined } as never;
        seam.mockResolvedValue(checked);
        const { record } = await ledger.invokeJson<{ record: { consentId: string } }>(
            evidence,
            'Register',
            USERS.platform,
            authorization('consent:42'),
        );
        expect(seam).toHaveBeenCalledTimes(1);
        expect(seam).toHaveBeenCalledWith(expect.anything(), 'consent:42', {
            loanRef: LOAN,
            parties: TEST_LOAN_PARTIES,
            path: 'request.consentId',
        });
        expect(bind).toHaveBeenCalledWith(expect.anything(), expect.anything(), checked, {
            loanRef: LOAN,
            recordId: fp('authorization'),
        });
        expect(record.consentId).toBe('consent:42');
        expect(inquiry).not.toHaveBeenCalled();
    });

    it("propagates the consent area's refusal unchanged and writes nothing", async () => {
        seam.mockRejectedValue(
            new ChaincodeError(NOT_IN_FORCE.CONSENT_NOT_IN_FORCE, 'consent consent:42 expired', {
                consentId: 'consent:42',
            }),
        );
        const error = await ledger
            .invoke(evidence, 'Register', USERS.platform, authorization('consent:42'))
            .catch((e: Error) => e);
        expect(decodeCodedError((error as Error).message)).toEqual({
            code: 'CONSENT_NOT_IN_FORCE',
            message: 'consent consent:42 expired',
            details: { consentId: 'consent:42' },
        });
        expect(ledger.keysWritten()).toEqual([]);
        expect(bind).not.toHaveBeenCalled();
    });

    it('is not consulted for other stages', async () => {
        await ledger.invoke(
            evidence,
            'Register',
            USERS.platform,
            JSON.stringify({
                fingerprint: fp('id'),
                salted: true,
                evidenceType: 'ID_CHECK',
                stage: 'IDENTITY_VERIFICATION',
                loanRef: LOAN,
                parties: TEST_LOAN_PARTIES,
            }),
        );
        expect(seam).not.toHaveBeenCalled();
    });

    it('refuses a malformed consent identifier before consulting the consent area', async () => {
        const error = await ledger
            .invoke(evidence, 'Register', USERS.platform, authorization('has spaces'))
            .catch((e: Error) => e);
        expect(decodeCodedError((error as Error).message)).toMatchObject({
            code: 'INVALID_ARGUMENT',
            details: { field: 'consentId' },
        });
        expect(seam).not.toHaveBeenCalled();
    });
});
