import {
    type ChainView,
    type CutOffRecord,
    type DealRecord,
    type EvidenceWriteResult,
    type LoanAmountsRecord,
    type LoanRecord,
    type PeriodRecord,
} from '@lendledger/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import { AbsDealBook, cashCollectedBy, reportCashAtGateway, rollForward, type TestLoan } from '../support/abs-data.ts';
import { admitPartner, TEST_PRODUCT } from '../support/admissions.ts';
import { gatewayAs, ok, type GatewayClient, type GatewayResponse } from '../support/gateway-client.ts';
import { saltedFingerprint } from '../support/ledger-data.ts';
import { withPoolEvidence } from '../support/pool-loans.ts';
import { eventually, testNetwork, uniqueCode } from '../support/test-network.ts';

/*
 * Investors see their own deals only, on the real network and through each organisation's own gateway. The test
 * instance has two investors (InvestorMSP, Investor2MSP) and two banks (BankMSP, Bank2MSP). BankMSP issues two deals:
 * OWN, held by InvestorMSP (loans A and B), and OTHER, held by Investor2MSP (loan C, one closed period). Every loan
 * has the evidence chain a pool loan needs (test/support/loan-chains.ts: the Platform's consent, credit authorization
 * and contract signing, BankMSP's credit inquiry, credit decision and disbursement). InvestorMSP reads all of OWN,
 * including the pool loans' evidence chains, and, of OTHER, nothing: the deal, its period report, its pool loan, the
 * loan's private amounts and the loan's evidence chain are each refused with a 403 problem and a stable code.
 * Bank2MSP, a bank but not the issuer, is refused too. Issue 16, item 2: a loan enters a pool only with current
 * contract-signing and disbursement evidence, so a loan without (no chain, or a chain that stops before the
 * disbursement) is refused at the tape, at a revolving purchase and at a substitution with a 422
 * ABS_LOAN_EVIDENCE_MISSING naming the stages; a loan whose chain names Bank2MSP as its bank is refused too.
 */

/** What a write answers over REST: the chaincode's result with the transaction that committed it. */
interface Committed<T> {
    readonly txId: string;
    readonly blockNumber: number;
    readonly result: T;
}

/** The RFC 9457 problem document of a refusal, with the chaincode's details when the chaincode refused. */
interface Problem {
    readonly status: number;
    readonly code: string;
    readonly details?: Record<string, unknown>;
}

/** `GET …/periods/:periodNo`. */
interface PeriodView {
    readonly period: PeriodRecord;
    readonly reportDigest: string;
}

/** `GET …/pool/loans/:loanId/amounts`. */
interface LoanAmountsView {
    readonly amounts: LoanAmountsRecord;
}

const LOANS: Readonly<Record<'A' | 'B' | 'C' | 'D', TestLoan>> = {
    A: { label: 'A', original: 120_000, current: 120_000, rateBps: 1200, originalTerm: 12, remainingTerm: 12 },
    B: { label: 'B', original: 80_000, current: 80_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
    C: { label: 'C', original: 100_000, current: 100_000, rateBps: 1500, originalTerm: 12, remainingTerm: 12 },
    D: { label: 'D', original: 50_000, current: 50_000, rateBps: 1500, originalTerm: 12, remainingTerm: 12 },
};

/** Loans without the evidence a pool loan needs: E's chain stops at the contract, G and H have none. */
const UNEVIDENCED: Readonly<Record<'E' | 'G' | 'H', TestLoan>> = {
    E: { label: 'E', original: 60_000, current: 60_000, rateBps: 1300, originalTerm: 12, remainingTerm: 12 },
    G: { label: 'G', original: 70_000, current: 70_000, rateBps: 1100, originalTerm: 12, remainingTerm: 12 },
    H: { label: 'H', original: 90_000, current: 90_000, rateBps: 1400, originalTerm: 12, remainingTerm: 12 },
};

/** Expects a 403 problem+json with `code` and returns it; the refusal never carries the deal's figures. */
function refused(response: GatewayResponse<unknown>, code: string, status = 403): Problem {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.body as Problem;
    expect(problem).toMatchObject({ status, code });
    expect(JSON.stringify(problem)).not.toMatch(/currentPrincipal|originalPrincipal|rollForward/);
    return problem;
}

describe('investors see their own deals only, through the members’ own gateways', () => {
    const network = testNetwork();
    const own = new AbsDealBook(uniqueCode('ABS-OWN'));
    const other = new AbsDealBook(uniqueCode('ABS-OTHER'));
    const ownPath = `/v1/abs/deals/${own.dealId}`;
    const otherPath = `/v1/abs/deals/${other.dealId}`;
    let platform: GatewayClient;
    let bank: GatewayClient;
    let bank2: GatewayClient;
    let investor: GatewayClient;
    let investor2: GatewayClient;

    beforeAll(async () => {
        platform = await gatewayAs(network, 'platform');
        bank = await gatewayAs(network, 'bank');
        bank2 = await gatewayAs(network, 'bank2');
        investor = await gatewayAs(network, 'investor');
        investor2 = await gatewayAs(network, 'investor2');
        // Loan D is funded by the second bank: it admits the Platform so that the loan's chain can start.
        await admitPartner(network, 'bank2', 'PlatformMSP');
    });

    /** A read at `client`'s gateway, polled until its peer has committed what `ready` waits for. */
    const readWhen = <T>(client: GatewayClient, path: string, ready: (value: T) => boolean): Promise<T> =>
        eventually(async () => {
            const value = ok(await client.get<T>(path));
            return ready(value) ? value : undefined;
        }, `GET ${path} at ${client.baseUrl}`);

    /** The Platform starts the loan's evidence chain, naming its funding bank; answers the record's fingerprint. */
    async function startChain(loanRef: string, fundingBank: string): Promise<string> {
        const fingerprint = saltedFingerprint(`identity check of ${loanRef}`);
        const written = ok(
            await platform.post<Committed<EvidenceWriteResult>>('/v1/evidence', {
                fingerprint,
                salted: true,
                evidenceType: 'ID_CHECK_REPORT',
                stage: 'IDENTITY_VERIFICATION',
                loanRef,
                previous: null,
                parties: { bank: fundingBank, product: TEST_PRODUCT },
            }),
        );
        expect(written.result.created).toBe(true);
        return fingerprint;
    }

    /** The issuer loads the loans of `book` as one tape batch and cuts the pool off at the root it computed. */
    async function loadAndCutOff(book: AbsDealBook, loans: readonly TestLoan[]): Promise<CutOffRecord> {
        const parts = loans.map((loan) => book.loanParts(loan));
        ok(
            await bank.post(`/v1/abs/deals/${book.dealId}/pool/tape-batches`, {
                batchId: 'tape-1',
                loans: parts.map((p) => p.row),
                amounts: parts.map((p) => p.amounts),
            }),
        );
        const labels = loans.map((loan) => loan.label);
        return ok(
            await bank.post<Committed<CutOffRecord>>(`/v1/abs/deals/${book.dealId}/pool/cut-off`, {
                expectedLoanCount: labels.length,
                expectedTapeRoot: book.tapeRoot(labels),
                tapeFingerprint: saltedFingerprint(`loan tape of ${book.dealId}`),
            }),
        ).result;
    }

    it('structures both deals; the issuer changes OTHER’s holders while its pool is empty, and a holder that leaves loses the read at once', async () => {
        await withPoolEvidence(network, [own.loanRef('A'), own.loanRef('B'), other.loanRef('C')]);
        ok(await bank.post(`/v1/abs/deals`, dealRequest({ dealId: own.dealId, investors: ['InvestorMSP'] })));
        const created = ok(
            await bank.post<Committed<DealRecord>>(
                `/v1/abs/deals`,
                dealRequest({ dealId: other.dealId, investors: ['Investor2MSP'] }),
            ),
        );
        expect(created.result).toMatchObject({ issuerMspId: 'BankMSP', investors: ['Investor2MSP'] });
        refused(await investor.get(otherPath), 'ABS_NOT_DEAL_PARTY');

        // Only the issuer keeps the list: a holder is not the issuer, and an investor holds no bank role.
        const byHolder = await investor2.request('PUT', `${otherPath}/investors`, { investors: ['Investor2MSP'] });
        expect(refused(byHolder, 'ACCESS_DENIED').details).toMatchObject({ mspId: 'Investor2MSP' });
        // Bank2MSP (the deal's account bank, which reports cash but reads nothing of the deal) is refused by the deal
        // read its gateway makes to find who endorses a change of holders, before the issuer rule is reached.
        const byBank2 = await bank2.request('PUT', `${otherPath}/investors`, { investors: ['Investor2MSP'] });
        expect(refused(byBank2, 'ABS_NOT_DEAL_PARTY').details).toMatchObject({
            dealId: other.dealId,
            mspId: 'Bank2MSP',
        });

        const both = ok(
            await bank.request<Committed<DealRecord>>('PUT', `${otherPath}/investors`, {
                investors: ['InvestorMSP', 'Investor2MSP'],
            }),
        );
        expect(both.result.investors).toEqual(['Investor2MSP', 'InvestorMSP']);
        expect(ok(await investor.get<DealRecord>(otherPath)).investors).toEqual(['Investor2MSP', 'InvestorMSP']);

        const back = ok(
            await bank.request<Committed<DealRecord>>('PUT', `${otherPath}/investors`, {
                investors: ['Investor2MSP'],
                reasonCode: 'TRANSFER',
            }),
        );
        expect(back.result.investorHistory.map((entry) => entry.investors)).toEqual([
            ['Investor2MSP'],
            ['Investor2MSP', 'InvestorMSP'],
            ['Investor2MSP'],
        ]);
        expect(refused(await investor.get(otherPath), 'ABS_NOT_DEAL_PARTY').details).toMatchObject({
            dealId: other.dealId,
            mspId: 'InvestorMSP',
        });
    });

    it('refuses to BankMSP’s pool a loan whose evidence chain names another bank, and writes nothing', async () => {
        const foreignLoan = own.loanRef('D');
        await startChain(foreignLoan, 'Bank2MSP');
        const parts = [own.loanParts(LOANS.D)];
        const answer = await bank.post(`${ownPath}/pool/tape-batches`, {
            batchId: 'tape-foreign',
            loans: parts.map((p) => p.row),
            amounts: parts.map((p) => p.amounts),
        });
        expect(refused(answer, 'ABS_LOAN_OF_ANOTHER_BANK').details).toMatchObject({
            bank: 'Bank2MSP',
            issuerMspId: 'BankMSP',
            loanRef: foreignLoan,
        });
        const { items } = ok(await bank.get<{ items: LoanRecord[] }>(`${ownPath}/pool/loans`));
        expect(items).toEqual([]);
    });

    it('refuses to a tape a loan without current contract-signing and disbursement evidence, naming what is missing', async () => {
        // E's chain has the identity check and the signed contract, but the bank never disbursed it.
        const identity = await startChain(own.loanRef('E'), 'BankMSP');
        ok(
            await platform.post('/v1/evidence', {
                fingerprint: saltedFingerprint(`contract of ${own.loanRef('E')}`),
                salted: true,
                evidenceType: 'DOC',
                stage: 'CONTRACT_SIGNING',
                loanRef: own.loanRef('E'),
                previous: identity,
            }),
        );
        const tapeOf = (batchId: string, loans: readonly TestLoan[]) => {
            const parts = loans.map((loan) => own.loanParts(loan));
            return bank.post(`${ownPath}/pool/tape-batches`, {
                batchId,
                loans: parts.map((p) => p.row),
                amounts: parts.map((p) => p.amounts),
            });
        };
        // A, evidenced, does not carry E, named by its index in the batch.
        const undisbursed = await tapeOf('tape-undisbursed', [LOANS.A, UNEVIDENCED.E]);
        expect(refused(undisbursed, 'ABS_LOAN_EVIDENCE_MISSING', 422).details).toMatchObject({
            index: 1,
            loanRef: own.loanRef('E'),
            missing: ['DISBURSEMENT'],
        });
        const chainless = await tapeOf('tape-chainless', [UNEVIDENCED.G]);
        expect(refused(chainless, 'ABS_LOAN_EVIDENCE_MISSING', 422).details).toMatchObject({
            index: 0,
            loanRef: own.loanRef('G'),
            missing: ['CONTRACT_SIGNING', 'DISBURSEMENT'],
        });
        const { items } = ok(await bank.get<{ items: LoanRecord[] }>(`${ownPath}/pool/loans`));
        expect(items).toEqual([]);
    });

    it('loads both pools and closes OTHER’s first period; a holder that joins after the pool holds loans is refused', async () => {
        await loadAndCutOff(own, [LOANS.A, LOANS.B]);
        const cutOff = await loadAndCutOff(other, [LOANS.C]);
        expect(cutOff).toMatchObject({ loanCount: 1, initialBalance: 100_000 });

        const late = await bank.request<Problem>('PUT', `${otherPath}/investors`, {
            investors: ['InvestorMSP', 'Investor2MSP'],
        });
        expect(late.status).toBe(409);
        expect(late.body).toMatchObject({ code: 'ABS_INVESTOR_ADDED_LATE' });

        for (const to of ['ISSUED', 'REVOLVING']) {
            ok(await bank.post(`${otherPath}/transitions`, { to }));
        }
        ok(await bank.post(`${otherPath}/periods`, { periodNo: 1, startDate: '2026-02-01', endDate: '2026-02-28' }));

        // A revolving purchase and a substitution of H, a loan without any evidence chain, are refused alike.
        const h = other.purchaseParts(UNEVIDENCED.H);
        for (const [acquisition, row] of [
            ['REVOLVING_PURCHASE', h.row],
            ['SUBSTITUTION', { ...h.row, replacesLoanId: other.loanId('C') }],
        ] as const) {
            const answer = await bank.post(`${otherPath}/pool/purchases`, {
                periodNo: 1,
                batchId: `buy-${acquisition.toLowerCase().replace('_', '-')}`,
                acquisition,
                loans: [row],
                amounts: [h.amounts],
            });
            expect(refused(answer, 'ABS_LOAN_EVIDENCE_MISSING', 422).details, acquisition).toMatchObject({
                index: 0,
                loanRef: other.loanRef('H'),
                missing: ['CONTRACT_SIGNING', 'DISBURSEMENT'],
            });
        }
        const pool = ok(await bank.get<{ items: LoanRecord[] }>(`${otherPath}/pool/loans`));
        expect(pool.items.map((loan) => loan.loanId)).toEqual([other.loanId('C')]);
        const rowC = { label: 'C', status: 'CURRENT', remainingTerm: 11, scheduled: 8_000, closing: 92_000 } as const;
        const row = other.rowParts(rowC, 1);
        ok(
            await bank.post(`${otherPath}/periods/1/row-batches`, {
                batchId: 'p1',
                rows: [row.row],
                amounts: [row.amounts],
            }),
        );
        ok(await reportCashAtGateway(bank2, otherPath, 1, cashCollectedBy([rowC])));
        ok(
            await bank.post(`${otherPath}/periods/1/close`, {
                reportFingerprint: saltedFingerprint(`servicer report 1 of ${other.dealId}`),
                servicerReport: rollForward({
                    openingBalance: 100_000,
                    scheduledPrincipal: 8_000,
                    closingBalance: 92_000,
                }),
            }),
        );
    });

    it('lets each investor read its own deal: deal, pool loan, private amounts, period report and the loans’ evidence', async () => {
        const mine = await readWhen<{ items: DealRecord[] }>(investor, '/v1/abs/deals', (page) =>
            page.items.some((deal) => deal.dealId === own.dealId),
        );
        expect(mine.items.map((deal) => deal.dealId)).not.toContain(other.dealId);
        expect(ok(await investor.get<DealRecord>(ownPath)).status).toBe('CUT_OFF');
        const loanA = `${ownPath}/pool/loans/${own.loanId('A')}`;
        expect(ok(await investor.get<{ loan: LoanRecord }>(loanA)).loan.loanRef).toBe(own.loanRef('A'));
        expect(ok(await investor.get<LoanAmountsView>(`${loanA}/amounts`)).amounts).toMatchObject({
            originalPrincipal: 120_000,
        });
        // The holder opens a pool loan's evidence chain: the records that let the loan into the pool.
        const chainA = ok(await investor.get<ChainView>(`/v1/loans/${encodeURIComponent(own.loanRef('A'))}/chain`));
        expect(chainA.parties).toMatchObject({ platform: 'PlatformMSP', bank: 'BankMSP' });
        expect(chainA.intact).toBe(true);
        expect(chainA.entries.map((entry) => [entry.record.stage, entry.status])).toEqual([
            ['CREDIT_AUTHORIZATION', 'CURRENT'],
            ['CONTRACT_SIGNING', 'CURRENT'],
            ['CREDIT_DECISION', 'CURRENT'],
            ['DISBURSEMENT', 'CURRENT'],
        ]);

        const view = await readWhen<PeriodView>(
            investor2,
            `${otherPath}/periods/1`,
            (v) => v.period.status === 'CLOSED',
        );
        expect(view.period.report!.rollForward.closingBalance).toBe(92_000);
        const loanC = `${otherPath}/pool/loans/${other.loanId('C')}`;
        expect(ok(await investor2.get<LoanAmountsView>(`${loanC}/amounts`)).amounts).toMatchObject({
            originalPrincipal: 100_000,
            currentPrincipal: 92_000,
        });
        const chainC = ok(await investor2.get<ChainView>(`/v1/loans/${encodeURIComponent(other.loanRef('C'))}/chain`));
        expect(chainC.entries.map((entry) => entry.record.stage)).toContain('DISBURSEMENT');
    });

    it('refuses InvestorMSP everything of OTHER, a deal it does not hold, with 403 problems', async () => {
        const party = { dealId: other.dealId, mspId: 'InvestorMSP' };
        const loanC = `${otherPath}/pool/loans/${other.loanId('C')}`;
        expect(refused(await investor.get(otherPath), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);
        expect(refused(await investor.get(`${otherPath}/pool`), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);
        expect(refused(await investor.get(`${otherPath}/periods/1`), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(
            party,
        );
        expect(refused(await investor.get(`${otherPath}/metrics`), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);
        expect(refused(await investor.get(loanC), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);
        expect(refused(await investor.get(`${loanC}/amounts`), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);
        const ack = await investor.post(`${otherPath}/periods/1/acknowledgements`, {
            statementCode: 'RECOMPUTED_OK',
            reportDigest: `sha256:${'0'.repeat(64)}`,
        });
        expect(refused(ack, 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);

        // The evidence of a loan in OTHER's pool is not InvestorMSP's to read; Investor2MSP, in turn, may not read
        // the evidence of OWN's loans.
        const chainC = await investor.get(`/v1/loans/${encodeURIComponent(other.loanRef('C'))}/chain`);
        expect(refused(chainC, 'ACCESS_DENIED').details).toMatchObject({
            mspId: 'InvestorMSP',
            loanRef: other.loanRef('C'),
        });
        const headC = await investor.get(`/v1/loans/${encodeURIComponent(other.loanRef('C'))}`);
        refused(headC, 'ACCESS_DENIED');
        const chainA = await investor2.get(`/v1/loans/${encodeURIComponent(own.loanRef('A'))}/chain`);
        expect(refused(chainA, 'ACCESS_DENIED').details).toMatchObject({ mspId: 'Investor2MSP' });
    });

    it('refuses Bank2MSP, a bank that did not issue them, BankMSP’s deals, their loans and their evidence', async () => {
        const party = { dealId: own.dealId, mspId: 'Bank2MSP' };
        const loanA = `${ownPath}/pool/loans/${own.loanId('A')}`;
        expect(refused(await bank2.get(ownPath), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);
        expect(refused(await bank2.get(loanA), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);
        expect(refused(await bank2.get(`${loanA}/amounts`), 'ABS_NOT_DEAL_PARTY').details).toMatchObject(party);
        refused(await bank2.get(`${otherPath}/periods/1`), 'ABS_NOT_DEAL_PARTY');
        const { items } = ok(await bank2.get<{ items: DealRecord[] }>('/v1/abs/deals'));
        expect(items.map((deal) => deal.dealId)).not.toContain(own.dealId);
        expect(items.map((deal) => deal.dealId)).not.toContain(other.dealId);
        const chain = await bank2.get(`/v1/loans/${encodeURIComponent(own.loanRef('A'))}/chain`);
        expect(refused(chain, 'ACCESS_DENIED').details).toMatchObject({ mspId: 'Bank2MSP' });
    });
});
