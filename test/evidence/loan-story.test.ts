import {
    fromHex,
    type AnchorInclusionProof,
    type AnchorWriteResult,
    type CaseEvidenceView,
    type CaseTransitionResult,
    type CaseWriteResult,
    type ChainView,
    type EvidenceWriteResult,
    type LoanHead,
} from '@lendledger/domain';
import { fingerprintLeafHash, fingerprintTreeRoot, verifyInclusion } from '@lendledger/domain/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, type OrgConnection } from '../support/fabric-client.ts';
import {
    chaincodeErrorOf,
    creditInquiryConsent,
    creditInquiryUse,
    evaluateJson,
    evaluateWhen,
    loanRefOf,
    saltedFingerprint,
    submitJson,
} from '../support/ledger-data.ts';
import { TEST_PARTIES } from '../support/admissions.js';
import { orgOf, testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

describe('a loan story from onboarding to judgment, on the real network', () => {
    const network = testNetwork();
    const as: Record<'platform' | 'bank' | 'notary' | 'court' | 'investor', OrgConnection> = {} as never;
    const loanRef = loanRefOf(uniqueName('loan'));
    const caseId = uniqueCode('BK');
    const written: string[] = [];
    let head: string | undefined;

    beforeAll(() => {
        for (const key of ['platform', 'bank', 'notary', 'court', 'investor'] as const) {
            as[key] = connectAs(orgOf(network, key));
        }
    });

    afterAll(() => {
        Object.values(as).forEach((connection) => connection.close());
    });

    async function register(
        who: OrgConnection,
        stage: string,
        evidenceType: string,
        consentId?: string,
    ): Promise<void> {
        const fingerprint = saltedFingerprint(`${stage} document of ${loanRef}`);
        const result = await submitJson<EvidenceWriteResult>(who.contract, 'Evidence:Register', {
            fingerprint,
            salted: true,
            evidenceType,
            stage,
            loanRef,
            // The loan's first record binds its parties: this platform, the bank and the admitted product.
            ...(head ? { previous: head } : { parties: TEST_PARTIES }),
            ...(consentId ? { consentId } : {}),
        });
        expect(result.created).toBe(true);
        expect(result.record).toMatchObject({ id: fingerprint, loanRef, stage, seq: written.length + 1 });
        written.push(fingerprint);
        head = result.record.id;
    }

    it('records pre-loan evidence from the platform and loan evidence from the bank', async () => {
        await register(as.platform, 'IDENTITY_VERIFICATION', 'ID_CHECK_REPORT');
        const consentId = uniqueCode('CN-LOAN');
        await submitJson(as.platform.contract, 'Consent:Record', creditInquiryConsent(consentId));
        await register(as.platform, 'CREDIT_AUTHORIZATION', 'CREDIT_AUTH_FORM', consentId);
        // The bank's credit inquiry on the loan, under the consent the authorization bound: its disbursement needs it.
        await submitJson(as.bank.contract, 'Consent:Use', { consentId, ...creditInquiryUse(loanRef) });
        await register(as.platform, 'CONTRACT_SIGNING', 'E_SIGNED_CONTRACT');
        await register(as.bank, 'CREDIT_DECISION', 'CREDIT_APPROVAL');
        await register(as.bank, 'DISBURSEMENT', 'DISBURSEMENT_RECEIPT');
        await register(as.bank, 'REPAYMENT', 'REPAYMENT_RECEIPT');
        await register(as.bank, 'REPAYMENT', 'REPAYMENT_RECEIPT');
        await register(as.bank, 'OVERDUE_NOTICE', 'OVERDUE_NOTICE_LETTER');
    });

    it('refuses a write from the wrong organisation and writes nothing', async () => {
        const refused = await chaincodeErrorOf(
            submitJson(as.court.contract, 'Evidence:Register', {
                fingerprint: saltedFingerprint('forged disbursement'),
                salted: true,
                evidenceType: 'DISBURSEMENT_RECEIPT',
                stage: 'DISBURSEMENT',
                loanRef,
                previous: head,
            }),
        );
        expect(['STAGE_NOT_PERMITTED', 'ACCESS_DENIED']).toContain(refused.code);
        const loan = await evaluateJson<LoanHead>(as.bank.contract, 'Evidence:GetLoan', { loanRef });
        expect(loan.length).toBe(written.length);
        expect(loan.head.id).toBe(head);
    });

    it('lets the bank file a case, the notary attest its package and the court accept and judge it', async () => {
        const root = fingerprintTreeRoot(written);
        const filed = await submitJson<CaseWriteResult>(as.bank.contract, 'Case:File', {
            caseId,
            loanRef,
            court: 'CourtMSP',
            documentFingerprint: saltedFingerprint('statement of claim'),
            claimCode: 'LOAN_DEFAULT',
            package: { fingerprints: written, root },
        });
        expect(filed.case).toMatchObject({ caseId, status: 'FILED', package: { root, size: written.length } });

        await submitJson(as.notary.contract, 'Attestation:AttestCase', {
            caseId,
            packageRoot: root,
            statementCode: 'PACKAGE_INTEGRITY_VERIFIED',
        });
        const accepted = await submitJson<CaseTransitionResult>(as.court.contract, 'Case:Accept', {
            caseId,
            documentFingerprint: saltedFingerprint('acceptance notice'),
        });
        expect(accepted.case.status).toBe('ACCEPTED');
        const judged = await submitJson<CaseTransitionResult>(as.court.contract, 'Case:Judge', {
            caseId,
            documentFingerprint: saltedFingerprint('judgment'),
        });
        expect(judged.case.status).toBe('JUDGED');

        const bankMoves = await chaincodeErrorOf(
            submitJson(as.bank.contract, 'Case:Enforce', { caseId, documentFingerprint: saltedFingerprint('x') }),
        );
        expect(bankMoves.code).toBe('ACCESS_DENIED');
    });

    it("reads the same intact chain back from other organisations' peers", async () => {
        // The notary reads every loan; an investor no longer does, only loans in the pools of deals it holds.
        const chain = await evaluateWhen<ChainView>(
            as.notary.contract,
            'Evidence:GetChain',
            { loanRef },
            (view) => view.entries.length === written.length,
        );
        expect(chain.intact).toBe(true);
        expect(chain.problems).toEqual([]);
        expect(chain.entries.map((entry) => entry.record.id)).toEqual(written);
        expect(chain.entries[3]!.record.submitter.mspId).toBe('BankMSP');
        expect(chain.entries[0]!.record.submitter.subject).toContain('CN=User1@platform.lendledger.test');
        expect(chain.missingStages).toEqual([]);
        expect(chain.complete).toBe(true);

        const courtView = await evaluateWhen<CaseEvidenceView>(
            as.court.contract,
            'Case:GetEvidence',
            { caseId },
            (view) => view.case.status === 'JUDGED',
        );
        expect(courtView.case.status).toBe('JUDGED');
        expect(courtView.items.map((item) => item.fingerprint)).toEqual(written);
        expect(courtView.attestations).toHaveLength(1);
        expect(courtView.chain.intact).toBe(true);
    });

    it('anchors a batch of fingerprints and proves one of them against the stored root', async () => {
        const batch = Array.from({ length: 2000 }, (_, i) => saltedFingerprint(`bulk item ${i}`));
        const anchored = await submitJson<AnchorWriteResult>(as.bank.contract, 'Anchor:Create', {
            fingerprints: batch,
        });
        expect(anchored.anchor).toMatchObject({ root: fingerprintTreeRoot(batch), size: batch.length });

        const proof = await evaluateWhen<AnchorInclusionProof>(
            as.court.contract,
            'Anchor:GetProof',
            { fingerprint: batch[1234] },
            () => true,
        );
        expect(proof.index).toBe(1234);
        expect(
            verifyInclusion(
                fingerprintLeafHash(batch[1234]!),
                proof.index,
                proof.treeSize,
                proof.auditPath.map(fromHex),
                fromHex(proof.root),
            ),
        ).toBe(true);
    });
});
