import {
    type AdmissionHistory,
    type AdmissionRecord,
    type AdmitResult,
    type ChainView,
    type EvidenceWriteResult,
    type PartnerList,
    type WithdrawAdmissionResult,
} from '@lendledger/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, ok, type GatewayClient, type GatewayResponse } from '../support/gateway-client.ts';
import { creditInquiryConsent, creditInquiryUse, loanRefOf, saltedFingerprint } from '../support/ledger-data.ts';
import { testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

/*
 * Partner admission (名单制), loan parties and the bank's own credit decision over HTTP, on the eight-organisation
 * test network through each member's own gateway: BankMSP admits PlatformMSP and Bank2MSP admits Platform2MSP, each
 * for a product of this run only (the suites sharing the network keep their own admissions untouched). Each loan's
 * first record binds its platform, bank and product; a platform its loan's bank has not admitted is refused, a
 * withdrawn admission refuses later writes, and disbursement waits for the bank's credit decision.
 */

/** What a write answers over REST: the chaincode's result with the transaction that committed it. */
interface Committed<T> {
    readonly txId: string;
    readonly blockNumber: number;
    readonly result: T;
}

interface Problem {
    readonly status: number;
    readonly code: string;
    readonly details?: Record<string, unknown>;
}

/** A product code of this run (upper case, underscores, no long digit run). */
function uniqueProduct(prefix: string): string {
    return uniqueCode(prefix).replaceAll('-', '_');
}

/** A window that is open now and for a day. */
const A_DAY_FROM_NOW = (): string => new Date(Date.now() + 86_400_000).toISOString();

/** Expects a problem document with the given status and code. */
function expectProblem(response: GatewayResponse<unknown>, status: number, code: string): Problem {
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.body as Problem;
    expect({ status: response.status, code: problem.code }).toEqual({ status, code });
    return problem;
}

describe('partner admission, loan parties and credit decisions over HTTP', () => {
    const network = testNetwork();
    const product = uniqueProduct('ADM');
    /** Per loan, the head the next record names as `previous`. */
    const heads = new Map<string, string | null>();
    let platform: GatewayClient;
    let platform2: GatewayClient;
    let bank: GatewayClient;
    let bank2: GatewayClient;
    let notary: GatewayClient;
    let court: GatewayClient;
    let arbitration: GatewayClient;
    let investor: GatewayClient;
    let bankAdmission: AdmissionRecord;
    let bank2Admission: AdmissionRecord;

    beforeAll(async () => {
        [platform, platform2, bank, bank2, notary, court, arbitration, investor] = await Promise.all([
            gatewayAs(network, 'platform'),
            gatewayAs(network, 'platform2'),
            gatewayAs(network, 'bank'),
            gatewayAs(network, 'bank2'),
            gatewayAs(network, 'notary'),
            gatewayAs(network, 'court'),
            gatewayAs(network, 'arbitration'),
            gatewayAs(network, 'investor'),
        ]);
    });

    /** A record of `stage` on `loanRef`, naming the loan's head; the first names `parties`. */
    function evidence(
        loanRef: string,
        stage: string,
        parties?: Record<string, string>,
        extra: Record<string, unknown> = {},
    ): Record<string, unknown> {
        return {
            ...extra,
            fingerprint: saltedFingerprint(`${stage} of ${loanRef} ${uniqueName('doc')}`),
            salted: true,
            evidenceType: `${stage}_DOC`.slice(0, 32),
            stage,
            loanRef,
            previous: heads.get(loanRef) ?? null,
            ...(parties ? { parties } : {}),
        };
    }

    /** Registers a record and moves the loan's head; answers the raw response for refusals. */
    async function write(
        client: GatewayClient,
        loanRef: string,
        stage: string,
        parties?: Record<string, string>,
        extra: Record<string, unknown> = {},
    ): Promise<GatewayResponse<Committed<EvidenceWriteResult> | Problem>> {
        const response = await client.post<Committed<EvidenceWriteResult> | Problem>(
            '/v1/evidence',
            evidence(loanRef, stage, parties, extra),
        );
        if (response.status === 200) {
            const committed = response.body as Committed<EvidenceWriteResult>;
            expect(committed.result.created).toBe(true);
            heads.set(loanRef, committed.result.record.id);
        }
        return response;
    }

    async function written(
        client: GatewayClient,
        loanRef: string,
        stage: string,
        parties?: Record<string, string>,
        extra: Record<string, unknown> = {},
    ): Promise<EvidenceWriteResult> {
        return (ok(await write(client, loanRef, stage, parties, extra)) as Committed<EvidenceWriteResult>).result;
    }

    async function admit(client: GatewayClient, body: Record<string, unknown>): Promise<AdmissionRecord[]> {
        const response = await client.post<Committed<AdmitResult>>('/v1/admissions', body, {
            'idempotency-key': uniqueName('admit'),
        });
        return [...ok(response).result.admissions];
    }

    it('lets each bank admit its own platform for the product, once per Idempotency-Key', async () => {
        const validUntil = A_DAY_FROM_NOW();
        const key = uniqueName('admit');
        const body = { platform: 'PlatformMSP', products: [product], validUntil };
        const first = await bank.post<Committed<AdmitResult>>('/v1/admissions', body, { 'idempotency-key': key });
        const again = await bank.post<Committed<AdmitResult>>('/v1/admissions', body, { 'idempotency-key': key });
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(ok(again)).toEqual(ok(first));
        [bankAdmission] = ok(first).result.admissions as [AdmissionRecord];
        expect(bankAdmission).toMatchObject({ bank: 'BankMSP', platform: 'PlatformMSP', product, validUntil });
        expect(bankAdmission.id).toMatch(/^adm:[0-9a-f]{32}$/);
        expect(bankAdmission.txId).toBe(ok(first).txId);

        [bank2Admission] = (await admit(bank2, { platform: 'Platform2MSP', products: [product], validUntil })) as [
            AdmissionRecord,
        ];
        expect(bank2Admission).toMatchObject({ bank: 'Bank2MSP', platform: 'Platform2MSP', product });
    });

    it('refuses an admission by a platform, of a bank, or with a window already over', async () => {
        const validUntil = A_DAY_FROM_NOW();
        expectProblem(
            await platform.post('/v1/admissions', { platform: 'Platform2MSP', products: [product], validUntil }),
            403,
            'ACCESS_DENIED',
        );
        expectProblem(
            await bank.post('/v1/admissions', { platform: 'Bank2MSP', products: [product], validUntil }),
            422,
            'PARTNER_ROLE_MISSING',
        );
        expectProblem(
            await bank.post('/v1/admissions', {
                platform: 'Platform2MSP',
                products: [product],
                validUntil: '2020-01-01T00:00:00Z',
            }),
            422,
            'ADMISSION_WINDOW_INVALID',
        );
        expectProblem(
            await bank.post('/v1/admissions', { platform: 'PlatformMSP', products: [product, product], validUntil }),
            400,
            'VALIDATION_FAILED',
        );
    });

    it('lists each bank its own partners in force, and no one else', async () => {
        const partners = ok(await bank.get<PartnerList>('/v1/partners'));
        expect(partners.bank).toBe('BankMSP');
        const ofProduct = partners.admissions.filter((view) => view.admission.product === product);
        expect(ofProduct.map((view) => [view.admission.id, view.admission.platform, view.inForce])).toEqual([
            [bankAdmission.id, 'PlatformMSP', true],
        ]);
        const partners2 = ok(await bank2.get<PartnerList>('/v1/partners'));
        expect(partners2.bank).toBe('Bank2MSP');
        expect(
            partners2.admissions.filter((view) => view.admission.product === product).map((view) => view.admission.id),
        ).toEqual([bank2Admission.id]);
        // A bank sees its own admissions only.
        expect(new Set(partners.admissions.map((view) => view.admission.bank))).toEqual(new Set(['BankMSP']));
        expect(new Set(partners2.admissions.map((view) => view.admission.bank))).toEqual(new Set(['Bank2MSP']));

        // Before the admission was recorded, it was not in force.
        const before = ok(await bank.get<PartnerList>(`/v1/partners?at=${encodeURIComponent('2020-01-01T00:00:00Z')}`));
        expect(before.admissions.map((view) => view.admission.id)).not.toContain(bankAdmission.id);

        expectProblem(await platform.get('/v1/partners'), 403, 'ACCESS_DENIED');
        expectProblem(await investor.get('/v1/partners'), 403, 'ACCESS_DENIED');
    });

    it('writes the loans of each admitted pair and refuses a platform the loan’s bank has not admitted', async () => {
        const loan = loanRefOf(uniqueName('adm-loan-1'));
        const loan2 = loanRefOf(uniqueName('adm-loan-2'));
        const first = await written(platform, loan, 'IDENTITY_VERIFICATION', { bank: 'BankMSP', product });
        expect(first.record).toMatchObject({ parties: { platform: 'PlatformMSP', bank: 'BankMSP', product } });
        const first2 = await written(platform2, loan2, 'IDENTITY_VERIFICATION', { bank: 'Bank2MSP', product });
        expect(first2.record).toMatchObject({ parties: { platform: 'Platform2MSP', bank: 'Bank2MSP', product } });

        // Platform2MSP on a loan funded by BankMSP, and PlatformMSP on one funded by Bank2MSP: neither is admitted.
        const crossed = loanRefOf(uniqueName('adm-loan-x'));
        const refused = expectProblem(
            await write(platform2, crossed, 'IDENTITY_VERIFICATION', { bank: 'BankMSP', product }),
            403,
            'PARTNER_NOT_ADMITTED',
        );
        expect(refused.details).toMatchObject({ bank: 'BankMSP', platform: 'Platform2MSP', product });
        expectProblem(
            await write(platform, crossed, 'IDENTITY_VERIFICATION', { bank: 'Bank2MSP', product }),
            403,
            'PARTNER_NOT_ADMITTED',
        );
        // Nothing was bound by the refusals: the crossed loan has no record.
        expect((await bank.get(`/v1/loans/${crossed}`)).status).toBe(404);

        // A platform that is not the loan's platform, and a bank that does not fund it, are no parties of it.
        expectProblem(await write(platform2, loan, 'CONTRACT_SIGNING'), 403, 'NOT_LOAN_PARTY');
        expectProblem(await write(bank2, loan, 'CREDIT_DECISION'), 403, 'NOT_LOAN_PARTY');
    });

    it('refuses disbursement until the funding bank records its own credit decision', async () => {
        const loan = loanRefOf(uniqueName('adm-credit'));
        await written(platform, loan, 'IDENTITY_VERIFICATION', { bank: 'BankMSP', product });
        // The borrower's authorization and the bank's credit inquiry under it, which a disbursement needs too.
        const consentId = uniqueCode('CN-ADM');
        ok(await platform.post('/v1/consents', creditInquiryConsent(consentId, { product })));
        await written(platform, loan, 'CREDIT_AUTHORIZATION', undefined, { consentId, salted: true });
        ok(await bank.post(`/v1/consents/${consentId}/uses`, creditInquiryUse(loan)));
        await written(platform, loan, 'CONTRACT_SIGNING');
        const early = expectProblem(await write(bank, loan, 'DISBURSEMENT'), 422, 'STAGE_PREREQUISITE_MISSING');
        expect(early.details).toMatchObject({ missing: ['CREDIT_DECISION'] });
        // The platform may not decide credit for the bank.
        expectProblem(await write(platform, loan, 'CREDIT_DECISION'), 403, 'STAGE_NOT_PERMITTED');
        await written(bank, loan, 'CREDIT_DECISION');
        const disbursed = await written(bank, loan, 'DISBURSEMENT');
        expect(disbursed.record).toMatchObject({ stage: 'DISBURSEMENT', loanRef: loan });

        const chain = ok(await notary.get<ChainView>(`/v1/loans/${loan}/chain`));
        expect(chain.parties).toEqual({ platform: 'PlatformMSP', bank: 'BankMSP', product });
        expect(chain.admission).toMatchObject({ id: bankAdmission.id, bank: 'BankMSP', platform: 'PlatformMSP' });
        expect(chain.entries.map((entry) => entry.record.stage)).toEqual([
            'IDENTITY_VERIFICATION',
            'CREDIT_AUTHORIZATION',
            'CONTRACT_SIGNING',
            'CREDIT_DECISION',
            'DISBURSEMENT',
        ]);
    });

    it('refuses every write on a loan after its bank withdraws the admission', async () => {
        const loan = loanRefOf(uniqueName('adm-withdrawn'));
        await written(platform2, loan, 'IDENTITY_VERIFICATION', { bank: 'Bank2MSP', product });
        await written(platform2, loan, 'CONTRACT_SIGNING');
        expect(ok(await notary.get<ChainView>(`/v1/loans/${loan}/chain`)).admission).toMatchObject({
            id: bank2Admission.id,
        });

        // Only the admitting bank withdraws its admission.
        const url = `/v1/admissions/${bank2Admission.id}/withdrawal`;
        expectProblem(await bank.post(url, { reasonCode: 'RISK_REVIEW' }), 403, 'ACCESS_DENIED');
        const withdrawn = ok(await bank2.post<Committed<WithdrawAdmissionResult>>(url, { reasonCode: 'RISK_REVIEW' }));
        expect(withdrawn.result.withdrawals).toEqual([
            expect.objectContaining({
                admissionId: bank2Admission.id,
                bank: 'Bank2MSP',
                platform: 'Platform2MSP',
                product,
                reasonCode: 'RISK_REVIEW',
                txId: withdrawn.txId,
            }),
        ]);
        expectProblem(await bank2.post(url, { reasonCode: 'RISK_REVIEW' }), 409, 'ADMISSION_WITHDRAWN');
        expectProblem(
            await bank2.post(`/v1/admissions/adm:${'0'.repeat(32)}/withdrawal`, { reasonCode: 'RISK_REVIEW' }),
            404,
            'ADMISSION_NOT_FOUND',
        );

        // The platform's next record, the bank's own decision and a new loan of the pair are all refused now.
        expectProblem(await write(platform2, loan, 'CONTRACT_SIGNING'), 403, 'PARTNER_NOT_ADMITTED');
        expectProblem(await write(bank2, loan, 'CREDIT_DECISION'), 403, 'PARTNER_NOT_ADMITTED');
        const fresh = loanRefOf(uniqueName('adm-after'));
        expectProblem(
            await write(platform2, fresh, 'IDENTITY_VERIFICATION', { bank: 'Bank2MSP', product }),
            403,
            'PARTNER_NOT_ADMITTED',
        );
        const chain = ok(await notary.get<ChainView>(`/v1/loans/${loan}/chain`));
        expect(chain.parties).toEqual({ platform: 'Platform2MSP', bank: 'Bank2MSP', product });
        expect(chain.admission).toBeNull();
        expect(chain.entries).toHaveLength(2);

        const partners2 = ok(await bank2.get<PartnerList>('/v1/partners'));
        expect(partners2.admissions.map((view) => view.admission.id)).not.toContain(bank2Admission.id);
        // The other bank's admission of its own platform is untouched.
        const loan1 = loanRefOf(uniqueName('adm-still'));
        await written(platform, loan1, 'IDENTITY_VERIFICATION', { bank: 'BankMSP', product });
    });

    it('shows a pair’s admission history to notaries, courts and arbitration and to the pair, to no one else', async () => {
        const path = `/v1/admissions?bank=Bank2MSP&platform=Platform2MSP`;
        for (const reader of [notary, court, arbitration, bank2, platform2]) {
            const history = ok(await reader.get<AdmissionHistory>(path));
            expect([history.bank, history.platform]).toEqual(['Bank2MSP', 'Platform2MSP']);
            const view = history.admissions.find((entry) => entry.admission.id === bank2Admission.id);
            expect(view).toMatchObject({
                admission: { id: bank2Admission.id, product, validUntil: bank2Admission.validUntil },
                withdrawal: { admissionId: bank2Admission.id, reasonCode: 'RISK_REVIEW' },
                inForce: false,
            });
        }
        const ofBank = ok(await court.get<AdmissionHistory>('/v1/admissions?bank=BankMSP&platform=PlatformMSP'));
        expect(ofBank.admissions.find((entry) => entry.admission.id === bankAdmission.id)).toMatchObject({
            inForce: true,
        });
        expect(ofBank.admissions.find((entry) => entry.admission.id === bankAdmission.id)?.withdrawal).toBeUndefined();

        for (const outsider of [investor, bank, platform]) {
            expectProblem(await outsider.get(path), 403, 'ACCESS_DENIED');
        }
        expectProblem(await notary.get('/v1/admissions?bank=Bank2MSP'), 400, 'VALIDATION_FAILED');
    });
});
