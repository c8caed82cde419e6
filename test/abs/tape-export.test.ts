import { type CutOffRecord, type PoolRecord } from '@lendledger/domain';
import { type TapePage, verifyTapeExport, verifyTapePage } from '@lendledger/verifier';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import { AbsDealBook, type TestLoan } from '../support/abs-data.ts';
import { onceDiscovered } from '../support/discovery.ts';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { saltedFingerprint } from '../support/ledger-data.ts';
import { withPoolEvidence } from '../support/pool-loans.ts';
import { eventually, testNetwork, uniqueCode } from '../support/test-network.ts';

/*
 * The paged, verifiable tape export on the real network. BankMSP loads a tape of 1,100 loans in three
 * AddCutOffLoans batches (500, 500, 100: nine index blocks, the last one partial) through its gateway and cuts it
 * off, each loan with the evidence chain a pool loan needs (contract signing, disbursement). InvestorMSP, the holder, reads the tape root from GetPool at its own gateway, exports every page through
 * that gateway following `nextIndex`, and verifies each page and the whole export offline with the verifier
 * package: the loans in tape order, each with the amounts the issuer loaded. Investor2MSP, no holder, is refused.
 */

const LOAN_COUNT = 1_100;
const BATCHES = [500, 500, 100];

function tapeLoan(i: number): TestLoan {
    return {
        label: `T${i}`,
        original: 100_000 + i,
        current: 90_000 + i,
        rateBps: 900 + (i % 700),
        originalTerm: 12,
        remainingTerm: 1 + (i % 12),
    };
}

interface PoolView {
    readonly pool: PoolRecord;
    readonly cutOff: CutOffRecord | null;
}

interface Problem {
    readonly status: number;
    readonly code: string;
    readonly details?: Record<string, unknown>;
}

describe('an investor exports the cut-off tape page by page and verifies it offline', () => {
    const network = testNetwork();
    const book = new AbsDealBook(uniqueCode('ABS-TAPE'));
    const tapePath = `/v1/abs/deals/${book.dealId}/pool/tape`;
    const loans = Array.from({ length: LOAN_COUNT }, (_, i) => tapeLoan(i));
    let bank: GatewayClient;
    let investor: GatewayClient;
    let investor2: GatewayClient;
    let cutOff: CutOffRecord;

    /** Every page of the export at `pageSize`, following each page's `nextIndex`. */
    async function exportAll(client: GatewayClient, pageSize: number): Promise<TapePage[]> {
        const pages: TapePage[] = [];
        let fromIndex: number | null = 0;
        while (fromIndex !== null) {
            const page: TapePage = ok(
                await client.get<TapePage>(`${tapePath}?pageSize=${pageSize}&fromIndex=${fromIndex}`),
            );
            pages.push(page);
            fromIndex = page.nextIndex;
        }
        return pages;
    }

    beforeAll(async () => {
        bank = await gatewayAs(network, 'bank');
        investor = await gatewayAs(network, 'investor');
        investor2 = await gatewayAs(network, 'investor2');
        ok(await bank.post('/v1/abs/deals', dealRequest({ dealId: book.dealId, investors: ['InvestorMSP'] })));
        await withPoolEvidence(
            network,
            loans.map((loan) => book.loanRef(loan.label)),
        );
        let at = 0;
        for (const [batch, size] of BATCHES.entries()) {
            const parts = loans.slice(at, at + size).map((loan) => book.loanParts(loan));
            // Named endorsers (issuer and holder): retried only while discovery does not yet know the holder's
            // peer, which a suite that restarted it can leave so for a few seconds.
            await onceDiscovered(async () =>
                ok(
                    await bank.post(`/v1/abs/deals/${book.dealId}/pool/tape-batches`, {
                        batchId: `tape-${batch}`,
                        loans: parts.map((p) => p.row),
                        amounts: parts.map((p) => p.amounts),
                    }),
                ),
            );
            at += size;
        }
        // The cut-off is endorsed by the holder's peer too: it must have committed the last batch first, or it
        // counts 1,000 loans where the bank's peer counts 1,100. A read at the holder's gateway carries the last
        // write's block as Ledger-Min-Block and returns once that peer has it.
        ok(await investor.get(`/v1/abs/deals/${book.dealId}`));
        await onceDiscovered(async () =>
            ok(
                await bank.post(`/v1/abs/deals/${book.dealId}/pool/cut-off`, {
                    expectedLoanCount: LOAN_COUNT,
                    expectedTapeRoot: book.tapeRoot(loans.map((loan) => loan.label)),
                    tapeFingerprint: saltedFingerprint(`loan tape of ${book.dealId}`),
                }),
            ),
        );
        // The holder trusts the root its own peer answers once the cut-off has committed there.
        cutOff = await eventually(async () => {
            const view = ok(await investor.get<PoolView>(`/v1/abs/deals/${book.dealId}/pool`));
            return view.cutOff ?? undefined;
        }, 'the cut-off at the investor’s peer');
    });

    it('answers every page in tape order with the issuer’s amounts, each page and the whole export verified against the root', async () => {
        expect(cutOff.tapeRoot).toBe(book.tapeRoot(loans.map((loan) => loan.label)));
        const anchor = { dealId: book.dealId, tapeRoot: cutOff.tapeRoot, tapeSize: cutOff.tapeSize };
        for (const pageSize of [256, 1024]) {
            const pages = await exportAll(investor, pageSize);
            expect(pages).toHaveLength(Math.ceil(LOAN_COUNT / pageSize));
            for (const page of pages) {
                expect(verifyTapePage(page, { ...anchor, expectAmounts: true })).toEqual({
                    ok: true,
                    failures: [],
                    amountsProved: false,
                });
            }
            // The cut-off record's original principal, read with the root, is the one trusted total of amounts.
            expect(verifyTapeExport(pages, { ...anchor, originalPrincipal: cutOff.originalPrincipal })).toEqual({
                ok: true,
                failures: [],
                amountsProved: false,
                originalPrincipalChecked: true,
            });
            const entries = pages.flatMap((page) => page.entries);
            expect(entries.map((entry) => entry.loan.loanId)).toEqual(loans.map((loan) => book.loanId(loan.label)));
            expect(entries.map((entry) => entry.amounts?.currentPrincipal)).toEqual(loans.map((loan) => loan.current));
        }
    });

    it('refuses a tampered page offline: a loan dropped, or an amount inconsistent with its digest', async () => {
        const anchor = { dealId: book.dealId, tapeRoot: cutOff.tapeRoot, tapeSize: cutOff.tapeSize };
        const page = ok(await investor.get<TapePage>(`${tapePath}?pageSize=128&fromIndex=512`));
        expect(verifyTapePage(page, anchor).ok).toBe(true);
        expect(verifyTapePage({ ...page, entries: page.entries.slice(1) }, anchor).ok).toBe(false);
        const raised = page.entries.map((entry, i) =>
            i === 3
                ? { ...entry, amounts: { ...entry.amounts!, currentPrincipal: entry.amounts!.currentPrincipal + 1 } }
                : entry,
        );
        expect(verifyTapePage({ ...page, entries: raised }, anchor).failures).toMatchObject([
            { code: 'TAPE_PAGE_AMOUNTS', entry: 3 },
        ]);
    });

    it('answers the public page without amounts when asked, still provable', async () => {
        const page = ok(await investor.get<TapePage>(`${tapePath}?pageSize=512&fromIndex=1024&withAmounts=false`));
        expect(page.entries).toHaveLength(LOAN_COUNT - 1024);
        expect(page.entries.every((entry) => entry.amounts === undefined)).toBe(true);
        const anchor = {
            dealId: book.dealId,
            tapeRoot: cutOff.tapeRoot,
            tapeSize: cutOff.tapeSize,
            expectAmounts: false,
        };
        expect(verifyTapePage(page, anchor).ok).toBe(true);
    });

    it('refuses the tape to an investor that does not hold the deal, with or without amounts', async () => {
        for (const query of ['', '?withAmounts=false']) {
            const response = await investor2.get<Problem>(`${tapePath}${query}`);
            expect(response.status).toBe(403);
            expect(response.headers.get('content-type')).toContain('application/problem+json');
            expect(response.body).toMatchObject({ code: 'ABS_NOT_DEAL_PARTY' });
            expect(JSON.stringify(response.body)).not.toMatch(/currentPrincipal|originalPrincipal/);
        }
    });

    it('answers a cursor that starts no page, or a page size it does not offer, with a 400 problem', async () => {
        const misaligned = await investor.get<Problem>(`${tapePath}?pageSize=256&fromIndex=100`);
        expect(misaligned.status).toBe(400);
        expect(misaligned.body).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'fromIndex' } });
        const beyond = await investor.get<Problem>(`${tapePath}?pageSize=128&fromIndex=${128 * 9}`);
        expect(beyond.body).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
        const size = await investor.get<Problem>(`${tapePath}?pageSize=1000`);
        expect(size.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    });
});
